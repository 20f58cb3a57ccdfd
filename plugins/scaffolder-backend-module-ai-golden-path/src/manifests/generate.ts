/*
 * Copyright 2026 The AI Golden Path Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { InputError } from '@backstage/errors';
import path from 'node:path';
import YAML from 'yaml';
import { RenderedFile, renderTree } from '../render/renderTree';
import {
  readSkeletonManifest,
  validateSkeletonValues,
} from '../render/skeletonManifest';
import {
  compilePipeline,
  exitStepProblem,
  PipelineDescription,
  pipelineResources,
  pipelineSource,
  scheduledWorkflow,
} from './kfp';
import { formatProblem, ManifestProblem, ManifestSchemas } from './validate';

/** Files below this directory of a manifest set are read by the action, never written. */
export const ACTION_DIR = '.golden-path';
const PIPELINES_FILE = `${ACTION_DIR}/pipelines.yaml`;

/** A Service's cluster DNS name, with an optional port. */
const SERVICE_HOST = /\.svc(\.cluster\.local)?(:[0-9]+)?$/;

/** Values the manifest templates can use besides those the template passes. */
export function computedValues(values: Record<string, unknown>) {
  const name = String(values.name);
  const registry = String(values.imageRegistry).replace(/\/+$/, '');
  const training = `${registry}/${name}-training`;
  const serving = `${registry}/${name}-serving`;
  const cron = String(values.trainingSchedule ?? '').trim();
  const storage = values.pipelineStorage as
    { host?: string; bucket?: string } | undefined;
  return {
    images: {
      training,
      serving,
      trainingLatest: `${training}:latest`,
      servingLatest: `${serving}:latest`,
    },
    // KFP's scheduler (robfig/cron) wants a seconds field in front.
    kfpCron: cron ? `0 ${cron}` : '',
    releaseTag: `v${values.modelVersion}`,
    // Where training uploads model versions (common/storage.py of the project): the pipeline
    // server's object storage, under models/. Empty for manifest sets without pipelineStorage.
    modelStorage: {
      endpoint: storage?.host ? `https://${storage.host}` : '',
      baseUri: storage?.bucket ? `s3://${storage.bucket}/models` : '',
      // An in-cluster endpoint (ODF's s3.openshift-storage.svc) presents a certificate of the
      // OpenShift service CA, which pods do not trust by default: mount that CA for it. Not for
      // other hosts: AWS_CA_BUNDLE replaces the trust store, and a public endpoint needs it.
      serviceCa: SERVICE_HOST.test(storage?.host ?? ''),
    },
  };
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const PLAIN_STEM = /^[a-z][a-z0-9_-]*$/;

/** A string matching `pattern`; not `String(value)`, as "undefined" is a fine DNS name. */
function matches(pattern: RegExp, value: unknown): value is string {
  return typeof value === 'string' && pattern.test(value);
}

/** `files` entries of a kustomization's configMapGenerator/secretGenerator (`key=path` or `path`). */
function generatorSources(kustomization: any): string[] {
  return [
    ...((kustomization?.configMapGenerator ?? []) as any[]),
    ...((kustomization?.secretGenerator ?? []) as any[]),
  ].flatMap(generator =>
    ((generator?.files ?? []) as unknown[])
      .filter((entry): entry is string => typeof entry === 'string')
      .map(entry => entry.slice(entry.indexOf('=') + 1)),
  );
}

/**
 * Files that kustomizations pack into ConfigMaps or Secrets. They are data (a policy, a list),
 * unless they are Kubernetes objects themselves (manifests a pipeline applies later), which are
 * checked like any other.
 */
export function generatorDataFiles(files: RenderedFile[]): Set<string> {
  const data = new Set<string>();
  for (const file of files) {
    if (path.posix.basename(file.path) !== 'kustomization.yaml') continue;
    const kustomization = YAML.parse(file.content.toString('utf8'));
    for (const source of generatorSources(kustomization)) {
      data.add(
        path.posix.normalize(
          path.posix.join(path.posix.dirname(file.path), source),
        ),
      );
    }
  }
  return data;
}

/** Whether a parsed YAML document is a Kubernetes object (has apiVersion and kind). */
const isObject = (value: any) =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  typeof value.apiVersion === 'string' &&
  typeof value.kind === 'string';

/**
 * Checks that hold for every manifest set, with or without the upstream schemas: every
 * Kubernetes document has apiVersion, kind and a valid metadata.name, and everything a
 * kustomization refers to is in the set.
 */
export function checkStructure(files: RenderedFile[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const paths = new Set(files.map(file => file.path));
  const isDir = (dir: string) => [...paths].some(p => p.startsWith(`${dir}/`));
  const data = generatorDataFiles(files);
  for (const file of files) {
    if (!/\.ya?ml$/.test(file.path) || file.path.startsWith('pipelines/'))
      continue;
    const documents = YAML.parseAllDocuments(file.content.toString('utf8'));
    if (data.has(file.path) && !documents.some(d => isObject(d.toJS())))
      continue;
    documents.forEach((document, index) => {
      const object = document.toJS() as Record<string, any> | null;
      if (object === null || object === undefined) return;
      const report = (field: string, message: string) =>
        problems.push({ file: file.path, document: index, field, message });
      if (typeof object !== 'object' || Array.isArray(object)) {
        report('', 'must be a mapping');
        return;
      }
      if (typeof object.apiVersion !== 'string')
        report('apiVersion', 'is required');
      if (typeof object.kind !== 'string') report('kind', 'is required');
      if (object.kind === 'Kustomization') {
        const dir = path.posix.dirname(file.path);
        const refs: [string, string][] = [
          ...((object.resources ?? []) as string[]).map(
            (r, i) => [`resources[${i}]`, r] as [string, string],
          ),
          ...((object.patches ?? []) as { path?: string }[])
            .map(
              (p, i) =>
                [`patches[${i}].path`, p.path] as [string, string | undefined],
            )
            .filter(
              (entry): entry is [string, string] =>
                typeof entry[1] === 'string',
            ),
          ...generatorSources(object).map(
            (source, i) =>
              [`generator files[${i}]`, source] as [string, string],
          ),
        ];
        for (const [field, ref] of refs) {
          const target = path.posix.normalize(path.posix.join(dir, ref));
          const found =
            paths.has(target) || paths.has(`${target}/kustomization.yaml`);
          if (!found) {
            report(
              field,
              `refers to "${ref}", which is not in the manifest set${isDir(target) ? ' (a directory without kustomization.yaml)' : ''}`,
            );
          }
        }
        return;
      }
      const name = object.metadata?.name ?? object.metadata?.generateName;
      if (
        typeof name !== 'string' ||
        !DNS_SUBDOMAIN.test(name.replace(/-$/, ''))
      ) {
        report(
          'metadata.name',
          `must be a DNS subdomain name, got ${JSON.stringify(name)}`,
        );
      }
    });
  }
  return problems;
}

/** Files that kustomizations use as patches. */
export function patchFiles(files: RenderedFile[]): Set<string> {
  const patches = new Set<string>();
  for (const file of files) {
    if (path.posix.basename(file.path) !== 'kustomization.yaml') continue;
    const kustomization = YAML.parse(file.content.toString('utf8'));
    for (const patch of kustomization?.patches ?? []) {
      if (typeof patch?.path === 'string') {
        patches.add(
          path.posix.normalize(
            path.posix.join(path.posix.dirname(file.path), patch.path),
          ),
        );
      }
    }
  }
  return patches;
}

/** Validates every manifest of the set against the upstream schemas. */
export function checkSchemas(
  files: RenderedFile[],
  schemas: ManifestSchemas,
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const patches = patchFiles(files);
  const data = generatorDataFiles(files);
  for (const file of files) {
    // Patches are partial objects; what they produce is checked by building the overlay.
    if (!/\.ya?ml$/.test(file.path) || patches.has(file.path)) continue;
    const documents = YAML.parseAllDocuments(file.content.toString('utf8')).map(
      d => d.toJS(),
    );
    if (data.has(file.path) && !documents.some(isObject)) continue;
    if (file.path.startsWith('pipelines/compiled/')) {
      problems.push(...schemas.validatePipelineSpec(file.path, documents));
      continue;
    }
    documents.forEach((object, index) => {
      if (!object || object.kind === 'Kustomization') return;
      problems.push(...schemas.validateObject(file.path, index, object));
      // Embedded resources are objects of their own: check them against their schemas too.
      if (object.kind === 'TriggerTemplate') {
        (object.spec?.resourcetemplates ?? []).forEach(
          (embedded: any, i: number) => {
            for (const problem of schemas.validateObject(file.path, index, {
              ...embedded,
              metadata: { name: 'embedded', ...embedded.metadata },
            })) {
              problems.push({
                ...problem,
                field: `spec.resourcetemplates[${i}].${problem.field}`,
              });
            }
          },
        );
      }
    });
  }
  return problems;
}

function pipelineFiles(description: PipelineDescription): RenderedFile[] {
  const compiled = compilePipeline(description);
  const text = (content: string) => Buffer.from(content, 'utf8');
  const documents = (objects: unknown[]) =>
    objects
      .map(object => YAML.stringify(object, { lineWidth: 0 }))
      .join('---\n');
  const files: RenderedFile[] = [
    {
      path: `pipelines/${description.file}.py`,
      content: text(pipelineSource(description)),
      executable: false,
    },
    {
      path: `pipelines/compiled/${description.file}.yaml`,
      content: text(compiled.yaml),
      executable: false,
    },
    {
      path: `deploy/pipelines/${description.file}-pipeline.yaml`,
      content: text(
        `# Generated from pipelines/compiled/${description.file}.yaml: compile the DSL again and\n` +
          `# copy pipelineSpec/platformSpec here when the pipeline changes.\n${documents(pipelineResources(description, compiled))}`,
      ),
      executable: false,
    },
  ];
  const schedule = scheduledWorkflow(description, compiled);
  if (schedule) {
    files.push({
      path: `deploy/pipelines/${description.file}-schedule.yaml`,
      content: text(
        `# Scheduled runs of ${description.name}.\n${documents([schedule])}`,
      ),
      executable: false,
    });
  }
  return files;
}

function readPipelines(files: RenderedFile[]): PipelineDescription[] {
  const file = files.find(f => f.path === PIPELINES_FILE);
  if (!file) return [];
  const parsed = YAML.parse(file.content.toString('utf8')) as {
    pipelines?: PipelineDescription[];
  };
  const pipelines = parsed?.pipelines ?? [];
  pipelines.forEach((pipeline, index) => {
    const where = `${PIPELINES_FILE} pipelines[${index}]`;
    if (!matches(PLAIN_STEM, pipeline.file)) {
      throw new InputError(`${where}.file must be a plain file stem`);
    }
    if (!matches(DNS_SUBDOMAIN, pipeline.name)) {
      throw new InputError(`${where}.name must be a DNS name`);
    }
    if (!Array.isArray(pipeline.steps) || pipeline.steps.length === 0) {
      throw new InputError(`${where}.steps must list at least one step`);
    }
    pipeline.steps.forEach((step, i) => {
      if (
        !matches(PLAIN_STEM, step.name) ||
        !step.image ||
        !Array.isArray(step.command)
      ) {
        throw new InputError(
          `${where}.steps[${i}] needs a plain name, an image and a command list`,
        );
      }
      const volume = step.configMapVolume;
      if (
        volume !== undefined &&
        (!matches(DNS_SUBDOMAIN, volume?.name) ||
          typeof volume.mountPath !== 'string' ||
          !volume.mountPath.startsWith('/'))
      ) {
        throw new InputError(
          `${where}.steps[${i}].configMapVolume needs a ConfigMap name and an absolute mountPath`,
        );
      }
      if (step.onExit !== undefined && typeof step.onExit !== 'boolean') {
        throw new InputError(
          `${where}.steps[${i}].onExit must be true or false`,
        );
      }
    });
    const exit = exitStepProblem(pipeline.steps);
    if (exit) {
      throw new InputError(
        `${where}.steps[${exit.index}].${exit.field}: ${exit.message}`,
      );
    }
  });
  return pipelines;
}

/**
 * Renders a manifest set (the Handlebars renderer of the skeleton, same rules), adds the
 * pipelines compiled from `.golden-path/pipelines.yaml`, and checks the result. Nothing is
 * written: a problem fails with the file, the document and the field named.
 */
export async function generateManifests(options: {
  sourceDir: string;
  values: Record<string, unknown>;
  schemas?: ManifestSchemas;
}): Promise<RenderedFile[]> {
  const { sourceDir, values } = options;
  const manifest = await readSkeletonManifest(sourceDir);
  validateSkeletonValues(manifest, values);
  const rendered = await renderTree({
    sourceDir,
    values: { ...values, ...computedValues(values) },
  });
  let pipelines: PipelineDescription[];
  try {
    pipelines = readPipelines(rendered);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${PIPELINES_FILE}: ${(error as Error).message}`);
  }
  const files = rendered.filter(
    file => !file.path.startsWith(`${ACTION_DIR}/`),
  );
  for (const pipeline of pipelines) {
    try {
      files.push(...pipelineFiles(pipeline));
    } catch (error) {
      throw new InputError(
        `${PIPELINES_FILE} pipeline "${pipeline.name}": ${(error as Error).message}`,
      );
    }
  }
  const problems = checkStructure(files);
  if (options.schemas) problems.push(...checkSchemas(files, options.schemas));
  if (problems.length > 0) {
    throw new InputError(
      `The generated manifests are not valid: ${problems.slice(0, 10).map(formatProblem).join('; ')}`,
    );
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
