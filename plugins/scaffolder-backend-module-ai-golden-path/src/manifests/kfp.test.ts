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

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { checkStructure, generateManifests } from './generate';
import { compilePipeline, PipelineDescription, pipelineSource } from './kfp';
import { formatProblem, ManifestSchemas } from './validate';

const repoRoot = path.resolve(__dirname, '../../../..');
const specsDir = path.resolve(repoRoot, '../shared/specs');

const pipeline = (
  steps: PipelineDescription['steps'],
): PipelineDescription => ({
  file: 'evaluation',
  name: 'demo-evaluation',
  description: 'demo',
  version: '0.1.0',
  steps,
});

describe('compilePipeline: Kubernetes settings of a step', () => {
  it('mounts a PVC the way kfp-kubernetes mount_pvc writes it, in the DSL too', () => {
    const description = pipeline([
      {
        name: 'score',
        image: 'quay.io/x/y:1',
        command: ['sh', '-c', 'true'],
        pvc: { name: 'demo-workspace', mountPath: '/workspace' },
      },
    ]);
    const { platformSpec } = compilePipeline(description);
    expect(
      (platformSpec as any).platforms.kubernetes.deploymentSpec.executors[
        'exec-score'
      ],
    ).toEqual({
      pvcMount: [
        {
          constant: 'demo-workspace',
          mountPath: '/workspace',
          pvcNameParameter: { runtimeValue: { constant: 'demo-workspace' } },
        },
      ],
    });
    expect(pipelineSource(description)).toContain(
      'kubernetes.mount_pvc(score_task, pvc_name="demo-workspace", mount_path="/workspace")',
    );
  });

  it('mounts a ConfigMap the way kfp-kubernetes use_config_map_as_volume writes it, in the DSL too', () => {
    const description = pipeline([
      {
        name: 'train',
        image: 'quay.io/x/y:1',
        command: ['python', '-m', 'training.train'],
        configMapVolume: {
          name: 'demo-service-ca',
          mountPath: '/etc/pki/service-ca',
          optional: true,
        },
      },
    ]);
    const { platformSpec } = compilePipeline(description);
    expect(
      (platformSpec as any).platforms.kubernetes.deploymentSpec.executors[
        'exec-train'
      ],
    ).toEqual({
      configMapAsVolume: [
        {
          configMapName: 'demo-service-ca',
          configMapNameParameter: {
            runtimeValue: { constant: 'demo-service-ca' },
          },
          mountPath: '/etc/pki/service-ca',
          optional: true,
        },
      ],
    });
    const source = pipelineSource(description);
    expect(source).toContain('from kfp import compiler, dsl, kubernetes');
    expect(source.replace(/\s+/g, ' ')).toContain(
      'kubernetes.use_config_map_as_volume( train_task, config_map_name="demo-service-ca", mount_path="/etc/pki/service-ca", optional=True, )',
    );
  });

  it('maps a secret key that is not a variable name to a variable of another name', () => {
    const description = pipeline([
      {
        name: 'serve',
        image: 'quay.io/x/y:1',
        command: ['sh', '-c', 'true'],
        secretEnv: {
          secret: 'demo-pull',
          keys: [
            'TOKEN',
            { key: '.dockerconfigjson', env: 'REGISTRY_AUTH_JSON' },
          ],
          optional: true,
        },
      },
    ]);
    const { platformSpec } = compilePipeline(description);
    const executor = (platformSpec as any).platforms.kubernetes.deploymentSpec
      .executors['exec-serve'];
    expect(executor.secretAsEnv[0].keyToEnv).toEqual([
      { envVar: 'TOKEN', secretKey: 'TOKEN' },
      { envVar: 'REGISTRY_AUTH_JSON', secretKey: '.dockerconfigjson' },
    ]);
    expect(pipelineSource(description)).toContain(
      '"TOKEN": "TOKEN", ".dockerconfigjson": "REGISTRY_AUTH_JSON"',
    );
  });
});

