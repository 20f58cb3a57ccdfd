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
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goldenPathTemplate, goldenPathValues, repoRoot } from '../goldenPath';

const checkProject = path.join(repoRoot, 'test/generated-project/check-project.sh');

/** Runs the generated-project harness; resolves with its exit code and output. */
function runCheck(projectDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise(resolve => {
    const child = spawn('bash', [checkProject, projectDir], {
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.on('close', code => resolve({ code, output }));
  });
}

const combinations = ['sklearn', 'pytorch'].flatMap(framework =>
  ['embedded', 'external'].flatMap(servingMode =>
    ['local', 'model-registry', 'mlflow'].map(registry => ({ framework, servingMode, registry })),
  ),
);

/**
 * The golden-path template rendered through the real scaffolder for every combination of
 * framework, serving mode and registry; each generated project then has to pass its own tests,
 * train, evaluate, serve predictions over HTTP and shut down cleanly, in a virtual environment
 * built from the project's own pins (test/generated-project/check-project.sh).
 */
describe('generated model project', () => {
  let backend: DryRunBackend;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-project-'));

  beforeAll(async () => {
    backend = await startDryRunBackend();
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it.each(combinations)(
    '$framework, $servingMode serving, $registry registry: tests, training, evaluation and serving work',
    async ({ framework, servingMode, registry }) => {
      const name = `churn-${framework}-${servingMode}-${registry}`.slice(0, 40).replace(/-$/, '');
      const result = await backend.dryRun({
        templateFile: goldenPathTemplate,
        values: goldenPathValues({
          name,
          description: `Churn model: "${framework}" <${servingMode}> & #1 {{ registry }}`,
          framework,
          servingMode,
          externalProtocol: registry === 'mlflow' ? 'openai' : 'kserve-v2',
          registry,
          evaluationMetric: 'f1',
          evaluationThreshold: 0.6,
        }),
      });
      expect(failedStep(result)).toBeUndefined();
      const projectDir = path.join(workDir, name);
      writeDirectoryContents(result, projectDir);

      // The model version is set in one place only.
      const versionFiles = result.directoryContents
        .filter(file => file.path.endsWith('.py'))
        .filter(file => /^__version__\s*=/m.test(Buffer.from(file.base64Content, 'base64').toString()))
        .map(file => file.path);
      expect(versionFiles).toEqual(['common/__init__.py']);

      const { code, output } = await runCheck(projectDir);
      expect({ code, output }).toEqual({
        code: 0,
        output: expect.stringContaining(`PASS all checks for ${name}`),
      });
      expect(output).toMatch(/PASS project tests \([1-9][0-9]* passed\)/);
      expect(output).toContain('PASS POST /predict, batch of 10');
      expect(output).toContain('PASS GET /metrics shows the request counter');
    },
    600_000,
  );
});
