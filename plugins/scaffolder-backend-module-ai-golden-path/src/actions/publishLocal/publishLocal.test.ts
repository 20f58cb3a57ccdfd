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
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublishLocalAction } from './publishLocal';

describe('ai-golden-path:publish:local', () => {
  let root: string;
  let workspacePath: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-repos-'));
    workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-'));
    fs.writeFileSync(path.join(workspacePath, 'catalog-info.yaml'), 'kind: Component\n');
    fs.mkdirSync(path.join(workspacePath, 'training'));
    fs.writeFileSync(path.join(workspacePath, 'training/train.py'), 'print("train")\n');
    fs.writeFileSync(path.join(workspacePath, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  });

  const action = (config: object = { aiGoldenPath: { localPublish: { rootDirectory: root } } }) =>
    createPublishLocalAction({ config: new ConfigReader(config) });

  function context(input: Record<string, unknown>, isDryRun = false) {
    const ctx = createMockActionContext({ input: input as any, workspacePath });
    return { ...ctx, isDryRun };
  }

  it('publishes the workspace as a git repository with one commit', async () => {
    const ctx = context({ repoName: 'fraud-model' });
    await action().handler(ctx as any);

    const repo = path.join(root, 'fraud-model');
    expect(fs.readdirSync(root)).toEqual(['fraud-model']);
    expect(fs.readFileSync(path.join(repo, 'training/train.py'), 'utf8')).toBe('print("train")\n');
    expect(fs.statSync(path.join(repo, 'run.sh')).mode & 0o111).not.toBe(0);

    const log = await git.log({ fs, dir: repo });
    expect(log).toHaveLength(1);
    expect(log[0].commit.message).toBe('Initial commit\n');
    expect(await git.currentBranch({ fs, dir: repo })).toBe('main');
    const tracked = await git.listFiles({ fs, dir: repo });
    expect(tracked.sort()).toEqual(['catalog-info.yaml', 'run.sh', 'training/train.py']);

    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(fileURLToPath(outputs.catalogInfoUrl)).toBe(path.join(repo, 'catalog-info.yaml'));
    expect(outputs.commitHash).toBe(log[0].oid);
  });

  it.each([
    ['../outside', /repoName "..\/outside" may contain only/],
    ['Fraud', /repoName "Fraud" may contain only/],
    ['a'.repeat(101), /at most 100 are allowed/],
    ['x\ny', /repoName "x\\ny" may contain only/],
    ['', /repoName is required/],
  ])('refuses the repository name %j and writes nothing', async (repoName, message) => {
    await expect(action().handler(context({ repoName }) as any)).rejects.toThrow(message);
    expect(fs.readdirSync(root)).toEqual([]);
    expect(fs.existsSync(path.join(path.dirname(root), 'outside'))).toBe(false);
  });

  it('refuses a sourcePath outside the workspace', async () => {
    await expect(
      action().handler(context({ repoName: 'm', sourcePath: '../..' }) as any),
    ).rejects.toThrow('sourcePath "../.." is outside the workspace');
  });

  it('refuses to overwrite an existing repository', async () => {
    fs.mkdirSync(path.join(root, 'taken'));
    fs.writeFileSync(path.join(root, 'taken/keep.txt'), 'mine');
    await expect(action().handler(context({ repoName: 'taken' }) as any)).rejects.toThrow(
      /already exists/,
    );
    expect(fs.readdirSync(path.join(root, 'taken'))).toEqual(['keep.txt']);
  });

  it('leaves nothing behind when publishing fails half-way', async () => {
    fs.symlinkSync('/etc/passwd', path.join(workspacePath, 'training/passwd'));
    await expect(action().handler(context({ repoName: 'broken' }) as any)).rejects.toThrow(
      /symbolic link/,
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('writes nothing in a dry run but still says where it would publish', async () => {
    const ctx = context({ repoName: 'dry' }, true);
    await action().handler(ctx as any);
    expect(fs.readdirSync(root)).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      expect.stringMatching(/\/dry\/catalog-info\.yaml$/),
    );
  });

  it('says how to configure it when no publish directory is set', async () => {
    await expect(action({}).handler(context({ repoName: 'x' }) as any)).rejects.toThrow(
      'Local publishing is not configured: set aiGoldenPath.localPublish.rootDirectory',
    );
  });
});
