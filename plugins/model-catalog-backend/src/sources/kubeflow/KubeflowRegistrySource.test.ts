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

import { FakeKubeflowRegistry } from '../../__testUtils__/fakeKubeflowRegistry';
import { OpenApiSchemas, specPath } from '../../__testUtils__/specs';
import { KubeflowRegistrySource } from './KubeflowRegistrySource';

const TOKEN = 'kubeflow-secret-token-123';

describe('KubeflowRegistrySource against a fake registry validated by model-registry.yaml', () => {
  const registry = new FakeKubeflowRegistry({ validate: true });
  let source: KubeflowRegistrySource;

  beforeAll(async () => {
    const baseUrl = await registry.start();
    registry.addModel('fraud-detector', 250, (version, i) => {
      if (i === 249) {
        version.state = 'ARCHIVED';
        version.description = 'the newest, archived';
        // Every MetadataValue type the API defines.
        version.customProperties = {
          accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.93 },
          epochs: { metadataType: 'MetadataIntValue', int_value: '12' },
          framework: {
            metadataType: 'MetadataStringValue',
            string_value: 'sklearn',
          },
          champion: { metadataType: 'MetadataStringValue', string_value: '' },
          quantized: { metadataType: 'MetadataBoolValue', bool_value: false },
          config: {
            metadataType: 'MetadataStructValue',
            struct_value: Buffer.from('{"a":1}').toString('base64'),
          },
          card: {
            metadataType: 'MetadataProtoValue',
            type: 'type.googleapis.com/example.Card',
            proto_value: Buffer.from('x').toString('base64'),
          },
          source_commit: {
            metadataType: 'MetadataStringValue',
            string_value: 'abc123',
          },
          pipeline_run: {
            metadataType: 'MetadataStringValue',
            string_value: 'https://pipelines.example/runs/42',
          },
          'lm_eval.arc_easy.acc': {
            metadataType: 'MetadataDoubleValue',
            double_value: 0.71,
          },
          'lm_eval.hellaswag.acc_norm': {
            metadataType: 'MetadataDoubleValue',
            double_value: 0.55,
          },
          'lm_eval.dataset': {
            metadataType: 'MetadataStringValue',
            string_value: 'arc_easy,hellaswag',
          },
          'lm_eval.passed': {
            metadataType: 'MetadataBoolValue',
            bool_value: true,
          },
          'guidellm.ttft_ms.p99': {
            metadataType: 'MetadataDoubleValue',
            double_value: 180.5,
          },
          'guidellm.requests_per_second': {
            metadataType: 'MetadataIntValue',
            int_value: '4',
          },
          _lastModified: {
            metadataType: 'MetadataStringValue',
            string_value: 'x',
          },
        };
      }
    });
    registry.addModel('churn', 1);
    for (let i = 0; i < 23; i++) {
      registry.addModel(`bulk-${i}`, 0);
    }
    source = new KubeflowRegistrySource({
      name: 'rhoai',
      baseUrl,
      token: TOKEN,
      requestTimeoutMs: 2000,
      maxPages: 100,
      modelUrlTemplate:
        'https://rhoai.example/modelRegistry/rhoai/registeredModels/{id}',
    });
  });
  afterAll(() => registry.stop());

  it('validates the fixtures themselves against the OpenAPI document', () => {
    const schemas = OpenApiSchemas.fromYamlFile(
      specPath('model-registry', 'model-registry.yaml'),
    );
    expect(() =>
      schemas.assert('MetadataValue', {
        metadataType: 'MetadataIntValue',
        int_value: 12,
      }),
    ).toThrow(/does not match/);
    expect(() =>
      schemas.assert('RegisteredModelList', { items: [], pageSize: 1 }),
    ).toThrow(/does not match/);
  });

  it('reads a model and all versions across pages, with every property type', async () => {
    registry.requests.length = 0;
    const result = await source.getModel('fraud-detector', {
      signal: AbortSignal.timeout(5000),
    });
    expect(result?.model).toMatchObject({
      registry: 'rhoai',
      sourceType: 'kubeflow',
      id: '1',
      name: 'fraud-detector',
      owner: 'ml-team',
      labels: ['production'],
      createdAt: '2026-01-01T00:00:00.000Z',
      url: 'https://rhoai.example/modelRegistry/rhoai/registeredModels/1',
    });
    expect(result?.versions).toHaveLength(250);
    // 1 find + 3 pages of 100 versions
    expect(registry.requests).toHaveLength(4);
    const pageTokens = registry.requests.map(r =>
      r.url.searchParams.get('nextPageToken'),
    );
    expect(pageTokens.filter(Boolean)).toHaveLength(2);
    expect(
      registry.requests.every(r => r.authorization === `Bearer ${TOKEN}`),
    ).toBe(true);
    expect(registry.requests[1].url.searchParams.get('pageSize')).toBe('100');

    const newest = result!.versions.find(v => v.name === 'v250')!;
    expect(newest).toMatchObject({
      state: 'ARCHIVED',
      labels: ['champion'],
      author: 'pipeline',
      sourceCommit: 'abc123',
      pipelineRun: 'https://pipelines.example/runs/42',
      properties: {
        framework: 'sklearn',
        quantized: 'false',
        config: 'struct (12 base64 characters)',
        card: 'proto type.googleapis.com/example.Card',
      },
    });
    const metric = (name: string) => newest.metrics.find(m => m.name === name);
    expect(metric('accuracy')).toEqual({ name: 'accuracy', value: 0.93 });
    expect(metric('epochs')).toEqual({ name: 'epochs', value: 12 });
    expect(metric('lm_eval.arc_easy.acc')).toMatchObject({
      value: 0.71,
      dataset: 'arc_easy,hellaswag',
      source: 'lm-eval',
    });
    expect(metric('guidellm.requests_per_second')?.value).toBe(4);
    expect(newest.evaluations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'lm-eval',
          passed: true,
          dataset: 'arc_easy,hellaswag',
        }),
        expect.objectContaining({ name: 'guidellm', passed: undefined }),
      ]),
    );
    expect(
      newest.evaluations.find(e => e.name === 'lm-eval')?.metrics,
    ).toHaveLength(2);
    expect(registry.validated).toEqual(
      expect.arrayContaining(['RegisteredModel', 'ModelVersionList']),
    );
  });

  it('answers undefined for an unknown model', async () => {
    await expect(
      source.getModel('nope', { signal: AbortSignal.timeout(5000) }),
    ).resolves.toBeUndefined();
  });

  it('lists the whole registry with nextPageToken', async () => {
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await source.listModels({
        pageToken,
        pageSize: 10,
        signal: AbortSignal.timeout(5000),
      });
      names.push(...page.items.map(m => m.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(names).toHaveLength(25);
    expect(registry.validated).toContain('RegisteredModelList');
  });
});

