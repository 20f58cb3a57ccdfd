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
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The real backend plugin reads what the tool wrote, as Developer Hub does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import modelCatalogPlugin from '@ai-golden-path/plugin-model-catalog-backend';
import {
  entityModelResponseSchema,
  EvaluationResult,
} from '@ai-golden-path/plugin-model-catalog-common';
import { inMemoryDatabaseServiceFactory } from '@ai-golden-path/template-cli';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  FakeKubeflowModelRegistry,
  SPECS_DIR,
} from '../fakes/kubeflowModelRegistry';
import { modelopsVenv, run, toolDir } from './modelopsTool';

/**
 * The two halves of docs/registry-properties.md meet here: the ModelOps tool publishes real
 * lm-eval and GuideLLM reports and an intake decision into the spec-checked fake registry,
 * and the model catalog backend (the real plugin) reads them back into what the card and the
 * Models tab show. A change on either side that breaks the contract fails this test.
 */
describe('intake results from the modelops tool, as the model catalog shows them', () => {
  const token = crypto.randomBytes(12).toString('hex');
  const registry = new FakeKubeflowModelRegistry({ token });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-round-trip-'));
  let venv = '';
  let registryUrl = '';

  const lmEvalReport = path.join(
    SPECS_DIR,
    'llm-eval/lm-eval/samples/v0.4.8_qwen2.5-7b_arc-hellaswag-glue/results_2025-03-18T00-03-26.972068.json',
  );
  const guidellmReport = path.join(
    SPECS_DIR,
    'llm-eval/guidellm/samples/report-v1_guidellm-0.5.0.dev0/Qwen_Qwen3-4B-Thinking-2507_tp4_quant-fp8_benchmarks.json',
  );

  const modelops = async (args: string[]) => {
    const result = await run(
      path.join(venv, 'bin/python'),
      ['-m', 'modelops.cli', ...args],
      {
        cwd: toolDir,
        env: {
          PATH: process.env.PATH,
          PYTHONPATH: toolDir,
          PYTHONDONTWRITEBYTECODE: '1',
          MODEL_REGISTRY_URL: registryUrl,
          MODEL_REGISTRY_TOKEN: token,
        },
      },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect({ args, code: result.code, output }).toEqual({
      args,
      code: 0,
      output,
    });
    expect(output).not.toContain(token);
  };

  beforeAll(async () => {
    venv = await modelopsVenv();
    registryUrl = await registry.start();
  }, 300_000);
  afterAll(async () => {
    await registry.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('shows baseline and custom lm-eval runs with stderr, GuideLLM per load level and the intake decision', async () => {
    const model = ['--model', 'qwen-demo', '--version', '2025-03-18'];
    await modelops([
      'register',
      ...model,
      '--uri',
      `oci://registry.example.com/modelcars/qwen-demo@sha256:${'a'.repeat(64)}`,
      '--source-uri',
      'hf://Qwen/Qwen2.5-7B',
      '--source-revision',
      '0123456789abcdef0123456789abcdef01234567',
      '--license',
      'apache-2.0',
      '--model-format-name',
      'safetensors',
    ]);
    await modelops([
      'publish-lm-eval',
      ...model,
      '--run',
      'baseline',
      '--report',
      lmEvalReport,
      '--report-uri',
      's3://reports/qwen-demo/lm-eval.json',
    ]);
    await modelops([
      'publish-guidellm',
      ...model,
      '--run',
      'baseline',
      '--report',
      guidellmReport,
      '--report-uri',
      's3://reports/qwen-demo/guidellm.json',
    ]);
    // An engineer's evaluation on their own data lands next to the baseline.
    await modelops([
      'publish-lm-eval',
      ...model,
      '--run',
      'custom-support-tickets',
      '--dataset',
      'support-tickets@2026-11',
      '--report',
      lmEvalReport,
      '--report-uri',
      's3://reports/qwen-demo/custom.json',
    ]);
    const policyFile = path.join(workDir, 'intake-policy.yaml');
    fs.writeFileSync(
      policyFile,
      YAML.stringify({
        format: 'modelops-intake-policy/v1',
        name: 'intake-policy',
        version: 3,
        run: 'baseline',
        required_checks: [],
        // arc_easy acc_norm of this report is below 0.99: the intake rejects the model.
        lm_eval: [{ task: 'arc_easy', metric: 'acc_norm', min: 0.99 }],
        guidellm: [],
      }),
    );
    const decide = await run(
      path.join(venv, 'bin/python'),
      ['-m', 'modelops.cli', 'decide', ...model, '--policy', policyFile],
      {
        cwd: toolDir,
        env: {
          PATH: process.env.PATH,
          PYTHONPATH: toolDir,
          MODEL_REGISTRY_URL: registryUrl,
          MODEL_REGISTRY_TOKEN: token,
        },
      },
    );
    expect({ code: decide.code, stderr: decide.stderr }).toEqual({
      code: 1,
      stderr: expect.any(String),
    });

    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'support-assistant',
        namespace: 'default',
        annotations: {
          'ai-golden-path.io/model-registry': 'rhoai',
          'ai-golden-path.io/model-name': 'qwen-demo',
        },
      },
      spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
    };
    const backend = await startTestBackend({
      features: [
        // Closed when the backend stops, so the Jest worker exits after the file.
        inMemoryDatabaseServiceFactory,
        modelCatalogPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            modelCatalog: {
              registries: [
                {
                  name: 'rhoai',
                  type: 'kubeflow',
                  baseUrl: registryUrl,
                  token,
                },
              ],
            },
          },
        }),
      ],
    });
    try {
      const { port } = backend.server.address() as AddressInfo;
      const response = await fetch(
        `http://127.0.0.1:${port}/api/model-catalog/entities/component/default/support-assistant/model`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      expect(response.status).toBe(200);
      const answer = entityModelResponseSchema.parse(await response.json());
      expect(answer.errors).toEqual([]);
      expect(answer.versions.map(v => v.name)).toEqual(['2025-03-18']);
      const [version] = answer.versions;

      expect(version.artifactUri).toMatch(/^oci:\/\/.*@sha256:a{64}$/);
      expect(version.properties).toMatchObject({
        'intake.state': 'rejected',
        'intake.policy': 'intake-policy@3',
        source_uri: 'hf://Qwen/Qwen2.5-7B',
      });
      expect(version.properties['intake.reasons']).toMatch(/arc_easy/);
      expect(version.labels).toContain('intake:rejected');

      const byRun = (kind: string, runName: string) =>
        version.evaluations.find(
          (e: EvaluationResult) => e.kind === kind && e.run === runName,
        );
      const baseline = byRun('lm-eval', 'baseline');
      const custom = byRun('lm-eval', 'custom-support-tickets');
      expect(baseline?.toolVersion).toMatch(/^lm-eval /);
      expect(baseline?.reportUrl).toBe('s3://reports/qwen-demo/lm-eval.json');
      expect(custom?.dataset).toBe('support-tickets@2026-11');

      // The report's own figure for arc_easy acc_norm, with its stderr, as numbers.
      const report = JSON.parse(fs.readFileSync(lmEvalReport, 'utf8'));
      const arc = report.results.arc_easy;
      for (const evaluation of [baseline, custom]) {
        const figure = evaluation?.metrics.find(
          m => m.task === 'arc_easy' && m.name.endsWith('acc_norm'),
        );
        expect(figure).toMatchObject({
          value: arc['acc_norm,none'],
          stderr: arc['acc_norm_stderr,none'],
          higherIsBetter: true,
        });
      }
      expect(baseline?.passed).toBe(false);

      const guidellm = byRun('guidellm', 'baseline');
      const ttft = guidellm?.metrics.filter(
        m => m.unit === 'ms' && /time to first token/i.test(m.name),
      );
      expect(ttft?.length).toBeGreaterThan(0);
      // The sample is one benchmark at 4 concurrent streams.
      expect(new Set(ttft?.map(m => m.loadLevel))).toEqual(
        new Set(['concurrent-4']),
      );
      expect(
        guidellm?.metrics.some(
          m => m.unit === 'tokens/s' && m.value > 0 && m.loadLevel,
        ),
      ).toBe(true);
    } finally {
      await backend.stop();
    }
  }, 300_000);
});
