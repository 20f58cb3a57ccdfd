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

import YAML from 'yaml';

/**
 * A pipeline as the manifest set describes it in `.golden-path/pipelines.yaml`: container steps
 * run in the training image, in dependency order. The generate action turns each one into the
 * KFP v2 DSL source the engineer edits, the compiled pipeline spec (the form `kfp` writes), the
 * Pipeline/PipelineVersion resources of the DSPA and, when scheduled, a ScheduledWorkflow.
 */
export interface PipelineDescription {
  /** File stem: pipelines/<file>.py, pipelines/compiled/<file>.yaml, deploy/pipelines/<file>-*.yaml */
  file: string;
  /** KFP pipeline name (also the Kubernetes name of the Pipeline resource). */
  name: string;
  description: string;
  version: string;
  /** KFP cron (six fields, seconds first); no schedule when absent. */
  schedule?: string;
  steps: PipelineStep[];
}

export interface PipelineStep {
  name: string;
  image: string;
  command: string[];
  after?: string[];
  env?: { name: string; value: string }[];
  /** Secrets whose keys become environment variables: one, or a list (e.g. registry and storage). */
  secretEnv?: SecretEnv | SecretEnv[];
  /** A PersistentVolumeClaim mounted into the step (kfp-kubernetes `mount_pvc`). */
  pvc?: { name: string; mountPath: string };
  /** A ConfigMap mounted as files (kfp-kubernetes `use_config_map_as_volume`), e.g. a CA bundle. */
  configMapVolume?: { name: string; mountPath: string; optional?: boolean };
  /**
   * The pipeline's exit step (`dsl.ExitHandler(exit_task)`): it runs once every other step has
   * finished or failed, so clean-up (deleting a model server) happens even when a run fails. At
   * most one per pipeline; it has no `after` and nothing runs after it.
   */
  onExit?: boolean;
}

/**
 * Keys of one secret exposed as environment variables: a plain key under its own name, or
 * `{ key, env }` when the key is not a valid variable name (`.dockerconfigjson`).
 */
export interface SecretEnv {
  secret: string;
  keys: (string | { key: string; env: string })[];
  optional?: boolean;
}

const stepSecrets = (step: PipelineStep): SecretEnv[] =>
  step.secretEnv === undefined ? [] : [step.secretEnv].flat();

const secretKey = (entry: string | { key: string; env: string }) =>
  typeof entry === 'string' ? { key: entry, env: entry } : entry;

/** The KFP SDK version whose compiler output this imitates (that of the samples in specs/kfp). */
export const KFP_SDK_VERSION = 'kfp-2.14.6';

const componentName = (step: string) => `comp-${step.replace(/_/g, '-')}`;
/**
 * The group `with dsl.ExitHandler(...)` opens: the SDK names the first one of a pipeline
 * `exit-handler-1` (task) and `comp-exit-handler-1` (its DAG component).
 */
const EXIT_HANDLER = 'exit-handler-1';

/**
 * Why a pipeline's exit step cannot compile, or undefined. Shared with the reader of
 * `.golden-path/pipelines.yaml`, which names the file and field.
 */
export function exitStepProblem(
  steps: PipelineStep[],
): { index: number; field: string; message: string } | undefined {
  const exits = steps.flatMap((step, index) => (step.onExit ? [index] : []));
  if (exits.length === 0) return undefined;
  if (exits.length > 1) {
    return {
      index: exits[1],
      field: 'onExit',
      message: `only one step can be the exit step; "${steps[exits[0]].name}" already is`,
    };
  }
  const exit = steps[exits[0]];
  if (exit.after?.length) {
    // The SDK refuses it too: the exit task runs after the whole group, never after one step.
    return {
      index: exits[0],
      field: 'after',
      message: 'the exit step runs after all other steps and cannot list after',
    };
  }
  if (steps.length === 1) {
    return {
      index: exits[0],
      field: 'onExit',
      message: 'the exit step needs other steps to run after',
    };
  }
  const dependent = steps.findIndex(step => step.after?.includes(exit.name));
  if (dependent >= 0) {
    return {
      index: dependent,
      field: 'after',
      message: `nothing can run after the exit step "${exit.name}"`,
    };
  }
  const clash = steps.findIndex(
    step => componentName(step.name) === componentName(EXIT_HANDLER),
  );
  if (clash >= 0) {
    return {
      index: clash,
      field: 'name',
      message: `"${steps[clash].name}" is the name of the exit handler group`,
    };
  }
  return undefined;
}

const executorName = (step: string) => `exec-${step.replace(/_/g, '-')}`;

