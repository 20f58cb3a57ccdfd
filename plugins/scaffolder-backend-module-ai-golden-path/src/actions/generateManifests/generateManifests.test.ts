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

  function context(
    input: Record<string, unknown>,
    template: string = templateDir,
  ) {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath,
      templateInfo: {
        entityRef: 'template:default/x',
        baseUrl: pathToFileURL(path.join(template, 'template.yaml')).href,
      },
    });
    // The mock's temporary directory is the workspace; the scaffolder's is a directory of its own.
    return {
      ...ctx,
      createTemporaryDirectory: async () =>
        fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-set-')),
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
    // The first run compiles the bundled schemas: seconds on a busy machine.
  }, 120_000);

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

  /**
   * Platform teams change a manifest set by editing its files. The action is created with no
   * aiGoldenPath.manifests configuration at all, as in a fresh RHDH install: the schemas bundled
   * with the module must catch an edit that breaks a manifest, name the file, the document and
   * the field, and leave the workspace empty.
   */
  describe('an edit of the manifest set that breaks a manifest, without any schema configuration', () => {
    /** A copy of the template whose manifest file `file` is changed by `edit`. */
    function editedTemplate(file: string, edit: (text: string) => string) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edited-template-'));
      fs.cpSync(templateDir, dir, { recursive: true });
      const target = path.join(dir, 'manifests', file);
      const before = fs.readFileSync(target, 'utf8');
      const after = edit(before);
      // The template may change under this test; a no-op edit would pass for the wrong reason.
      expect(after).not.toBe(before);
      fs.writeFileSync(target, after);
      return dir;
    }

    it.each([
      {
        what: 'replicas written as a word',
        file: 'deploy/base/deployment.yaml.hbs',
        edit: (text: string) =>
          text.replace(/^(\s+)replicas: \d+$/m, '$1replicas: "two"'),
        problem:
          'deploy/base/deployment.yaml (document 0) spec.replicas: must be integer',
      },
      {
        what: 'a Tekton step without an image',
        file: '.tekton/task-python-checks.yaml.hbs',
        edit: (text: string) =>
          text.replace(
            /^\s+image: registry\.access\.redhat\.com\/ubi9\/python-311:latest\n/m,
            '',
          ),
        problem:
          '.tekton/task-python-checks.yaml (document 0) spec.steps[0].image: is required',
      },
      {
        what: 'a misspelt field in an Argo CD Application spec',
        file: 'gitops/{{only gitUrl}}argocd/application-dev.yaml.hbs',
        edit: (text: string) =>
          text.replace(/^ {2}syncPolicy:$/m, '  syncPolicies:'),
        problem:
          'gitops/argocd/application-dev.yaml (document 0) spec.syncPolicies: is not a field of this object',
      },
    ])(
      'refuses $what, naming file, document and field, and writes nothing',
      async ({ file, edit, problem }) => {
        const template = editedTemplate(file, edit);
        try {
          const ctx = context({ values }, template);
          const error = await action.handler(ctx as any).then(
            () => undefined,
            (e: Error) => e,
          );
          expect(error?.message).toContain(problem);
          expect(fs.readdirSync(workspacePath)).toEqual([]);
          expect(ctx.output).not.toHaveBeenCalled();
        } finally {
          fs.rmSync(template, { recursive: true, force: true });
        }
      },
      120_000,
    );

    it('lets the check be turned off, and says so in the log', async () => {
      const template = editedTemplate('deploy/base/deployment.yaml.hbs', text =>
        text.replace(/^(\s+)replicas: \d+$/m, '$1replicas: "two"'),
      );
      try {
        const offConfig = new ConfigReader({
          aiGoldenPath: { manifests: { schemaValidation: false } },
        });
        const unchecked = createGenerateManifestsAction({
          reader: mockServices.urlReader.mock(),
          integrations: ScmIntegrations.fromConfig(offConfig),
          config: offConfig,
        });
        const ctx = context({ values }, template);
        const warn = jest.spyOn(ctx.logger, 'warn');
        await unchecked.handler(ctx as any);
        expect(
          fs.readFileSync(
            path.join(workspacePath, 'deploy/base/deployment.yaml'),
            'utf8',
          ),
        ).toContain('replicas: "two"');
        expect(warn).toHaveBeenCalledWith(
          expect.stringContaining('schema validation is off'),
        );
      } finally {
        fs.rmSync(template, { recursive: true, force: true });
      }
    }, 120_000);
  });
});
