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

import { localRepositoryUrlReaderFactory } from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';
import aiGoldenPathModule from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import git from 'isomorphic-git';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inMemoryDatabaseServiceFactory } from '@ai-golden-path/template-cli';
import { goldenPathTemplate, goldenPathValues } from '../goldenPath';

type Task = { status: string; id: string };

/**
 * One real task, as a user clicking "Create" in the local Backstage runs it: the template
 * comes from the catalog, the project is published as a local git repository and the new
 * component is registered in the real catalog.
 */
describe('golden-path template, real task with the local publish target', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let baseUrl: string;
  let publishRoot: string;

  beforeAll(async () => {
    publishRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'local-repos-'));
    backend = await startTestBackend({
      features: [
        // On the test backend's default database the Jest worker stayed alive after the
        // file; this one is closed by stop().
        inMemoryDatabaseServiceFactory,
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        aiGoldenPathModule,
        urlReaderServiceFactory,
        localRepositoryUrlReaderFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Template', 'Location', 'Resource', 'System', 'Group'] }],
              locations: [{ type: 'file', target: goldenPathTemplate }],
            },
            aiGoldenPath: { localPublish: { rootDirectory: publishRoot } },
          },
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60) {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  async function runTask(values: Record<string, unknown>) {
    await waitFor('the template in the catalog', async () => {
      const response = await fetch(`${baseUrl}/api/catalog/entities/by-name/template/default/ai-golden-path`);
      return response.ok ? true : undefined;
    });
    const created = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ templateRef: 'template:default/ai-golden-path', values }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Task;
    const task = await waitFor('the task to finish', async () => {
      const current = (await (await fetch(`${baseUrl}/api/scaffolder/v2/tasks/${id}`)).json()) as Task;
      return ['completed', 'failed', 'cancelled'].includes(current.status) ? current : undefined;
    });
    const events = (await (
      await fetch(`${baseUrl}/api/scaffolder/v2/tasks/${id}/events`)
    ).json()) as { body: { message: string } }[];
    return { status: task.status, log: events.map(event => event.body.message).join('\n') };
  }

  it('publishes a git repository and registers the component in the catalog', async () => {
    const task = await runTask(goldenPathValues());
    expect(task).toEqual(expect.objectContaining({ status: 'completed' }));

    const repo = path.join(publishRoot, 'fraud-detector');
    const commits = await git.log({ fs, dir: repo });
    expect(commits).toHaveLength(1);
    const tracked = await git.listFiles({ fs, dir: repo });
    expect(tracked).toEqual(expect.arrayContaining(['catalog-info.yaml', 'common/__init__.py']));

    const entity = await waitFor('the component in the catalog', async () => {
      const response = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/component/default/fraud-detector`,
      );
      return response.ok ? ((await response.json()) as any) : undefined;
    });
    expect(entity.spec.owner).toBe('group:default/ml-engineers');
    expect(entity.metadata.annotations['backstage.io/managed-by-location']).toBe(
      `url:file://${repo}/catalog-info.yaml`,
    );
  }, 120_000);

  it('fails without touching the existing repository when the name is taken', async () => {
    const repo = path.join(publishRoot, 'taken-name');
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'README.md'), 'someone else\n');

    const task = await runTask(goldenPathValues({ name: 'taken-name' }));
    expect(task.status).toBe('failed');
    expect(task.log).toContain('repoName "taken-name": a repository of that name already exists');
    expect(fs.readdirSync(repo)).toEqual(['README.md']);
    expect(fs.readdirSync(publishRoot).filter(name => name.startsWith('.staging'))).toEqual([]);
  }, 120_000);
});
