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

import { IngestRequest } from '@ai-golden-path/plugin-model-catalog-common';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseModelStore } from './DatabaseModelStore';
import {
  MIGRATIONS_TABLE,
  migrateStore,
  storeMigrationSource,
} from './migrations';
import { StoreRegistrySource } from './StoreRegistrySource';

jest.setTimeout(60_000);

/** SQLite and PostgreSQL (started by the package's Jest globalSetup). */
const databases = createTestDatabases();

const version = (
  id: string,
  name: string,
  extra: Partial<Extract<IngestRequest, { kind: 'version' }>['version']> = {},
): IngestRequest => ({
  id,
  kind: 'version',
  model: 'fraud-detector',
  version: { name, ...extra },
});

const evaluation = (id: string, versionName: string, accuracy: number) =>
  ({
    id,
    kind: 'evaluation',
    model: 'fraud-detector',
    version: versionName,
    evaluation: {
      name: 'holdout',
      kind: 'classic',
      dataset: 'data/holdout.csv',
      evaluatedAt: '2026-11-25T10:00:00Z',
      passed: accuracy > 0.9,
      policy: 'accuracy >= 0.9',
      metrics: [{ name: 'accuracy', value: accuracy, dataset: 'holdout' }],
    },
  }) satisfies IngestRequest;