describe('KubeflowRegistrySource faults', () => {
  const registry = new FakeKubeflowRegistry();
  let baseUrl: string;
  const create = (requestTimeoutMs = 300, maxPages = 50) =>
    new KubeflowRegistrySource({
      name: 'rhoai',
      baseUrl,
      token: TOKEN,
      requestTimeoutMs,
      maxPages,
    });

  beforeAll(async () => {
    baseUrl = await registry.start();
    registry.addModel('fraud-detector', 30);
  });
  afterEach(() => {
    registry.fault = undefined;
  });
  afterAll(() => registry.stop());

  const read = (source: KubeflowRegistrySource) =>
    source.getModel('fraud-detector', { signal: AbortSignal.timeout(10_000) });

  it('times out a registry that never answers', async () => {
    registry.fault = () => ({ type: 'hang' });
    const started = Date.now();
    await expect(read(create(200))).rejects.toThrow(/timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports 5xx without the token', async () => {
    registry.fault = () => ({
      type: 'status',
      status: 500,
      body: `echo ${TOKEN}`,
    });
    const error = await read(create()).catch(e => e);
    expect(error.message).toMatch(/answered HTTP 500/);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String(error.stack)).not.toContain(TOKEN);
  });

  it('retries 429 and 503 with Retry-After, then succeeds', async () => {
    registry.fault = (_url, index) =>
      index % 3 === 0
        ? { type: 'status', status: 429, retryAfter: '0' }
        : undefined;
    registry.requests.length = 0;
    const result = await read(create());
    expect(result?.versions).toHaveLength(30);
  });

  it('gives up on persistent 429', async () => {
    registry.fault = () => ({ type: 'status', status: 429, retryAfter: '0' });
    await expect(read(create())).rejects.toThrow(/HTTP 429/);
  });

  it('rejects malformed JSON', async () => {
    registry.fault = () => ({ type: 'malformed' });
    await expect(read(create())).rejects.toThrow(/malformed JSON/);
  });

  it('stops a listing that never ends', async () => {
    registry.fault = url =>
      url.pathname.endsWith('/versions')
        ? {
            type: 'status',
            status: 200,
            body: JSON.stringify({
              items: [],
              nextPageToken: 'same-token-forever',
              pageSize: 100,
              size: 0,
            }),
          }
        : undefined;
    await expect(read(create())).rejects.toThrow(/repeated a page token/);
    let page = 0;
    registry.fault = url =>
      url.pathname.endsWith('/versions')
        ? {
            type: 'status',
            status: 200,
            body: JSON.stringify({
              items: [],
              nextPageToken: `token-${page++}`,
              pageSize: 100,
              size: 0,
            }),
          }
        : undefined;
    await expect(read(create(300, 20))).rejects.toThrow(
      /did not end after 20 pages/,
    );
  });
});
