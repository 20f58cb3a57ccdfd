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

import {
  DryRunBackend,
  failedStep,
  startDryRunBackend,
  writeDirectoryContents,
} from '@ai-golden-path/template-cli';
import {
  ManifestSchemas,
  checkSchemas,
  formatProblem,
} from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  decodeFiles,
  goldenPathTemplate,
  goldenPathValues,
  repoRoot,
} from '../goldenPath';

/**
 * The delivery manifests of the golden-path template, for every combination of the options
 * that change them, run through the real scaffolder and validated against the upstream schemas
 * in ../shared/specs (the action validates them too, before writing, with the same schemas).
 */
const specsDir = path.resolve(repoRoot, '../shared/specs');

const matrix = (['sklearn', 'pytorch'] as const).flatMap(framework =>
  (['embedded', 'external'] as const).flatMap(servingMode =>
    (['model-registry', 'mlflow', 'local'] as const).map(registry => ({
      framework,
      servingMode,
      registry,
      // Alternate the remaining options so each value is covered.
      externalProtocol: registry === 'mlflow' ? 'openai' : 'kserve-v2',
      tektonTriggers: registry !== 'local',
    })),
  ),
);

function values(overrides: Record<string, unknown> = {}) {
  return goldenPathValues({
    publishTarget: 'github',
    repoUrl: 'github.com?owner=my-org&repo=fraud-detector',
    imageRegistry: 'quay.io/my-org',
    ...overrides,
  });
}

/**
 * Runs the template, once more if the connection was reset: validation runs synchronously in
 * the same process, and a request can meet the server closing its idle keep-alive socket.
 */
async function dryRun(
  backend: DryRunBackend,
  formValues: Record<string, unknown>,
) {
  const run = () =>
    backend.dryRun({ templateFile: goldenPathTemplate, values: formValues });
  try {
    return await run();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET')
      throw error;
    return await run();
  }
}

const yamlDocuments = (text: string) =>
  YAML.parseAllDocuments(text)
    .map(document => document.toJS())
    .filter(Boolean);

