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

import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { createRenderSkeletonAction } from './renderSkeleton';

function makeTemplateDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-'));
  const write = (name: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  };
  write('template.yaml', 'kind: Template\n');
  write(
    'skeleton/.skeleton.yaml',
    YAML.stringify({
      values: {
        type: 'object',
        required: ['name', 'owner'],
        properties: {
          name: { type: 'string', maxLength: 20, pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$' },
          owner: { type: 'string' },
        },
      },
    }),
  );
  write('skeleton/catalog-info.yaml.hbs', 'metadata:\n  name: {{name}}\nspec:\n  owner: {{yaml owner}}\n');
  write('skeleton/{{snake name}}/__init__.py', '');
  return dir;
}

describe('ai-golden-path:skeleton:render', () => {
  const action = createRenderSkeletonAction({
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });

  function context(input: Record<string, unknown>, templateDir = makeTemplateDir()) {
    const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-'));
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath,
      templateInfo: {
        entityRef: 'template:default/test',
        baseUrl: pathToFileURL(path.join(templateDir, 'template.yaml')).toString(),
      },
    });
    // The mock hands out the workspace itself as temporary directory; the scaffolder does not.
    const createTemporaryDirectory = async () =>
      fs.mkdtempSync(path.join(os.tmpdir(), 'action-tmp-'));
    return { ctx: { ...ctx, isDryRun: false, createTemporaryDirectory }, workspacePath };
  }

  it('renders the skeleton into the workspace and lists the files', async () => {
    const { ctx, workspacePath } = context({
      url: './skeleton',
      values: { name: 'fraud-model', owner: 'group:default/ml' },
    });
    await action.handler(ctx as any);
    const catalogInfo = YAML.parse(
      fs.readFileSync(path.join(workspacePath, 'catalog-info.yaml'), 'utf8'),
    );
    expect(catalogInfo).toEqual({
      metadata: { name: 'fraud-model' },
      spec: { owner: 'group:default/ml' },
    });
    expect(fs.existsSync(path.join(workspacePath, 'fraud_model/__init__.py'))).toBe(true);
    expect(fs.existsSync(path.join(workspacePath, '.skeleton.yaml'))).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith('files', ['catalog-info.yaml', 'fraud_model/__init__.py']);
  });

  it('renders into targetPath inside the workspace', async () => {
    const { ctx, workspacePath } = context({
      url: './skeleton',
      targetPath: 'nested/dir',
      values: { name: 'm1', owner: 'me' },
    });
    await action.handler(ctx as any);
    expect(fs.existsSync(path.join(workspacePath, 'nested/dir/catalog-info.yaml'))).toBe(true);
  });

  it.each([
    [{ name: 'Fraud', owner: 'x' }, /values.name must match pattern/],
    [{ name: 'a'.repeat(21), owner: 'x' }, /values.name must NOT have more than 20 characters/],
    [{ name: 'ok' }, /values.owner is required/],
    [{ name: 'x\ny', owner: 'x' }, /values.name must match pattern/],
  ])('refuses values the skeleton schema rejects: %j', async (values, message) => {
    const { ctx, workspacePath } = context({ url: './skeleton', values });
    await expect(action.handler(ctx as any)).rejects.toThrow(message);
    expect(fs.readdirSync(workspacePath)).toEqual([]);
  });

  it('refuses a targetPath outside the workspace', async () => {
    const { ctx } = context({
      url: './skeleton',
      targetPath: '../outside',
      values: { name: 'm1', owner: 'me' },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'targetPath "../outside" is outside the workspace',
    );
  });

  it('refuses a skeleton url that leaves the template directory', async () => {
    const { ctx } = context({ url: '../../etc', values: {} });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /url "..\/..\/etc": the skeleton could not be read/,
    );
  });

  describe('a skeleton named from the repository root (url: /skeleton)', () => {
    /** A repository with the skeleton at its top level and the template two levels down. */
    function makeRepository(options: { git: boolean }) {
      const repo = makeTemplateDir();
      const templateDir = path.join(repo, 'templates', 'golden');
      fs.mkdirSync(templateDir, { recursive: true });
      fs.renameSync(path.join(repo, 'template.yaml'), path.join(templateDir, 'template.yaml'));
      if (options.git) fs.mkdirSync(path.join(repo, '.git'));
      return { repo, templateDir };
    }
    const values = { name: 'fraud-model', owner: 'group:default/ml' };

    it('reads it from the root of the git work tree holding a file-located template', async () => {
      const { templateDir } = makeRepository({ git: true });
      const { ctx, workspacePath } = context({ url: '/skeleton', values }, templateDir);
      await action.handler(ctx as any);
      expect(
        YAML.parse(fs.readFileSync(path.join(workspacePath, 'catalog-info.yaml'), 'utf8')),
      ).toEqual({ metadata: { name: 'fraud-model' }, spec: { owner: 'group:default/ml' } });
    });

    it('reads it from the repository root of a template on a git host', async () => {
      const reader = mockServices.urlReader.mock();
      const skeletonFiles = path.join(makeTemplateDir(), 'skeleton');
      reader.readTree.mockResolvedValue({
        dir: async ({ targetDir }: { targetDir: string }) => {
          fs.cpSync(skeletonFiles, targetDir, { recursive: true });
          return targetDir;
        },
      } as any);
      const hosted = createRenderSkeletonAction({
        reader,
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      });
      const { ctx, workspacePath } = context({ url: '/skeleton', values });
      await hosted.handler({
        ...ctx,
        templateInfo: {
          entityRef: 'template:default/test',
          baseUrl: 'https://github.com/my-org/golden-paths/blob/main/templates/golden/template.yaml',
        },
      } as any);
      expect(reader.readTree).toHaveBeenCalledWith(
        'https://github.com/my-org/golden-paths/tree/main/skeleton',
        expect.anything(),
      );
      expect(fs.existsSync(path.join(workspacePath, 'catalog-info.yaml'))).toBe(true);
    });

    it('reads it from the files sent with a dry-run, where the template is at the root', async () => {
      const { ctx, workspacePath } = context({ url: '/skeleton', values });
      await action.handler({ ...ctx, isDryRun: true } as any);
      expect(fs.existsSync(path.join(workspacePath, 'fraud_model/__init__.py'))).toBe(true);
    });

    it('says what to do when the template is not in a git work tree', async () => {
      const { templateDir } = makeRepository({ git: false });
      const { ctx, workspacePath } = context({ url: '/skeleton', values }, templateDir);
      await expect(action.handler(ctx as any)).rejects.toThrow(
        /url "\/skeleton": the skeleton could not be read: .* not inside a git work tree/,
      );
      expect(fs.readdirSync(workspacePath)).toEqual([]);
    });

    it('refuses a path that climbs out of the repository', async () => {
      const { templateDir } = makeRepository({ git: true });
      const { ctx } = context({ url: '/../../etc', values }, templateDir);
      await expect(action.handler(ctx as any)).rejects.toThrow(
        /url "\/..\/..\/etc": the skeleton could not be read/,
      );
    });

    it('leaves out a link that points outside the repository', async () => {
      const { repo, templateDir } = makeRepository({ git: true });
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
      fs.writeFileSync(path.join(outside, 'secret.txt'), 'not for the workspace');
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(repo, 'skeleton', 'secret.txt'));
      const { ctx, workspacePath } = context({ url: '/skeleton', values }, templateDir);
      await action.handler(ctx as any);
      expect(fs.existsSync(path.join(workspacePath, 'catalog-info.yaml'))).toBe(true);
      expect(fs.existsSync(path.join(workspacePath, 'secret.txt'))).toBe(false);
    });
  });
});
