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
import { checkStructure } from './generate';
import { compilePipeline, PipelineDescription, pipelineSource } from './kfp';

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