describe('delivery manifests of the golden-path template', () => {
  let backend: DryRunBackend;
  let schemas: ManifestSchemas;

  beforeAll(async () => {
    schemas = ManifestSchemas.load(specsDir);
    backend = await startDryRunBackend({
      config: {
        aiGoldenPath: {
          manifests: { schemaDirectory: specsDir },
          // A dry run writes nothing there; the local publish step needs it configured.
          localPublish: { rootDirectory: os.tmpdir() },
          clusters: [
            {
              name: 'dev-cluster',
              url: 'https://127.0.0.1:9',
              token: 'not-used-in-dry-run',
            },
          ],
        },
      },
    });
  }, 300_000);

  afterAll(async () => {
    await backend?.stop();
  });

  describe.each(matrix)('$framework, $servingMode, $registry', options => {
    let files: Map<string, string>;
    let outputDir: string;

    beforeAll(async () => {
      const result = await dryRun(backend, values(options));
      const failed = failedStep(result);
      if (failed)
        throw new Error(`step ${failed.stepId} failed: ${failed.message}`);
      files = decodeFiles(result.directoryContents);
      outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-e2e-'));
      writeDirectoryContents(result, outputDir);
    }, 300_000);

    afterAll(() => {
      if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
    });

    it('validates every manifest against the upstream schemas', () => {
      const delivery = [...files]
        .filter(([file]) =>
          /^(\.tekton|deploy|gitops|pipelines)\/.*\.ya?ml$/.test(file),
        )
        .map(([file, text]) => ({
          path: file,
          content: Buffer.from(text),
          executable: false,
        }));
      expect(delivery.length).toBeGreaterThan(30);
      // Kustomize patches are partial objects; the overlay builds below check what they produce.
      expect(checkSchemas(delivery, schemas).map(formatProblem)).toEqual([]);
    });

    const buildOverlay = (env: 'dev' | 'prod') => {
      const built = execFileSync(
        'kubectl',
        ['kustomize', path.join(outputDir, 'deploy/overlays', env)],
        {
          encoding: 'utf8',
        },
      );
      const objects = yamlDocuments(built);
      const problems = objects.flatMap((object, index) =>
        schemas
          .validateObject(`kustomize ${env}`, index, object)
          .map(formatProblem),
      );
      const find = (kind: string) =>
        objects.find(object => object.kind === kind);
      const deployment = find('Deployment');
      return {
        objects,
        problems,
        find,
        deployment,
        container: deployment.spec.template.spec.containers[0],
      };
    };

    it.each(['dev', 'prod'] as const)(
      'builds the %s overlay into valid, namespaced objects',
      env => {
        const { objects, problems } = buildOverlay(env);
        expect(problems).toEqual([]);
        const namespace = env === 'dev' ? 'models-dev' : 'models-prod';
        const clusterScoped = new Set(['ClusterRoleBinding']);
        for (const object of objects) {
          expect(`${object.kind} ${object.metadata.namespace}`).toBe(
            `${object.kind} ${clusterScoped.has(object.kind) ? undefined : namespace}`,
          );
        }
      },
    );

    it.each(['dev', 'prod'] as const)(
      'serves on 8080 with probes, limits and a restricted security context in %s',
      env => {
        const { container, find } = buildOverlay(env);
        expect(container.livenessProbe.httpGet).toEqual({
          path: '/healthz',
          port: 'http',
        });
        expect(container.readinessProbe.httpGet).toEqual({
          path: '/readyz',
          port: 'http',
        });
        expect(container.ports[0].containerPort).toBe(8080);
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        // A fixed UID would not run under the restricted SCC.
        expect(container.securityContext.runAsUser).toBeUndefined();
        expect(Object.keys(container.resources).sort()).toEqual([
          'limits',
          'requests',
        ]);
        expect(find('Route').spec.tls.termination).toBe('edge');
        expect(find('ServiceMonitor').spec.endpoints[0].path).toBe('/metrics');
        const expressions = find('PrometheusRule')
          .spec.groups[0].rules.map((rule: { expr: string }) => rule.expr)
          .join('\n');
        expect(expressions).toContain('model_requests_total');
        expect(expressions).toContain('model_request_latency_seconds_bucket');
        expect(expressions).toContain('max(model_feature_drift_psi{');
      },
    );

    it('runs several replicas of the release image in prod', () => {
      const { deployment, container, find } = buildOverlay('prod');
      expect(deployment.spec.replicas).toBeGreaterThan(1);
      expect(container.image).toBe(
        'quay.io/my-org/fraud-detector-serving:v0.1.0',
      );
      expect(find('HorizontalPodAutoscaler').spec.minReplicas).toBeGreaterThan(
        1,
      );
      expect(find('PodDisruptionBudget').spec.minAvailable).toBeGreaterThan(1);
    });

    it('follows the newest image in dev and runs the pipelines there', () => {
      const { objects, deployment, container } = buildOverlay('dev');
      expect(container.image).toBe(
        'quay.io/my-org/fraud-detector-serving:latest',
      );
      expect(
        deployment.metadata.annotations['image.openshift.io/triggers'],
      ).toContain('fraud-detector-serving:latest');
      const kinds = objects.map(object => object.kind);
      expect(kinds.filter(kind => kind === 'ImageStream')).toHaveLength(2);
      expect(kinds).toEqual(
        expect.arrayContaining([
          'DataSciencePipelinesApplication',
          'Pipeline',
          'PipelineVersion',
          'ScheduledWorkflow',
        ]),
      );
      expect(kinds.includes('EventListener')).toBe(options.tektonTriggers);
    });

    const linkedCombination =
      options.servingMode === 'external' &&
      options.registry === 'model-registry';

    it('deploys a model server, stopped until a version is chosen, only in external mode', () => {
      for (const env of ['dev', 'prod'] as const) {
        const { find } = buildOverlay(env);
        const isvc = find('InferenceService');
        expect(Boolean(isvc) && Boolean(find('ServingRuntime'))).toBe(
          options.servingMode === 'external',
        );
        if (!isvc) continue;
        // Git names no version and no registry ID: the pipeline (dev) or a release (prod) does.
        expect(isvc.metadata.annotations['serving.kserve.io/stop']).toBe(
          'true',
        );
        expect(
          Object.keys(isvc.metadata.labels)
            .filter(label => label.startsWith('modelregistry.opendatahub.io/'))
            .sort(),
        ).toEqual(
          options.registry === 'model-registry'
            ? ['modelregistry.opendatahub.io/name']
            : [],
        );
        // Model versions live in the pipeline bucket as models/<name>/<version>/; KServe reads
        // it through the data connection named in git (no credentials in the repository).
        expect(isvc.spec.predictor.model.storageUri).toBe(
          's3://fraud-detector-pipelines/models/fraud-detector/',
        );
        expect(isvc.spec.predictor.model.storage).toEqual({
          key: 'fraud-detector-pipelines-s3',
        });
      }
    });

    it('writes no made-up registry ID anywhere', () => {
      for (const [file, text] of files) {
        if (!/^(\.tekton|deploy|gitops|pipelines)\//.test(file)) continue;
        expect(`${file}: ${/\bpending\b/i.test(text)}`).toBe(`${file}: false`);
      }
      for (const env of ['dev', 'prod'] as const) {
        for (const object of buildOverlay(env).objects) {
          const metadataValues = Object.values({
            ...object.metadata.labels,
            ...object.metadata.annotations,
          });
          expect(metadataValues).not.toContain('pending');
        }
      }
    });

    it('lets the training pipeline point the dev model server at the version it promoted, and Argo CD leave that alone', () => {
      const training = yamlDocuments(
        files.get('pipelines/compiled/training.yaml')!,
      )[0];
      const tasks = training.root.dag.tasks;
      expect(Object.keys(tasks).includes('link-deployment')).toBe(
        linkedCombination,
      );
      expect(files.has('training/link_deployment.py')).toBe(linkedCombination);
      const { objects, find } = buildOverlay('dev');
      const role = objects.find(
        o =>
          o.kind === 'Role' &&
          o.metadata.name === 'fraud-detector-link-deployment',
      );
      expect(Boolean(role)).toBe(linkedCombination);
      const dev = files.has('gitops/argocd/application-dev.yaml')
        ? YAML.parse(files.get('gitops/argocd/application-dev.yaml')!)
        : undefined;
      const ignoredIsvc = dev?.spec.ignoreDifferences.filter(
        (entry: { kind: string }) => entry.kind === 'InferenceService',
      );
      expect(ignoredIsvc ?? []).toHaveLength(linkedCombination ? 1 : 0);
      if (!linkedCombination) return;
      // The last step, after evaluate passed (a blocked candidate fails evaluate and stops the run).
      expect(tasks['link-deployment'].dependentTasks).toEqual(['evaluate']);
      const executor =
        training.deploymentSpec.executors[
          tasks['link-deployment'].componentRef.name.replace(/^comp-/, 'exec-')
        ];
      expect(executor.container.command).toEqual([
        'python',
        '-m',
        'training.link_deployment',
      ]);
      expect(executor.container.env).toContainEqual({
        name: 'INFERENCE_SERVICE',
        value: 'fraud-detector-model',
      });
      // get and patch on that one InferenceService, for the DSPA's pipeline runner only.
      expect(role.rules).toEqual([
        {
          apiGroups: ['serving.kserve.io'],
          resources: ['inferenceservices'],
          resourceNames: [find('InferenceService').metadata.name],
          verbs: ['get', 'patch'],
        },
      ]);
      const binding = objects.find(
        o =>
          o.kind === 'RoleBinding' &&
          o.roleRef.name === 'fraud-detector-link-deployment',
      );
      expect(binding.subjects).toEqual([
        {
          kind: 'ServiceAccount',
          name: 'pipeline-runner-dspa',
          namespace: 'models-dev',
        },
      ]);
      // Argo CD ignores exactly what the step patches (linkDeployment.test.ts runs the step and
      // compares its patch with this list) and keeps it on sync.
      expect(ignoredIsvc).toEqual([
        {
          group: 'serving.kserve.io',
          kind: 'InferenceService',
          name: 'fraud-detector-model',
          jsonPointers: [
            '/spec/predictor/model/storageUri',
            '/metadata/labels/modelregistry.opendatahub.io~1registered-model-id',
            '/metadata/labels/modelregistry.opendatahub.io~1model-version-id',
            '/metadata/annotations/modelregistry.opendatahub.io~1model-version-name',
            '/metadata/annotations/serving.kserve.io~1stop',
          ],
        },
      ]);
      expect(dev.spec.syncPolicy.syncOptions).toContain(
        'RespectIgnoreDifferences=true',
      );
      // Prod is driven by git only.
      const prod = YAML.parse(
        files.get('gitops/argocd/application-prod.yaml')!,
      );
      expect(
        prod.spec.ignoreDifferences.map((e: { kind: string }) => e.kind),
      ).toEqual(['Deployment']);
    });

    it('compiles the KFP pipelines into specs that decode against pipeline_spec.proto', () => {
      for (const name of ['training', 'evaluation']) {
        const file = `pipelines/compiled/${name}.yaml`;
        const documents = yamlDocuments(files.get(file)!);
        expect(
          schemas.validatePipelineSpec(file, documents).map(formatProblem),
        ).toEqual([]);
        // Same top-level layout and header as the compiler's own output in the samples.
        const sample = yamlDocuments(
          fs.readFileSync(
            path.join(specsDir, 'kfp/samples/hello_world.yaml'),
            'utf8',
          ),
        )[0];
        expect(Object.keys(documents[0]).sort()).toEqual(
          Object.keys(sample).sort(),
        );
        expect(documents[0].schemaVersion).toBe(sample.schemaVersion);
        expect(files.get(file)).toMatch(
          /^# PIPELINE DEFINITION\n# Name: fraud-detector-/,
        );
        expect(files.get(`pipelines/${name}.py`)).toMatch(
          /@dsl\.pipeline\(\s*name="fraud-detector-/,
        );
      }
      const training = yamlDocuments(
        files.get('pipelines/compiled/training.yaml')!,
      )[0];
      const images = Object.values<any>(training.deploymentSpec.executors).map(
        e => e.container.image,
      );
      expect(new Set(images)).toEqual(
        new Set(['quay.io/my-org/fraud-detector-training:latest']),
      );
    });

    it('runs lint and tests on pull requests, builds on main and promotes on v* tags', () => {
      const runs = ['pull-request', 'push', 'release'].map(name =>
        YAML.parse(files.get(`.tekton/${name}.yaml`)!),
      );
      const cel = runs.map(
        run =>
          run.metadata.annotations[
            'pipelinesascode.tekton.dev/on-cel-expression'
          ],
      );
      expect(cel[0]).toMatch(/event == "pull_request"/);
      expect(cel[1]).toMatch(/event == "push" && target_branch == "main"/);
      expect(cel[2]).toMatch(/target_branch\.startsWith\("refs\/tags\/v"\)/);
      expect(runs[1].spec.params).toContainEqual({
        name: 'revision',
        value: '{{revision}}',
      });
      // Every pipeline and task a run refers to is defined in .tekton/.
      const defined = new Set(
        [...files]
          .filter(([file]) => file.startsWith('.tekton/'))
          .flatMap(([, text]) => yamlDocuments(text))
          .filter(o => o.kind === 'Pipeline' || o.kind === 'Task')
          .map(o => `${o.kind}/${o.metadata.name}`),
      );
      for (const run of runs)
        expect(defined).toContain(`Pipeline/${run.spec.pipelineRef.name}`);
      for (const [file, text] of files) {
        if (!file.startsWith('.tekton/')) continue;
        for (const object of yamlDocuments(text).filter(
          o => o.kind === 'Pipeline',
        )) {
          for (const task of object.spec.tasks)
            expect(defined).toContain(`Task/${task.taskRef.name}`);
        }
      }
    });

    it('installs Python packages from the index the platform configures, never one written in the repository', () => {
      // No package index host in any generated file (skeleton included).
      for (const [file, text] of files) {
        expect(
          `${file}: ${/pytorch\.org|--(extra-)?index-url[ =]+\S*:\/\//.test(text)}`,
        ).toBe(`${file}: false`);
      }
      for (const containerfile of [
        'Containerfile.training',
        'Containerfile.serving',
      ]) {
        expect(files.get(containerfile)).toMatch(/^ARG PIP_INDEX_URL=""$/m);
        expect(files.get(containerfile)).toMatch(
          /^ARG PIP_EXTRA_INDEX_URL=""$/m,
        );
      }
      const objects = [...files]
        .filter(([file]) => file.startsWith('.tekton/'))
        .flatMap(([, text]) => yamlDocuments(text));
      const task = (suffix: string) =>
        objects.find(
          o =>
            o.kind === 'Task' && o.metadata.name === `fraud-detector-${suffix}`,
        );
      for (const name of ['buildah', 'python-checks']) {
        const { params, steps } = task(name).spec;
        expect(params).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ name: 'PIP_INDEX_URL', default: '' }),
            expect.objectContaining({
              name: 'PIP_EXTRA_INDEX_URL',
              default: '',
            }),
          ]),
        );
        // Empty parameter: the platform's ConfigMap in the namespace, read only if it exists.
        expect(steps[0].env).toContainEqual({
          name: 'PLATFORM_PIP_EXTRA_INDEX_URL',
          valueFrom: {
            configMapKeyRef: {
              name: 'python-package-index',
              key: 'PIP_EXTRA_INDEX_URL',
              optional: true,
            },
          },
        });
      }
      expect(task('buildah').spec.steps[0].script).toContain(
        '--build-arg "$var=$value"',
      );
      // Both image builds get the pipeline's parameters.
      const build = objects.find(
        o =>
          o.kind === 'Pipeline' && o.metadata.name === 'fraud-detector-build',
      );
      for (const name of ['build-training', 'build-serving']) {
        expect(
          build.spec.tasks.find((t: { name: string }) => t.name === name)
            .params,
        ).toContainEqual({
          name: 'PIP_EXTRA_INDEX_URL',
          value: '$(params.pip-extra-index-url)',
        });
      }
    });

    it('lets the retrain trigger start a pipeline run with exactly the verbs it uses', () => {
      expect(
        [...files.keys()].some(file => file.startsWith('deploy/triggers/')),
      ).toBe(options.tektonTriggers);
      if (!options.tektonTriggers) return;
      const objects = ['rbac', 'eventlistener', 'retrain-pipeline'].flatMap(
        file => yamlDocuments(files.get(`deploy/triggers/${file}.yaml`)!),
      );
      const template = objects.find(o => o.kind === 'TriggerTemplate');
      const account =
        template.spec.resourcetemplates[0].spec.taskRunTemplate
          .serviceAccountName;
      expect(account).toBe('fraud-detector-retrain');
      expect(objects).toContainEqual(
        expect.objectContaining({
          kind: 'ServiceAccount',
          metadata: { name: account },
        }),
      );
      const bindings = objects.filter(
        o =>
          o.kind === 'RoleBinding' &&
          o.subjects.some((s: { name: string }) => s.name === account),
      );
      expect(bindings.map(b => b.roleRef)).toEqual([
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'fraud-detector-retrain',
        },
      ]);
      const role = objects.find(
        o => o.kind === 'Role' && o.metadata.name === 'fraud-detector-retrain',
      );
      // The verbs follow from the HTTP calls the task makes to the DSPA (GET -> get, POST -> create).
      const script: string = objects.find(o => o.kind === 'Task').spec.steps[0]
        .script;
      const calls = script
        .split(/\n(?=\s*(?:pipeline_id=\$\()?curl )/)
        .filter(c => /curl /.test(c));
      const verbs = [
        ...new Set(
          calls.map(call => (/ -d |--data/.test(call) ? 'create' : 'get')),
        ),
      ].sort();
      expect(verbs).toEqual(['create', 'get']);
      expect(role.rules).toEqual([
        {
          apiGroups: ['datasciencepipelinesapplications.opendatahub.io'],
          resources: ['datasciencepipelinesapplications/api'],
          resourceNames: ['dspa'],
          verbs,
        },
        // Older DSPO versions (oauth-proxy) check get on the DSPA's route instead.
        {
          apiGroups: ['route.openshift.io'],
          resources: ['routes'],
          resourceNames: ['ds-pipeline-dspa'],
          verbs: ['get'],
        },
      ]);
      expect(
        yamlDocuments(files.get('deploy/pipelines/dspa.yaml')!)[0].metadata
          .name,
      ).toBe('dspa');
      // Argo CD may create the Role.
      const project = YAML.parse(files.get('gitops/argocd/appproject.yaml')!);
      expect(project.spec.namespaceResourceWhitelist).toContainEqual({
        group: 'rbac.authorization.k8s.io',
        kind: 'Role',
      });
    });

    it('links the production model server to the registry version the release promotes', () => {
      const linked =
        options.servingMode === 'external' &&
        options.registry === 'model-registry';
      const release = yamlDocuments(
        files.get('.tekton/pipeline-release.yaml')!,
      )[0];
      const taskNames = release.spec.tasks.map((t: { name: string }) => t.name);
      expect(taskNames.includes('registry-link')).toBe(linked);
      expect(files.has('deploy/overlays/prod/registry-link.yaml')).toBe(linked);
      if (!linked) return;
      const promote = release.spec.tasks.find(
        (t: { name: string }) => t.name === 'promote-to-prod',
      );
      expect(promote.runAfter).toContain('registry-link');
      expect(promote.params).toContainEqual({
        name: 'model-version-id',
        value: '$(tasks.registry-link.results.model-version-id)',
      });
      // Before the first release: stopped, no IDs. Then run the promote task's own step on a
      // copy of the overlay, with the IDs the registry-link task hands on, and build prod.
      const before = buildOverlay('prod').find('InferenceService');
      expect(before.metadata.annotations['serving.kserve.io/stop']).toBe(
        'true',
      );
      expect(
        before.metadata.labels['modelregistry.opendatahub.io/model-version-id'],
      ).toBeUndefined();
      const step = yamlDocuments(
        files.get('.tekton/task-gitops-promote.yaml')!,
      )[0].spec.steps.find((s: { name: string }) => s.name === 'link-registry');
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-link-'));
      const runLinkStep = (storageUri: string) =>
        spawnSync('python3', ['-c', step.script], {
          cwd: path.join(copy, 'deploy/overlays/prod'),
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            MODEL_VERSION: '0.1.0+20260301',
            STORAGE_URI: storageUri,
            REGISTERED_MODEL_ID: '7',
            MODEL_VERSION_ID: '12',
          },
        });
      try {
        fs.cpSync(path.join(outputDir, 'deploy'), path.join(copy, 'deploy'), {
          recursive: true,
        });
        // A champion whose files only exist on a training pod's disk is not released.
        const refused = runLinkStep('file:///tmp/artifacts/model');
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain('MODEL_ARTIFACT_BASE_URI');
        const linkedRun = runLinkStep(
          's3://fraud-detector-pipelines/models/fraud-detector/0.1.0+20260301',
        );
        expect({ status: linkedRun.status, stderr: linkedRun.stderr }).toEqual({
          status: 0,
          stderr: '',
        });
        const built = yamlDocuments(
          execFileSync(
            'kubectl',
            ['kustomize', path.join(copy, 'deploy/overlays/prod')],
            { encoding: 'utf8' },
          ),
        );
        const isvc = built.find(o => o.kind === 'InferenceService');
        expect(isvc.metadata.labels).toMatchObject({
          'modelregistry.opendatahub.io/registered-model-id': '7',
          'modelregistry.opendatahub.io/model-version-id': '12',
          'modelregistry.opendatahub.io/name': 'model-registry',
        });
        expect(
          isvc.metadata.annotations[
            'modelregistry.opendatahub.io/model-version-name'
          ],
        ).toBe('0.1.0+20260301');
        expect(isvc.metadata.annotations['serving.kserve.io/stop']).toBe(
          'false',
        );
        // The version's folder, with the slash that keeps 0.1.0+1 from matching 0.1.0+10.
        expect(isvc.spec.predictor.model.storageUri).toBe(
          's3://fraud-detector-pipelines/models/fraud-detector/0.1.0+20260301/',
        );
        expect(isvc.spec.predictor.model.storage).toEqual({
          key: 'fraud-detector-pipelines-s3',
        });
        expect(isvc.spec.predictor.model.runtime).toBe(
          'fraud-detector-runtime',
        );
        expect(
          built.flatMap((o, i) =>
            schemas.validateObject('kustomize prod', i, o).map(formatProblem),
          ),
        ).toEqual([]);
      } finally {
        fs.rmSync(copy, { recursive: true, force: true });
      }
    });
  });

  it('points Argo CD at the published repository: dev at main, prod at the release overlay', async () => {
    const result = await dryRun(backend, values());
    const files = decodeFiles(result.directoryContents);
    const dev = YAML.parse(files.get('gitops/argocd/application-dev.yaml')!);
    const prod = YAML.parse(files.get('gitops/argocd/application-prod.yaml')!);
    const project = YAML.parse(files.get('gitops/argocd/appproject.yaml')!);
    expect(dev.spec.source).toEqual({
      repoURL: 'https://github.com/my-org/fraud-detector.git',
      targetRevision: 'main',
      path: 'deploy/overlays/dev',
    });
    expect(prod.spec.source.path).toBe('deploy/overlays/prod');
    expect(project.spec.sourceRepos).toEqual([
      'https://github.com/my-org/fraud-detector.git',
    ]);
    expect(
      project.spec.destinations.map((d: { namespace: string }) => d.namespace),
    ).toEqual(['models-dev', 'models-prod']);
    expect(dev.spec.syncPolicy.automated).toEqual({
      prune: true,
      selfHeal: true,
    });
  }, 300_000);

  it('keeps a hostile description a string value in every manifest', async () => {
    const description =
      'Risk: "high" # not a comment\n- item: [1, {a: b}]\n{{ name }} ${{ steps }}';
    const result = await dryRun(backend, values({ description }));
    expect(failedStep(result)).toBeUndefined();
    const files = decodeFiles(result.directoryContents);
    expect(
      YAML.parse(files.get('deploy/base/deployment.yaml')!).metadata.annotations
        .description,
    ).toBe(description);
    expect(
      YAML.parse(files.get('gitops/argocd/appproject.yaml')!).spec.description,
    ).toBe(description);
  }, 300_000);

  it('plans the cluster bootstrap in a dry run without contacting the cluster', async () => {
    const result = await dryRun(
      backend,
      values({ bootstrapCluster: true, cluster: 'dev-cluster' }),
    );
    expect(failedStep(result)).toBeUndefined();
    const messages = result.log
      .filter(e => e.body.stepId === 'bootstrap')
      .map(e => e.body.message);
    expect(messages.join('\n')).toMatch(
      /would apply on cluster "dev-cluster": Namespace models-dev, Namespace models-prod, AppProject openshift-gitops\/fraud-detector, Application openshift-gitops\/fraud-detector-dev, Application openshift-gitops\/fraud-detector-prod/,
    );
  }, 300_000);
  it('takes the pipeline object storage from the template and only names the credentials Secret', async () => {
    const result = await dryRun(
      backend,
      values({
        pipelineStorageHost: 'minio.storage.svc:9000',
        pipelineStorageBucket: 'ml-artifacts',
        pipelineStorageRegion: 'eu-west-1',
        pipelineStorageSecret: 'ml-artifacts-s3',
      }),
    );
    expect(failedStep(result)).toBeUndefined();
    const files = decodeFiles(result.directoryContents);
    const dspa = YAML.parse(files.get('deploy/pipelines/dspa.yaml')!);
    expect(dspa.spec.objectStorage.externalStorage).toEqual({
      host: 'minio.storage.svc:9000',
      bucket: 'ml-artifacts',
      region: 'eu-west-1',
      scheme: 'https',
      s3CredentialsSecret: {
        secretName: 'ml-artifacts-s3',
        accessKey: 'AWS_ACCESS_KEY_ID',
        secretKey: 'AWS_SECRET_ACCESS_KEY',
      },
    });
    // Training uploads model versions to the same storage; the pipeline steps and the embedded
    // serving Deployment get its endpoint, region and Secret.
    const [spec, platform] = yamlDocuments(
      files.get('pipelines/compiled/training.yaml')!,
    );
    for (const step of ['exec-train', 'exec-evaluate']) {
      expect(spec.deploymentSpec.executors[step].container.env).toEqual(
        expect.arrayContaining([
          {
            name: 'MODEL_ARTIFACT_BASE_URI',
            value: 's3://ml-artifacts/models',
          },
          { name: 'AWS_S3_ENDPOINT', value: 'https://minio.storage.svc:9000' },
          { name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' },
        ]),
      );
      expect(
        platform.platforms.kubernetes.deploymentSpec.executors[step]
          .secretAsEnv,
      ).toContainEqual(
        expect.objectContaining({
          secretName: 'ml-artifacts-s3',
          keyToEnv: [
            { envVar: 'AWS_ACCESS_KEY_ID', secretKey: 'AWS_ACCESS_KEY_ID' },
            {
              envVar: 'AWS_SECRET_ACCESS_KEY',
              secretKey: 'AWS_SECRET_ACCESS_KEY',
            },
          ],
        }),
      );
    }
    const deployment = YAML.parse(files.get('deploy/base/deployment.yaml')!);
    const env = deployment.spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'AWS_S3_ENDPOINT', value: 'https://minio.storage.svc:9000' },
        {
          name: 'AWS_SECRET_ACCESS_KEY',
          valueFrom: {
            secretKeyRef: {
              name: 'ml-artifacts-s3',
              key: 'AWS_SECRET_ACCESS_KEY',
              optional: true,
            },
          },
        },
      ]),
    );
    // Defaults: the name-derived bucket and Secret.
    const defaults = decodeFiles(
      (await dryRun(backend, values())).directoryContents,
    );
    expect(
      YAML.parse(defaults.get('deploy/pipelines/dspa.yaml')!).spec.objectStorage
        .externalStorage,
    ).toMatchObject({
      host: 's3.openshift-storage.svc',
      bucket: 'fraud-detector-pipelines',
      s3CredentialsSecret: { secretName: 'fraud-detector-pipelines-s3' },
    });
  }, 300_000);

  it('trusts the service CA for an in-cluster object storage endpoint, and only there', async () => {
    // minio.storage.svc:9000 is a Service: its certificate comes from the OpenShift service CA.
    const inCluster = decodeFiles(
      (await dryRun(backend, values({ pipelineStorageHost: 'minio.storage.svc:9000' })))
        .directoryContents,
    );
    const configMap = YAML.parse(inCluster.get('deploy/base/service-ca.yaml')!);
    expect(configMap.metadata).toEqual({
      name: 'fraud-detector-service-ca',
      annotations: { 'service.beta.openshift.io/inject-cabundle': 'true' },
    });
    expect(YAML.parse(inCluster.get('deploy/base/kustomization.yaml')!).resources).toContain(
      'service-ca.yaml',
    );
    const [spec, platform] = yamlDocuments(inCluster.get('pipelines/compiled/training.yaml')!);
    for (const step of ['exec-train', 'exec-evaluate']) {
      expect(spec.deploymentSpec.executors[step].container.env).toContainEqual({
        name: 'AWS_CA_BUNDLE',
        value: '/etc/pki/service-ca/service-ca.crt',
      });
      expect(platform.platforms.kubernetes.deploymentSpec.executors[step].configMapAsVolume).toEqual([
        {
          configMapName: 'fraud-detector-service-ca',
          configMapNameParameter: { runtimeValue: { constant: 'fraud-detector-service-ca' } },
          mountPath: '/etc/pki/service-ca',
          optional: true,
        },
      ]);
    }
    expect(inCluster.get('pipelines/training.py')).toContain(
      'kubernetes.use_config_map_as_volume(',
    );
    const pod = YAML.parse(inCluster.get('deploy/base/deployment.yaml')!).spec.template.spec;
    expect(pod.containers[0].env).toContainEqual({
      name: 'AWS_CA_BUNDLE',
      value: '/etc/pki/service-ca/service-ca.crt',
    });
    expect(pod.volumes).toContainEqual({
      name: 'service-ca',
      configMap: { name: 'fraud-detector-service-ca', optional: true },
    });

    // A public endpoint keeps the image's trust store: AWS_CA_BUNDLE would replace it.
    const external = decodeFiles(
      (await dryRun(backend, values({ pipelineStorageHost: 's3.eu-west-1.amazonaws.com' })))
        .directoryContents,
    );
    expect(external.has('deploy/base/service-ca.yaml')).toBe(false);
    expect(external.get('pipelines/compiled/training.yaml')).not.toContain('AWS_CA_BUNDLE');
    expect(external.get('deploy/base/deployment.yaml')).not.toContain('service-ca');
  }, 300_000);

  it('refuses an object storage endpoint that is not a host name', async () => {
    await expect(
      dryRun(
        backend,
        values({ pipelineStorageHost: 'https://s3.example.com' }),
      ),
    ).rejects.toThrow(/pipelineStorageHost does not match pattern/);
  }, 300_000);

  it('writes no Argo CD objects for a local trial, whose repository no cluster can read', async () => {
    const result = await dryRun(
      backend,
      values({
        publishTarget: 'local',
        repoUrl: undefined,
        bootstrapCluster: true,
        cluster: 'dev-cluster',
      }),
    );
    expect(failedStep(result)).toBeUndefined();
    const files = decodeFiles(result.directoryContents);
    expect(
      [...files.keys()].filter(file => file.startsWith('gitops/')),
    ).toEqual([]);
    expect([...files.values()].join('\n')).not.toContain('git.example.com');
    expect(files.has('deploy/overlays/prod/kustomization.yaml')).toBe(true);
    const messages = result.log
      .filter(e =>
        ['bootstrap', 'bootstrap-namespaces'].includes(e.body.stepId ?? ''),
      )
      .map(e => e.body.message)
      .join('\n');
    expect(messages).toMatch(
      /would apply on cluster "dev-cluster": Namespace models-dev, Namespace models-prod$/m,
    );
    expect(messages).not.toContain('AppProject');
  }, 300_000);
});