describe('compilePipeline: several secrets in one step', () => {
  it('exposes each secret, in order, in the spec and in the DSL source', () => {
    const description = pipeline([
      {
        name: 'train',
        image: 'quay.io/x/y:1',
        command: ['python', '-m', 'training.train'],
        secretEnv: [
          {
            secret: 'demo-registry',
            keys: ['MODEL_REGISTRY_URL'],
            optional: true,
          },
          {
            secret: 'demo-s3',
            keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
          },
        ],
      },
    ]);
    const { platformSpec } = compilePipeline(description);
    const executor = (platformSpec as any).platforms.kubernetes.deploymentSpec
      .executors['exec-train'];
    expect(
      executor.secretAsEnv.map((entry: any) => ({
        secret: entry.secretName,
        optional: entry.optional,
        env: entry.keyToEnv.map((k: any) => k.envVar),
      })),
    ).toEqual([
      { secret: 'demo-registry', optional: true, env: ['MODEL_REGISTRY_URL'] },
      {
        secret: 'demo-s3',
        optional: false,
        env: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
      },
    ]);
    const source = pipelineSource(description);
    const calls = source.match(/kubernetes\.use_secret_as_env\(/g) ?? [];
    expect(calls).toHaveLength(2);
    expect(source.indexOf('"demo-registry"')).toBeLessThan(
      source.indexOf('"demo-s3"'),
    );
    expect(source).toContain('optional=False');
  });
});

describe('checkStructure: files packed by a configMapGenerator', () => {
  const file = (p: string, text: string) => ({
    path: p,
    content: Buffer.from(text),
    executable: false,
  });
  const kustomization = file(
    'kustomization.yaml',
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n  - name: policy\n    files: [policy.yaml, sandbox=isvc.yaml]\n',
  );

  it('treats plain data as data, but still checks Kubernetes objects and missing files', () => {
    expect(
      checkStructure([
        kustomization,
        file('policy.yaml', 'version: 1\nminimum: {}\n'),
        file(
          'isvc.yaml',
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n',
        ),
      ]),
    ).toEqual([
      expect.objectContaining({ file: 'isvc.yaml', field: 'metadata.name' }),
    ]);
    expect(checkStructure([kustomization, file('isvc.yaml', '')])).toEqual([
      expect.objectContaining({
        file: 'kustomization.yaml',
        field: 'generator files[0]',
      }),
    ]);
  });
});

describe('pipelineSource: long secret mappings', () => {
  it('puts one entry per line when the mapping does not fit in 100 columns', () => {
    const keys = [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_ENDPOINT_URL',
      'AWS_DEFAULT_REGION',
    ];
    const source = pipelineSource(
      pipeline([
        {
          name: 'fetch',
          image: 'quay.io/x/y:1',
          command: ['sh', '-c', 'true'],
          secretEnv: { secret: 'demo-s3', keys, optional: true },
        },
      ]),
    );
    expect(source).toContain(
      `        secret_key_to_env={\n${keys.map(key => `            "${key}": "${key}",\n`).join('')}        },\n`,
    );
    expect(source.split('\n').every(line => line.length <= 100)).toBe(true);
  });
});

describe('pipelineSource: string literals', () => {
  it('reads back in Python as exactly the command the spec runs', () => {
    const command = [
      'sh',
      '-c',
      `echo "a" 'b' "c"\nprintf '%s\\n' "$X" # \u00e9 \\ end`,
      `only "double" quotes`,
      `it's 'single' and "one"`,
    ];
    const source = pipelineSource(
      pipeline([{ name: 'step', image: 'quay.io/x/y:1', command }]),
    );
    const python = spawnSync(
      process.env.MODELOPS_TEST_PYTHON ?? '/usr/bin/python3',
      [
        '-c',
        [
          'import ast, json, sys',
          'tree = ast.parse(sys.stdin.read())',
          'calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]',
          'spec = next(c for c in calls if getattr(c.func, "attr", "") == "ContainerSpec")',
          'command = next(k.value for k in spec.keywords if k.arg == "command")',
          'print(json.dumps(ast.literal_eval(command)))',
        ].join('\n'),
      ],
      { input: source, encoding: 'utf8' },
    );
    expect(python.stderr).toBe('');
    expect(JSON.parse(python.stdout)).toEqual(command);
  });
});

describe('compilePipeline: an exit step (dsl.ExitHandler)', () => {
  const step = (
    name: string,
    extra: Partial<PipelineDescription['steps'][0]> = {},
  ) => ({
    name,
    image: 'quay.io/x/y:1',
    command: ['sh', '-c', `echo ${name}`],
    ...extra,
  });
  // Listed last, as in the evaluation pipeline: where it is listed does not matter.
  const description = pipeline([
    step('serve'),
    step('score', { after: ['serve'] }),
    step('teardown', {
      onExit: true,
      env: [{ name: 'ISVC', value: 'demo-llm' }],
      secretEnv: { secret: 'demo-registry', keys: ['TOKEN'], optional: true },
    }),
  ]);

  it('wraps every other step in exit-handler-1 and runs the exit step after it, as the SDK compiles it', () => {
    const { pipelineSpec, platformSpec } = compilePipeline(description);
    const spec = pipelineSpec as any;
    // The shape of kfp's test_data/pipelines/pipeline_with_exit_handler.yaml (SDK 2.14.6).
    expect(spec.root.dag.tasks).toEqual({
      'exit-handler-1': {
        componentRef: { name: 'comp-exit-handler-1' },
        taskInfo: { name: 'exit-handler-1' },
      },
      teardown: {
        cachingOptions: { enableCache: false },
        componentRef: { name: 'comp-teardown' },
        dependentTasks: ['exit-handler-1'],
        taskInfo: { name: 'teardown' },
        triggerPolicy: { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' },
      },
    });
    expect(spec.components['comp-exit-handler-1']).toEqual({
      dag: {
        tasks: {
          score: {
            cachingOptions: { enableCache: false },
            componentRef: { name: 'comp-score' },
            dependentTasks: ['serve'],
            taskInfo: { name: 'score' },
          },
          serve: {
            cachingOptions: { enableCache: false },
            componentRef: { name: 'comp-serve' },
            taskInfo: { name: 'serve' },
          },
        },
      },
    });
    // The exit step is still a container of its own, with its settings.
    expect(spec.components['comp-teardown']).toEqual({
      executorLabel: 'exec-teardown',
    });
    expect(
      spec.deploymentSpec.executors['exec-teardown'].container.env,
    ).toEqual([{ name: 'ISVC', value: 'demo-llm' }]);
    expect(
      Object.keys(
        (platformSpec as any).platforms.kubernetes.deploymentSpec.executors,
      ),
    ).toEqual(['exec-teardown']);
  });

  it('writes a spec that decodes against pipeline_spec.proto', () => {
    const schemas = ManifestSchemas.load(specsDir);
    const documents = YAML.parseAllDocuments(
      compilePipeline(description).yaml,
    ).map(d => d.toJS());
    expect(documents).toHaveLength(2);
    expect(
      schemas.validatePipelineSpec('exit.yaml', documents).map(formatProblem),
    ).toEqual([]);
    // The check can fail: a strategy the proto does not define is reported.
    documents[0].root.dag.tasks.teardown.triggerPolicy.strategy = 'ALWAYS';
    expect(
      schemas.validatePipelineSpec('exit.yaml', documents).map(formatProblem),
    ).toEqual([
      expect.stringContaining('root.dag.tasks.teardown.triggerPolicy.strategy'),
    ]);
  }, 120_000);

  it('leaves a pipeline without an exit step as it was', () => {
    const spec = compilePipeline(
      pipeline([step('serve'), step('score', { after: ['serve'] })]),
    ).pipelineSpec as any;
    expect(Object.keys(spec.root.dag.tasks)).toEqual(['score', 'serve']);
    expect(spec.components['comp-exit-handler-1']).toBeUndefined();
    expect(pipelineSource(pipeline([step('serve')]))).not.toContain(
      'ExitHandler',
    );
  });

  it('creates the exit task first and the others inside `with dsl.ExitHandler`, laid out as ruff does', () => {
    const source = pipelineSource(description);
    const body = source.slice(
      source.indexOf('def pipeline():\n'),
      source.indexOf('\n\n\nif __name__'),
    );
    expect(body).toBe(
      [
        'def pipeline():',
        '    teardown_task = teardown()',
        '    teardown_task.set_caching_options(False)',
        '    teardown_task.set_env_variable("ISVC", "demo-llm")',
        '    kubernetes.use_secret_as_env(',
        '        teardown_task,',
        '        secret_name="demo-registry",',
        '        secret_key_to_env={"TOKEN": "TOKEN"},',
        '        optional=True,',
        '    )',
        '    # The exit task runs once the steps below have finished, even if one of them failed.',
        '    with dsl.ExitHandler(teardown_task):',
        '        serve_task = serve()',
        '        serve_task.set_caching_options(False)',
        '        score_task = score().after(serve_task)',
        '        score_task.set_caching_options(False)',
      ].join('\n'),
    );
  });

  it('wraps calls by the deeper indentation inside the exit handler', () => {
    const keys = [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_ENDPOINT_URL',
    ];
    const source = pipelineSource(
      pipeline([
        step('fetch', {
          pvc: {
            name: 'demo-workspace-with-a-longer-name',
            mountPath: '/workspace',
          },
          secretEnv: { secret: 'demo-s3', keys },
        }),
        step('teardown', { onExit: true }),
      ]),
    );
    expect(source).toContain(
      [
        '        kubernetes.mount_pvc(',
        '            fetch_task,',
        '            pvc_name="demo-workspace-with-a-longer-name",',
        '            mount_path="/workspace",',
        '        )',
      ].join('\n'),
    );
    expect(source).toContain(
      `            secret_key_to_env={\n${keys.map(key => `                "${key}": "${key}",\n`).join('')}            },\n`,
    );
    expect(source.split('\n').every(line => line.length <= 100)).toBe(true);
  });

  it.each([
    [
      'a second exit step',
      [step('a'), step('b', { onExit: true }), step('c', { onExit: true })],
      'step "c" onExit: only one step can be the exit step; "b" already is',
    ],
    [
      'an exit step with after',
      [step('a'), step('b', { onExit: true, after: ['a'] })],
      'step "b" after: the exit step runs after all other steps',
    ],
    [
      'a step after the exit step',
      [step('a', { onExit: true }), step('b', { after: ['a'] })],
      'step "b" after: nothing can run after the exit step "a"',
    ],
    [
      'an exit step alone',
      [step('a', { onExit: true })],
      'step "a" onExit: the exit step needs other steps to run after',
    ],
    [
      'a step named like the exit handler group',
      [step('exit_handler_1'), step('a', { onExit: true })],
      'step "exit_handler_1" name: "exit_handler_1" is the name of the exit handler group',
    ],
  ])('refuses %s', (_case, steps, message) => {
    expect(() => compilePipeline(pipeline(steps))).toThrow(message);
  });
});

describe('generateManifests: exit steps and ConfigMap volumes in .golden-path/pipelines.yaml', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfp-exit-'));
    fs.mkdirSync(path.join(dir, '.golden-path'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const generate = (steps: unknown[]) => {
    fs.writeFileSync(
      path.join(dir, '.golden-path/pipelines.yaml'),
      YAML.stringify({
        pipelines: [
          {
            file: 'evaluation',
            name: 'demo-evaluation',
            description: 'demo',
            version: '1',
            steps,
          },
        ],
      }),
    );
    return generateManifests({ sourceDir: dir, values: {} });
  };
  const step = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    image: 'quay.io/x/y:1',
    command: ['true'],
    ...extra,
  });

  it('compiles a valid exit step into the files it writes', async () => {
    const files = await generate([
      step('serve'),
      step('teardown', { onExit: true }),
    ]);
    const compiled = files.find(
      f => f.path === 'pipelines/compiled/evaluation.yaml',
    )!;
    expect(
      YAML.parse(compiled.content.toString('utf8')).root.dag.tasks.teardown
        .dependentTasks,
    ).toEqual(['exit-handler-1']);
  });

  it.each([
    [
      [step('serve'), step('teardown', { onExit: true, after: ['serve'] })],
      '.golden-path/pipelines.yaml pipelines[0].steps[1].after: the exit step runs after all other steps',
    ],
    [
      [step('a', { onExit: true }), step('b'), step('c', { onExit: true })],
      '.golden-path/pipelines.yaml pipelines[0].steps[2].onExit: only one step can be the exit step',
    ],
    [
      [step('a'), step('b', { onExit: 'yes' })],
      '.golden-path/pipelines.yaml pipelines[0].steps[1].onExit must be true or false',
    ],
  ])(
    'names the file and field of a bad exit step (%#)',
    async (steps, message) => {
      await expect(generate(steps)).rejects.toThrow(message);
    },
  );

  it.each([
    [{ name: 'demo' }, 'pipelines[0].file must be a plain file stem'],
    [{ file: 'evaluation' }, 'pipelines[0].name must be a DNS name'],
  ])(
    'refuses a pipeline without a file or name (%j)',
    async (entry, message) => {
      fs.writeFileSync(
        path.join(dir, '.golden-path/pipelines.yaml'),
        YAML.stringify({ pipelines: [{ ...entry, steps: [step('a')] }] }),
      );
      await expect(
        generateManifests({ sourceDir: dir, values: {} }),
      ).rejects.toThrow(`.golden-path/pipelines.yaml ${message}`);
    },
  );

  it('refuses a step without a name', async () => {
    const { name: _name, ...nameless } = step('a');
    await expect(generate([nameless])).rejects.toThrow(
      '.golden-path/pipelines.yaml pipelines[0].steps[0] needs a plain name, an image and a command list',
    );
  });

  it('mounts a ConfigMap into the step that names one', async () => {
    const files = await generate([
      step('evaluate', {
        configMapVolume: { name: 'service-ca', mountPath: '/etc/ca' },
      }),
    ]);
    const compiled = files.find(
      f => f.path === 'pipelines/compiled/evaluation.yaml',
    )!;
    const [, platform] = YAML.parseAllDocuments(
      compiled.content.toString('utf8'),
    ).map(doc => doc.toJS());
    expect(
      platform.platforms.kubernetes.deploymentSpec.executors['exec-evaluate']
        .configMapAsVolume,
    ).toEqual([
      expect.objectContaining({
        configMapName: 'service-ca',
        mountPath: '/etc/ca',
        optional: false,
      }),
    ]);
  });

  it.each([
    [{ mountPath: '/etc/ca' }],
    [{ name: 'Service_CA', mountPath: '/etc/ca' }],
    [{ name: 'service-ca', mountPath: 'etc/ca' }],
    [{ name: 'service-ca' }],
    ['service-ca'],
  ])('names the file and field of a bad ConfigMap volume %j', async volume => {
    await expect(
      generate([step('a'), step('b', { configMapVolume: volume })]),
    ).rejects.toThrow(
      '.golden-path/pipelines.yaml pipelines[0].steps[1].configMapVolume needs a ConfigMap name and an absolute mountPath',
    );
  });
});