describe.each(databases.eachSupportedId())('DatabaseModelStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    await migrateStore(knex);
    // Running migrations twice is a no-op (every backend start does it).
    await migrateStore(knex);
    return { knex, store: new DatabaseModelStore(knex) };
  }

  it('stores versions with metrics, aliases and evaluations', async () => {
    const { store } = await createStore();
    await expect(
      store.ingest(
        'default',
        version('v1', '1', {
          labels: ['baseline'],
          aliases: ['champion'],
          author: 'ci',
          sourceCommit: 'abc123',
          pipelineRun: 'https://ci.example/runs/1',
          createdAt: '2026-11-20T10:00:00Z',
          metrics: [{ name: 'accuracy', value: 0.91 }],
          properties: { framework: 'sklearn' },
        }),
      ),
    ).resolves.toEqual({ id: 'v1', created: true });
    await store.ingest(
      'default',
      version('v2', '2', {
        aliases: ['champion'],
        createdAt: '2026-11-21T10:00:00Z',
      }),
    );
    await store.ingest('default', evaluation('e1', '2', 0.95));

    const result = await store.getModel('default', 'fraud-detector');
    expect(result?.model).toMatchObject({
      registry: 'default',
      name: 'fraud-detector',
      sourceType: 'store',
    });
    expect(result?.versions.map(v => v.name)).toEqual(['2', '1']);
    const [v2, v1] = result!.versions;
    // The champion alias moved from version 1 to version 2.
    expect(v2.labels).toEqual(['champion']);
    expect(v1.labels).toEqual(['baseline']);
    expect(v1).toMatchObject({
      author: 'ci',
      sourceCommit: 'abc123',
      pipelineRun: 'https://ci.example/runs/1',
      metrics: [{ name: 'accuracy', value: 0.91 }],
      properties: { framework: 'sklearn' },
    });
    expect(v2.evaluations).toEqual([
      expect.objectContaining({
        id: 'e1',
        name: 'holdout',
        dataset: 'data/holdout.csv',
        passed: true,
        policy: 'accuracy >= 0.9',
        metrics: [{ name: 'accuracy', value: 0.95, dataset: 'holdout' }],
      }),
    ]);
    await expect(store.getModel('default', 'other')).resolves.toBeUndefined();
    await expect(
      store.getModel('other', 'fraud-detector'),
    ).resolves.toBeUndefined();
  });

  it('keeps the run, tool version and every metric field of an LLM evaluation', async () => {
    const { store } = await createStore();
    const metrics = [
      {
        name: 'arc_easy.acc',
        value: 0.7412,
        stderr: 0.009,
        task: 'arc_easy',
        higherIsBetter: true,
        source: 'lm-eval',
        dataset: 'arc_easy',
      },
      {
        name: 'time to first token p99 at constant-2.5',
        value: 182.5,
        unit: 'ms',
        loadLevel: 'constant-2.5',
        higherIsBetter: false,
        source: 'guidellm',
        step: 3,
        recordedAt: '2026-11-25T21:04:05.000Z',
      },
    ];
    await store.ingest('default', {
      id: 'llm-eval-1',
      kind: 'evaluation',
      model: 'fraud-detector',
      version: '3',
      evaluation: {
        name: 'lm-eval (custom-support-tickets)',
        kind: 'lm-eval',
        run: 'custom-support-tickets',
        toolVersion: 'lm-eval 0.4.13',
        evaluatedAt: '2026-11-25T21:04:05Z',
        metrics,
      },
    });
    await store.ingest('default', evaluation('e-plain', '3', 0.9));
    const model = await store.getModel('default', 'fraud-detector');
    const evaluations = model!.versions[0].evaluations;
    expect(evaluations.find(e => e.id === 'llm-eval-1')).toMatchObject({
      run: 'custom-support-tickets',
      toolVersion: 'lm-eval 0.4.13',
      metrics,
    });
    // Metrics are JSON text: what went in comes out, field for field.
    expect(evaluations.find(e => e.id === 'llm-eval-1')?.metrics).toEqual(
      metrics,
    );
    expect(evaluations.find(e => e.id === 'e-plain')).toMatchObject({
      run: undefined,
      toolVersion: undefined,
    });
  });

  it('reads evaluations stored before the run columns existed', async () => {
    const knex = await databases.init(id);
    const options = {
      migrationSource: storeMigrationSource,
      tableName: MIGRATIONS_TABLE,
    };
    await knex.migrate.up({ ...options, name: '20261125_01_init' });
    const store = new DatabaseModelStore(knex);
    // Written with the first schema: no run or tool_version columns yet.
    await knex('model_catalog_evaluations').insert({
      ingest_id: 'old-1',
      registry: 'default',
      model_name: 'fraud-detector',
      version_name: '1',
      name: 'holdout',
      evaluated_at: '2026-11-20T10:00:00Z',
      metrics: JSON.stringify([{ name: 'accuracy', value: 0.9 }]),
    });
    await store.ingest('default', version('v1', '1'));
    await migrateStore(knex);
    await store.ingest('default', {
      ...evaluation('new-1', '1', 0.95),
      evaluation: {
        ...evaluation('new-1', '1', 0.95).evaluation,
        run: 'baseline',
      },
    });
    const model = await store.getModel('default', 'fraud-detector');
    const byId = Object.fromEntries(
      model!.versions[0].evaluations.map(e => [e.id, e]),
    );
    expect(byId['old-1']).toMatchObject({
      name: 'holdout',
      metrics: [{ name: 'accuracy', value: 0.9 }],
    });
    expect(byId['old-1'].run).toBeUndefined();
    expect(byId['new-1'].run).toBe('baseline');
    // And back down: the second migration is reversible.
    await knex.migrate.down(options);
    expect(
      await knex.schema.hasColumn('model_catalog_evaluations', 'run'),
    ).toBe(false);
  });

  it('is idempotent on the client-supplied id and refuses reuse for other content', async () => {
    const { store } = await createStore();
    await expect(
      store.ingest('default', evaluation('e1', '1', 0.8)),
    ).resolves.toEqual({
      id: 'e1',
      created: true,
    });
    await expect(
      store.ingest('default', evaluation('e1', '1', 0.8)),
    ).resolves.toEqual({
      id: 'e1',
      created: false,
    });
    await expect(
      store.ingest('default', evaluation('e1', '1', 0.85)),
    ).rejects.toThrow(/already used for different content/);
    expect(await store.counts()).toEqual({ versions: 1, evaluations: 1 });
  });

  it('keeps an evaluation that arrives before its version', async () => {
    const { store } = await createStore();
    await store.ingest('default', evaluation('e1', '7', 0.97));
    let model = await store.getModel('default', 'fraud-detector');
    expect(model?.versions[0]).toMatchObject({ name: '7', state: 'UNKNOWN' });
    await store.ingest('default', version('v7', '7', { state: 'LIVE' }));
    model = await store.getModel('default', 'fraud-detector');
    expect(model?.versions).toHaveLength(1);
    expect(model?.versions[0]).toMatchObject({ name: '7', state: 'LIVE' });
    expect(model?.versions[0].evaluations).toHaveLength(1);
  });

  it('keeps when a version was first reported when it is reported again', async () => {
    const { store } = await createStore();
    await store.ingest('default', version('r1', '1'));
    const [first] = (await store.getModel('default', 'fraud-detector'))!
      .versions;
    await new Promise(resolve => setTimeout(resolve, 20));
    await store.ingest('default', version('r2', '2'));
    // Version 1 again, only to make it the champion; no createdAt.
    await store.ingest(
      'default',
      version('r3', '1', { aliases: ['champion'], author: 'release-bot' }),
    );
    const { versions } = (await store.getModel('default', 'fraud-detector'))!;
    expect(versions.map(v => v.name)).toEqual(['2', '1']);
    expect(versions[1]).toMatchObject({
      createdAt: first.createdAt,
      labels: ['champion'],
      author: 'release-bot',
    });
    // A report that says when the version was created is believed.
    await store.ingest(
      'default',
      version('r4', '1', { createdAt: '2027-01-01T00:00:00Z' }),
    );
    const again = (await store.getModel('default', 'fraud-detector'))!;
    expect(again.versions.map(v => [v.name, v.createdAt])).toEqual([
      ['1', '2027-01-01T00:00:00Z'],
      ['2', versions[0].createdAt],
    ]);
  });

  it('takes 200 concurrent ingests with no loss and no duplicates', async () => {
    const { store } = await createStore();
    // 100 distinct requests, each sent twice at the same time (a client retrying).
    const requests: IngestRequest[] = [];
    for (let i = 0; i < 50; i++) {
      requests.push(
        version(`v-${i}`, String(i), { metrics: [{ name: 'loss', value: i }] }),
      );
      requests.push(evaluation(`e-${i}`, String(i), i / 50));
    }
    const results = await Promise.all(
      [...requests, ...requests].map(request =>
        store.ingest('default', request),
      ),
    );
    expect(results).toHaveLength(200);
    const created = results.filter(r => r.created).map(r => r.id);
    expect(new Set(created).size).toBe(100);
    expect(created).toHaveLength(100);
    expect(await store.counts()).toEqual({ versions: 50, evaluations: 50 });
    const model = await store.getModel('default', 'fraud-detector');
    expect(model?.versions).toHaveLength(50);
    for (const v of model!.versions) {
      expect(v.metrics).toEqual([{ name: 'loss', value: Number(v.name) }]);
      expect(v.evaluations).toHaveLength(1);
    }
  });

  it('lists models page by page', async () => {
    const { store } = await createStore();
    for (let i = 0; i < 25; i++) {
      await store.ingest('default', {
        id: `m-${i}`,
        kind: 'version',
        model: `model-${String(i).padStart(2, '0')}`,
        version: { name: '1' },
      });
    }
    const source = new StoreRegistrySource({ name: 'default', store });
    const names: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await source.listModels({ pageToken, pageSize: 10 });
      names.push(...page.items.map(m => m.name));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
  });
});
