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

import { FakeMlflowRegistry } from '../../__testUtils__/fakeMlflowRegistry';
import { toMlflowJson } from '../../__testUtils__/mlflowProtos';
import { MlflowRegistrySource } from './MlflowRegistrySource';

const TOKEN = 'mlflow-secret-token-456';

describe('MlflowRegistrySource against a fake MLflow built from its protos', () => {
  const mlflow = new FakeMlflowRegistry();
  let source: MlflowRegistrySource;

  beforeAll(async () => {
    const baseUrl = await mlflow.start();
    mlflow.models.push({
      name: 'fraud-detector',
      creation_timestamp: Date.UTC(2026, 0, 1),
      last_updated_timestamp: Date.UTC(2026, 0, 2),
      description: 'Fraud model',
      tags: [
        { key: 'team', value: 'risk' },
        { key: 'production', value: '' },
      ],
      aliases: [
        { alias: 'champion', version: '2' },
        { alias: 'challenger', version: '3' },
      ],
    });
    for (let i = 0; i < 5; i++) {
      mlflow.models.push({ name: `bulk-${i}` });
    }
    // More versions than one search page (200) holds.
    mlflow.models.push({ name: 'many-versions' });
    for (let v = 1; v <= 450; v++) {
      mlflow.versions.push({
        name: 'many-versions',
        version: String(v),
        creation_timestamp: Date.UTC(2026, 1, 1) + v * 1000,
        status: 'READY',
      });
    }
    for (let v = 1; v <= 3; v++) {
      mlflow.versions.push({
        name: 'fraud-detector',
        version: String(v),
        creation_timestamp: Date.UTC(2026, 0, v),
        last_updated_timestamp: Date.UTC(2026, 0, v),
        user_id: 'alice',
        current_stage: v === 1 ? 'Archived' : 'None',
        source: `s3://models/fraud/${v}`,
        run_id: `run-${v}`,
        status: 'READY',
        tags: [{ key: 'validated', value: '' }],
        aliases: v === 2 ? ['champion'] : [],
        ...(v === 3
          ? {
              model_metrics: [
                {
                  key: 'accuracy',
                  value: 0.97,
                  timestamp: Date.UTC(2026, 0, 3),
                  step: 0,
                  dataset_name: 'holdout',
                  dataset_digest: 'abc',
                  run_id: 'run-3',
                },
              ],
            }
          : {}),
      });
      mlflow.runs.set(`run-${v}`, {
        info: { run_id: `run-${v}`, user_id: 'alice', status: 'FINISHED' },
        data: {
          metrics: [
            {
              key: 'accuracy',
              value: 0.9 + v / 100,
              timestamp: Date.UTC(2026, 0, v),
              step: 1,
            },
            { key: 'f1', value: 0.8, timestamp: Date.UTC(2026, 0, v), step: 1 },
          ],
          tags: [
            { key: 'mlflow.source.git.commit', value: `commit-${v}` },
            { key: 'mlflow.user', value: 'alice' },
          ],
        },
      });
    }
    source = new MlflowRegistrySource({
      name: 'mlflow',
      baseUrl,
      token: TOKEN,
      requestTimeoutMs: 2000,
      maxPages: 100,
    });
  });
  afterAll(() => mlflow.stop());

  it('builds only proto-conformant fixtures', () => {
    expect(() =>
      toMlflowJson(mlflow.root, 'mlflow.ModelVersion', {
        name: 'x',
        versionn: '1',
      }),
    ).toThrow(/no field versionn/);
    expect(() =>
      toMlflowJson(mlflow.root, 'mlflow.ModelVersion', {
        name: 'x',
        status: 'BROKEN',
      }),
    ).toThrow();
  });

  it('reads versions, aliases, stages and the metrics of each run', async () => {
    mlflow.requests.length = 0;
    const result = await source.getModel('fraud-detector', {
      signal: AbortSignal.timeout(5000),
    });
    expect(result?.model).toMatchObject({
      sourceType: 'mlflow',
      name: 'fraud-detector',
      description: 'Fraud model',
      labels: ['production'],
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(result?.versions.map(v => v.name)).toEqual(['3', '2', '1']);
    const [v3, v2, v1] = result!.versions;
    expect(v2.labels).toEqual(['champion', 'validated']);
    expect(v3.labels).toEqual(['challenger', 'validated']);
    expect(v1.state).toBe('ARCHIVED');
    expect(v1.labels).toContain('archived');
    expect(v2).toMatchObject({
      state: 'LIVE',
      author: 'alice',
      sourceCommit: 'commit-2',
      artifactUri: 's3://models/fraud/2',
      metrics: [
        expect.objectContaining({ name: 'accuracy', value: 0.92, step: 1 }),
        expect.objectContaining({ name: 'f1', value: 0.8 }),
      ],
    });
    // MLflow 3 model metrics come with the version, with their dataset; no run read needed.
    expect(v3.metrics).toEqual([
      expect.objectContaining({
        name: 'accuracy',
        value: 0.97,
        dataset: 'holdout',
      }),
    ]);
    const runReads = mlflow.requests.filter(r =>
      r.url.pathname.endsWith('/runs/get'),
    );
    expect(runReads.map(r => r.url.searchParams.get('run_id')).sort()).toEqual([
      'run-1',
      'run-2',
    ]);
    expect(
      mlflow.requests.every(r => r.authorization === `Bearer ${TOKEN}`),
    ).toBe(true);
  });

  it('answers undefined for an unknown model', async () => {
    await expect(
      source.getModel('nope', { signal: AbortSignal.timeout(5000) }),
    ).resolves.toBeUndefined();
  });

  it('lists all models with page_token', async () => {
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await source.listModels({
        pageToken,
        pageSize: 2,
        signal: AbortSignal.timeout(5000),
      });
      names.push(...page.items.map(m => m.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(names).toHaveLength(7);
  });

  it('reads every version of a model with more versions than a page holds', async () => {
    mlflow.requests.length = 0;
    const result = await source.getModel('many-versions', {
      signal: AbortSignal.timeout(10_000),
    });
    expect(result?.versions).toHaveLength(450);
    // Newest first, none lost or repeated at the page boundaries.
    expect(result?.versions[0].name).toBe('450');
    expect(result?.versions[449].name).toBe('1');
    expect(new Set(result?.versions.map(v => v.name)).size).toBe(450);
    const pages = mlflow.requests.filter(r =>
      r.url.pathname.endsWith('/model-versions/search'),
    );
    expect(pages).toHaveLength(3);
    expect(pages[1].url.searchParams.get('page_token')).toBeTruthy();
  });

  it('lists an empty registry, whose answer leaves out the list', async () => {
    mlflow.fault = () => ({ type: 'status', status: 200, body: '{}' });
    try {
      await expect(
        source.listModels({ pageSize: 10, signal: AbortSignal.timeout(5000) }),
      ).resolves.toEqual({ items: [], nextPageToken: undefined });
    } finally {
      mlflow.fault = undefined;
    }
  });

  it('fails a listing answered with 404 or with something other than a list', async () => {
    // Read as empty, either would make the entity provider delete the registry's models.
    const list = () =>
      source.listModels({ pageSize: 10, signal: AbortSignal.timeout(5000) });
    try {
      mlflow.fault = () => ({
        type: 'status',
        status: 404,
        body: JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND' }),
      });
      await expect(list()).rejects.toThrow(
        /registered-models\/search answered HTTP 404/,
      );
      mlflow.fault = () => ({
        type: 'status',
        status: 200,
        body: JSON.stringify({ registered_models: { name: 'x' } }),
      });
      await expect(list()).rejects.toThrow(
        /other than a list of 'registered_models'/,
      );
    } finally {
      mlflow.fault = undefined;
    }
  });

  it('sends only queries the request messages declare', async () => {
    // Every request of the tests above passed the fake's check against the protos.
    expect(mlflow.requests.length).toBeGreaterThan(0);
    expect(mlflow.queryErrors).toEqual([]);
    // The check can fail: a field the message lacks is MLflow's 400.
    const refused = await fetch(
      `${mlflow.baseUrl}/api/2.0/mlflow/registered-models/search?pageSize=10`,
    );
    expect(refused.status).toBe(400);
    expect(mlflow.queryErrors.pop()).toMatch(/has no field pageSize/);
  });
});