/** Text on one line, for the `# Name:` / `# Description:` comment header. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** Sorts object keys recursively, as the KFP compiler writes them. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map(key => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export interface CompiledPipeline {
  /** The PipelineSpec document (first YAML document). */
  pipelineSpec: Record<string, unknown>;
  /** The `platforms` document (second YAML document), when a step needs Kubernetes settings. */
  platformSpec?: Record<string, unknown>;
  /** The compiled file as `kfp.compiler.Compiler().compile` writes it. */
  yaml: string;
}

/** Compiles a pipeline description into KFP v2 IR (PipelineSpec, schemaVersion 2.1.0). */
export function compilePipeline(
  pipeline: PipelineDescription,
): CompiledPipeline {
  const names = new Set(pipeline.steps.map(step => step.name));
  const exitProblem = exitStepProblem(pipeline.steps);
  if (exitProblem) {
    throw new Error(
      `step "${pipeline.steps[exitProblem.index].name}" ${exitProblem.field}: ${exitProblem.message}`,
    );
  }
  const components: Record<string, unknown> = {};
  const executors: Record<string, unknown> = {};
  const tasks: Record<string, unknown> = {};
  const platformExecutors: Record<string, unknown> = {};
  for (const step of pipeline.steps) {
    for (const dependency of step.after ?? []) {
      if (!names.has(dependency)) {
        throw new Error(
          `step "${step.name}" runs after "${dependency}", which is not a step`,
        );
      }
    }
    components[componentName(step.name)] = {
      executorLabel: executorName(step.name),
    };
    executors[executorName(step.name)] = {
      container: {
        command: step.command,
        ...(step.env?.length ? { env: step.env } : {}),
        image: step.image,
      },
    };
    tasks[step.name] = {
      // Training reads fresh data each run: a cached result would skip it.
      cachingOptions: { enableCache: false },
      componentRef: { name: componentName(step.name) },
      ...(step.after?.length ? { dependentTasks: step.after } : {}),
      taskInfo: { name: step.name },
    };
    const platform: Record<string, unknown> = {};
    if (step.pvc) {
      platform.pvcMount = [
        {
          constant: step.pvc.name,
          mountPath: step.pvc.mountPath,
          pvcNameParameter: { runtimeValue: { constant: step.pvc.name } },
        },
      ];
    }
    if (step.configMapVolume) {
      platform.configMapAsVolume = [
        {
          configMapName: step.configMapVolume.name,
          configMapNameParameter: {
            runtimeValue: { constant: step.configMapVolume.name },
          },
          mountPath: step.configMapVolume.mountPath,
          optional: step.configMapVolume.optional ?? false,
        },
      ];
    }
    if (stepSecrets(step).length) {
      Object.assign(platform, {
        secretAsEnv: stepSecrets(step).map(secretEnv => ({
          keyToEnv: secretEnv.keys.map(secretKey).map(entry => ({
            envVar: entry.env,
            secretKey: entry.key,
          })),
          optional: secretEnv.optional ?? false,
          secretName: secretEnv.secret,
          secretNameParameter: {
            runtimeValue: { constant: secretEnv.secret },
          },
        })),
      });
    }
    if (Object.keys(platform).length) {
      platformExecutors[executorName(step.name)] = platform;
    }
  }
  const exit = pipeline.steps.find(step => step.onExit);
  let rootTasks = tasks;
  if (exit) {
    // As the SDK compiles `with dsl.ExitHandler(exit_task):` — the steps inside become the DAG
    // of a group task; the exit task depends on that group and runs once all of it completed
    // (succeeded, failed or skipped), which is what makes it run after a failure.
    const { [exit.name]: exitTask, ...inner } = tasks;
    components[componentName(EXIT_HANDLER)] = { dag: { tasks: inner } };
    rootTasks = {
      [EXIT_HANDLER]: {
        componentRef: { name: componentName(EXIT_HANDLER) },
        taskInfo: { name: EXIT_HANDLER },
      },
      [exit.name]: {
        ...(exitTask as Record<string, unknown>),
        dependentTasks: [EXIT_HANDLER],
        triggerPolicy: { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' },
      },
    };
  }
  const pipelineSpec = sortKeys({
    components,
    deploymentSpec: { executors },
    pipelineInfo: {
      ...(pipeline.description
        ? { description: oneLine(pipeline.description) }
        : {}),
      name: pipeline.name,
    },
    root: { dag: { tasks: rootTasks } },
    schemaVersion: '2.1.0',
    sdkVersion: KFP_SDK_VERSION,
  }) as Record<string, unknown>;
  const platformSpec = Object.keys(platformExecutors).length
    ? (sortKeys({
        platforms: {
          kubernetes: { deploymentSpec: { executors: platformExecutors } },
        },
      }) as Record<string, unknown>)
    : undefined;

  const header = [
    '# PIPELINE DEFINITION',
    `# Name: ${pipeline.name}`,
    ...(pipeline.description
      ? [`# Description: ${oneLine(pipeline.description)}`]
      : []),
  ].join('\n');
  const documents = [YAML.stringify(pipelineSpec, { lineWidth: 0 })];
  if (platformSpec)
    documents.push(YAML.stringify(platformSpec, { lineWidth: 0 }));
  return {
    pipelineSpec,
    platformSpec,
    yaml: `${header}\n${documents.join('---\n')}`,
  };
}

const pyIdentifier = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * Python source laid out the way `ruff format` lays it out, so the generated project's lint
 * (`ruff check`, `ruff format --check`) passes on the pipelines as on the rest of its code.
 */
const LINE_LIMIT = 100;

/**
 * A Python string literal in ruff's preferred quotes: double, unless the value holds more
 * double quotes than single ones (then single, which needs fewer escapes).
 */
function pyLiteral(value: string): string {
  const json = JSON.stringify(value);
  const count = (quote: string) => value.split(quote).length - 1;
  if (count('"') <= count("'")) return json;
  const inner = json
    .slice(1, -1)
    .replace(/\\(.)/g, (escape, char) => (char === '"' ? '"' : escape))
    .replace(/'/g, "\\'");
  return `'${inner}'`;
}

/** A string literal; a long one becomes implicitly concatenated parts inside parentheses. */
function pyString(value: string, indent: string): string {
  const literal = pyLiteral(value);
  if (indent.length + literal.length <= LINE_LIMIT) return literal;
  const parts: string[] = [];
  let current = '';
  for (const word of value.split(/(?<= )/)) {
    if (current && (current + word).length > 70) {
      parts.push(current);
      current = '';
    }
    current += word;
  }
  parts.push(current);
  // One long word (an image reference) stays as it is: neither ruff check nor format splits it.
  if (parts.length === 1) return literal;
  const inner = `${indent}    `;
  return `(\n${parts.map(part => `${inner}${pyLiteral(part)}`).join('\n')}\n${indent})`;
}

/** A call on one line when it fits, else one argument per line with a trailing comma. */
function pyCall(callee: string, args: string[], indent: string): string {
  const flat = `${callee}(${args.join(', ')})`;
  if (indent.length + flat.length <= LINE_LIMIT && !flat.includes('\n'))
    return flat;
  const inner = `${indent}    `;
  return `${callee}(\n${args.map(arg => `${inner}${arg},`).join('\n')}\n${indent})`;
}

/** The KFP v2 DSL source that compiles to the same spec: what the engineer edits afterwards. */
export function pipelineSource(pipeline: PipelineDescription): string {
  const lines: string[] = [
    `"""KFP v2 pipeline ${pipeline.name}.`,
    '',
    'Edit this file, then compile it into the spec OpenShift AI imports:',
    '',
    `    python pipelines/${pipeline.file}.py`,
    '',
    `which writes pipelines/compiled/${pipeline.file}.yaml (pip install kfp kfp-kubernetes).`,
    '"""',
    '',
    pipeline.steps.some(
      step => stepSecrets(step).length || step.pvc || step.configMapVolume,
    )
      ? 'from kfp import compiler, dsl, kubernetes'
      : 'from kfp import compiler, dsl',
    '',
  ];
  const inner = '        ';
  for (const step of pipeline.steps) {
    const command = pyCall('', step.command.map(pyLiteral), inner)
      .replace(/^\(/, '[')
      .replace(/\)$/, ']');
    lines.push(
      '',
      '@dsl.container_component',
      `def ${pyIdentifier(step.name)}():`,
      `    return ${pyCall(
        'dsl.ContainerSpec',
        [`image=${pyString(step.image, inner)}`, `command=${command}`],
        '    ',
      )}`,
      '',
    );
  }
  lines.push(
    '',
    `@${pyCall(
      'dsl.pipeline',
      [
        `name=${pyString(pipeline.name, '    ')}`,
        `description=${pyString(oneLine(pipeline.description), '    ')}`,
      ],
      '',
    )}`,
    'def pipeline():',
  );
  /** The lines creating one step's task, at `indent` (the pipeline body or the exit handler). */
  const taskLines = (step: PipelineStep, indent: string) => {
    const args = `${indent}    `;
    const task = `${pyIdentifier(step.name)}_task`;
    const after = (step.after ?? []).map(name => `${pyIdentifier(name)}_task`);
    lines.push(
      `${indent}${task} = ${pyIdentifier(step.name)}()${after.length ? `.after(${after.join(', ')})` : ''}`,
      `${indent}${task}.set_caching_options(False)`,
    );
    for (const env of step.env ?? []) {
      lines.push(
        `${indent}${pyCall(
          `${task}.set_env_variable`,
          [pyString(env.name, args), pyString(env.value, args)],
          indent,
        )}`,
      );
    }
    if (step.pvc) {
      lines.push(
        `${indent}${pyCall(
          'kubernetes.mount_pvc',
          [
            task,
            `pvc_name=${pyString(step.pvc.name, args)}`,
            `mount_path=${pyString(step.pvc.mountPath, args)}`,
          ],
          indent,
        )}`,
      );
    }
    if (step.configMapVolume) {
      lines.push(
        `${indent}${pyCall(
          'kubernetes.use_config_map_as_volume',
          [
            task,
            `config_map_name=${pyString(step.configMapVolume.name, args)}`,
            `mount_path=${pyString(step.configMapVolume.mountPath, args)}`,
            `optional=${step.configMapVolume.optional ? 'True' : 'False'}`,
          ],
          indent,
        )}`,
      );
    }
    for (const secretEnv of stepSecrets(step)) {
      const entries = secretEnv.keys
        .map(secretKey)
        .map(entry => `${pyLiteral(entry.key)}: ${pyLiteral(entry.env)}`);
      // ruff's layout: the dict on one line when it fits, else one entry per line.
      const flat = entries.join(', ');
      const mapping =
        `${args}secret_key_to_env={${flat}},`.length <= LINE_LIMIT
          ? flat
          : `\n${entries.map(entry => `${args}    ${entry},`).join('\n')}\n${args}`;
      lines.push(
        `${indent}${pyCall(
          'kubernetes.use_secret_as_env',
          [
            task,
            `secret_name=${pyString(secretEnv.secret, args)}`,
            `secret_key_to_env={${mapping}}`,
            `optional=${secretEnv.optional ? 'True' : 'False'}`,
          ],
          indent,
        )}`,
      );
    }
  };
  const exit = pipeline.steps.find(step => step.onExit);
  if (exit) {
    // The exit task exists before the group that names it, as dsl.ExitHandler requires.
    taskLines(exit, '    ');
    lines.push(
      '    # The exit task runs once the steps below have finished, even if one of them failed.',
      `    with dsl.ExitHandler(${pyIdentifier(exit.name)}_task):`,
    );
  }
  for (const step of pipeline.steps) {
    if (!step.onExit) taskLines(step, exit ? '        ' : '    ');
  }
  lines.push(
    '',
    '',
    'if __name__ == "__main__":',
    `    ${pyCall(
      'compiler.Compiler().compile',
      ['pipeline', pyLiteral(`pipelines/compiled/${pipeline.file}.yaml`)],
      '    ',
    )}`,
    '',
  );
  return lines.join('\n');
}

/** Kubernetes name of a pipeline version: the version with dots as dashes. */
export function versionName(pipeline: PipelineDescription) {
  return `${pipeline.name}-v${pipeline.version.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

/**
 * The Pipeline and PipelineVersion resources of a DSPA whose pipelineStore is `kubernetes`, so
 * that the pipeline is declared in git and synced by Argo CD like the other resources.
 */
export function pipelineResources(
  pipeline: PipelineDescription,
  compiled: CompiledPipeline,
) {
  return [
    {
      apiVersion: 'pipelines.kubeflow.org/v2beta1',
      kind: 'Pipeline',
      metadata: { name: pipeline.name },
      spec: {
        displayName: pipeline.name,
        description: oneLine(pipeline.description),
      },
    },
    {
      apiVersion: 'pipelines.kubeflow.org/v2beta1',
      kind: 'PipelineVersion',
      metadata: { name: versionName(pipeline) },
      spec: {
        pipelineName: pipeline.name,
        displayName: `${pipeline.name} ${pipeline.version}`,
        description: oneLine(pipeline.description),
        pipelineSpec: compiled.pipelineSpec,
        ...(compiled.platformSpec
          ? { platformSpec: compiled.platformSpec }
          : {}),
      },
    },
  ];
}

/**
 * A recurring run the DSPA's scheduled-workflow controller starts on the cron schedule. The
 * controller compiles `workflow.spec` (the pipeline spec as YAML text, as the API server stores
 * it) at each trigger.
 */
export function scheduledWorkflow(
  pipeline: PipelineDescription,
  compiled: CompiledPipeline,
) {
  if (!pipeline.schedule) return undefined;
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'ScheduledWorkflow',
    metadata: {
      name: `${pipeline.name}-schedule`,
      labels: { 'pipelines.kubeflow.org/pipeline-name': pipeline.name },
    },
    spec: {
      enabled: true,
      maxConcurrency: 1,
      maxHistory: 10,
      noCatchup: true,
      pipelineName: versionName(pipeline),
      trigger: { cronSchedule: { cron: pipeline.schedule } },
      workflow: { spec: compiled.yaml },
    },
  };
}
