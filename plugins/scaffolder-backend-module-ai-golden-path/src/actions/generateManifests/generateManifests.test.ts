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

import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { manifestValues } from '../../manifests/testValues';
import { createGenerateManifestsAction } from './generateManifests';

const repoRoot = path.resolve(__dirname, '../../../../..');
const templateDir = path.join(repoRoot, 'templates/ai-golden-path');

const values = manifestValues({
  framework: 'pytorch',
  servingMode: 'embedded',
  registry: 'mlflow',
  trainingSchedule: '30 2 * * *',
  evaluation: { metric: 'f1', threshold: 0.7 },
  gitUrl: 'https://gitlab.com/my-group/fraud-detector.git',
  triggers: false,
});

describe('ai-golden-path:manifests:generate', () => {
  let workspacePath: string;
  const config = new ConfigReader({});
  const action = createGenerateManifestsAction({
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(config),
    config,
  });

  beforeEach(() => {
    workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-'));
  });

  function context(input: Record<string, unknown>) {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath,
      templateInfo: {
        entityRef: 'template:default/x',
        baseUrl: pathToFileURL(path.join(templateDir, 'template.yaml')).href,
      },
    });
    // The mock's temporary directory is the workspace; the scaffolder's is a directory of its own.
    return {
      ...ctx,
      createTemporaryDirectory: async () => fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-set-')),
    };
  }

  it('writes the manifest set next to the project and lists the files', async () => {
    const ctx = context({ values });
    await action.handler(ctx as any);
    expect(fs.existsSync(path.join(workspacePath, '.tekton/push.yaml'))).toBe(
      true,
    );
    expect(
      fs.existsSync(
        path.join(workspacePath, 'pipelines/compiled/training.yaml'),
      ),
    ).toBe(true);
    expect(fs.existsSync(path.join(workspacePath, '.golden-path'))).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith(
      'files',
      expect.arrayContaining(['deploy/overlays/prod/kustomization.yaml']),
    );
  });

  it('refuses a targetPath outside the workspace', async () => {
    await expect(
      action.handler(context({ values, targetPath: '../elsewhere' }) as any),
    ).rejects.toThrow(/targetPath "\.\.\/elsewhere" is outside the workspace/);
  });

  it('writes nothing when the values do not fit', async () => {
    await expect(
      action.handler(
        context({
          values: {
            ...values,
            namespaces: { dev: 'Dev', prod: 'models-prod' },
          },
        }) as any,
      ),
    ).rejects.toThrow(/values\.namespaces\.dev/);
    expect(fs.readdirSync(workspacePath)).toEqual([]);
  });
});
