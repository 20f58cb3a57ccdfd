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

import tls from 'node:tls';
import { localCertificate } from '../../__testUtils__/localCertificate';
import { withDefaultCas } from '../http';
import {
  endlessVersionListing,
  FakeKubeflowRegistry,
} from '../../__testUtils__/fakeKubeflowRegistry';
import { OpenApiSchemas, specPath } from '../../__testUtils__/specs';
import { KubeflowRegistrySource } from './KubeflowRegistrySource';
import { KubeflowArtifact } from './types';

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
    const newestId = registry.versions.get('1')![249].id;
    const artifact = (
      fields: Partial<KubeflowArtifact> &
        Pick<KubeflowArtifact, 'artifactType'>,
      index: number,
    ): KubeflowArtifact => ({
      id: String(900 + index),
      state: 'LIVE',
      createTimeSinceEpoch: String(Date.UTC(2026, 10, 25, 10, index)),
      lastUpdateTimeSinceEpoch: String(Date.UTC(2026, 10, 25, 10, index)),
      ...fields,
    });
    registry.artifacts.set(
      newestId,
      [
        {
          artifactType: 'model-artifact' as const,
          name: 'model',
          uri: 's3://models/fraud-detector/250',
          modelFormatName: 'onnx',
          modelFormatVersion: '1',
        },
        {
          artifactType: 'metric' as const,
          name: 'val_loss',
          value: 0.31,
          timestamp: String(Date.UTC(2026, 10, 25, 9)),
          step: 4,
        },
        // Measured again later: the newer value is the one shown.
        {
          artifactType: 'metric' as const,
          name: 'val_loss',
          value: 0.27,
          timestamp: String(Date.UTC(2026, 10, 25, 11)),
          step: 5,
        },
        {
          artifactType: 'metric' as const,
          name: 'lm_eval@baseline.mmlu.acc',
          value: 0.62,
        },
        {
          artifactType: 'doc-artifact' as const,
          name: 'lm_eval@baseline.html',
          uri: 'https://reports.example/fraud-detector/250/baseline.html',
        },
        {
          artifactType: 'doc-artifact' as const,
          name: 'old-report',
          uri: 'https://reports.example/old',
          state: 'DELETED' as const,
        },
        {
          artifactType: 'dataset-artifact' as const,
          name: 'holdout',
          uri: 's3://data/holdout.csv',
        },
        {
          artifactType: 'parameter' as const,
          name: 'learning_rate',
          value: '0.01',
          parameterType: 'number',
        } as unknown as KubeflowArtifact,
      ].map((fields, index) => artifact(fields, index)),
    );
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
    // Artifacts are told apart by artifactType, and each type is checked as itself.
    expect(() =>
      schemas.assert('Artifact', {
        artifactType: 'doc-artifact',
        uri: 'https://reports.example/a',
      }),
    ).not.toThrow();
    expect(() =>
      schemas.assert('Artifact', { artifactType: 'metric', value: 'high' }),
    ).toThrow(/does not match/);
    expect(() =>
      schemas.assert('Artifact', { artifactType: 'report', uri: 'x' }),
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
    // 1 find + 3 pages of 100 versions + one artifact listing per version
    expect(registry.requests).toHaveLength(4 + 250);
    expect(
      registry.requests.filter(r => r.url.pathname.endsWith('/artifacts')),
    ).toHaveLength(250);
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
    const lmEval = newest.evaluations.find(e => e.kind === 'lm-eval');
    expect(lmEval).toMatchObject({
      name: 'lm-eval',
      run: 'default',
      passed: true,
      dataset: 'arc_easy,hellaswag',
    });
    expect(lmEval?.metrics).toEqual([
      expect.objectContaining({
        name: 'arc_easy.acc',
        value: 0.71,
        task: 'arc_easy',
        dataset: 'arc_easy,hellaswag',
        source: 'lm-eval',
      }),
      expect.objectContaining({ name: 'hellaswag.acc_norm', value: 0.55 }),
    ]);
    const guidellm = newest.evaluations.find(e => e.kind === 'guidellm');
    expect(guidellm?.passed).toBeUndefined();
    expect(guidellm?.metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'time to first token p99',
          unit: 'ms',
        }),
        expect.objectContaining({ name: 'requests_per_second', value: 4 }),
      ]),
    );
    // From the artifacts: the model's location, the newest metric value, the report link.
    expect(newest.artifactUri).toBe('s3://models/fraud-detector/250');
    expect(metric('val_loss')).toEqual({
      name: 'val_loss',
      value: 0.27,
      step: 5,
      recordedAt: '2026-11-25T11:00:00.000Z',
    });
    expect(newest.evaluations.find(e => e.run === 'baseline')).toMatchObject({
      name: 'lm-eval (baseline)',
      reportUrl: 'https://reports.example/fraud-detector/250/baseline.html',
      metrics: [expect.objectContaining({ name: 'mmlu.acc', value: 0.62 })],
    });
    expect(newest.properties['document:old-report']).toBeUndefined();
    expect(Object.keys(newest.properties)).not.toContain('learning_rate');
    expect(registry.validated).toEqual(
      expect.arrayContaining([
        'RegisteredModel',
        'ModelVersionList',
        'ArtifactList',
      ]),
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

  it('sends only queries the spec declares, and gets the order it asks for', async () => {
    // Every request of the tests above passed the fake's check against model-registry.yaml.
    expect(registry.requests.length).toBeGreaterThan(0);
    expect(registry.queryErrors).toEqual([]);
    const result = await source.getModel('fraud-detector', {
      signal: AbortSignal.timeout(5000),
    });
    // CREATE_TIME DESC: newest first, straight from the registry.
    expect(result!.versions.slice(0, 3).map(v => v.name)).toEqual([
      'v250',
      'v249',
      'v248',
    ]);

    // The check can fail: a value the spec refuses is the API's 400.
    const refused = await fetch(
      `${registry.baseUrl}/api/model_registry/v1alpha3/registered_models?orderBy=NAME`,
    );
    expect(refused.status).toBe(400);
    expect(registry.queryErrors.pop()).toMatch(/orderBy=NAME/);
  });
});

describe('KubeflowRegistrySource faults', () => {
  const registry = new FakeKubeflowRegistry();
  let baseUrl: string;
  // Timeouts generous enough for a busy machine; the timeout test sets its own.
  const create = (requestTimeoutMs = 3000, maxPages = 50) =>
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
    // Per URL: 429, then 503, then the answer. Counted per URL rather than per request
    // index because artifact listings run concurrently and interleave.
    const attempts = new Map<string, number>();
    registry.fault = url => {
      const attempt = (attempts.get(url.href) ?? 0) + 1;
      attempts.set(url.href, attempt);
      if (attempt === 1) {
        return { type: 'status', status: 429, retryAfter: '0' };
      }
      return attempt === 2
        ? { type: 'status', status: 503, retryAfter: '0' }
        : undefined;
    };
    registry.requests.length = 0;
    const result = await read(create());
    expect(result?.versions).toHaveLength(30);
    // 1 find + 1 page + 30 artifact listings, each answered on the third attempt.
    expect(attempts.size).toBe(32);
    expect([...attempts.values()].every(n => n === 3)).toBe(true);
  });

  it('gives up on persistent 429', async () => {
    registry.fault = () => ({ type: 'status', status: 429, retryAfter: '0' });
    await expect(read(create())).rejects.toThrow(/HTTP 429/);
  });

  it('rejects malformed JSON', async () => {
    registry.fault = () => ({ type: 'malformed' });
    await expect(read(create())).rejects.toThrow(/malformed JSON/);
  });

  it("fails the read when a version's artifacts cannot be read", async () => {
    registry.fault = url =>
      url.pathname.endsWith('/model_versions/100007/artifacts')
        ? { type: 'status', status: 500 }
        : undefined;
    await expect(read(create())).rejects.toThrow(
      /GET \/api\/model_registry\/v1alpha3\/model_versions\/100007\/artifacts answered HTTP 500/,
    );
  });

  it("gives up on slow artifact listings at the caller's deadline", async () => {
    registry.fault = url =>
      url.pathname.endsWith('/artifacts') ? { type: 'hang' } : undefined;
    const started = Date.now();
    await expect(
      create(5000).getModel('fraud-detector', {
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow(/aborted at the response deadline/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops a listing that never ends', async () => {
    registry.fault = endlessVersionListing();
    await expect(read(create())).rejects.toThrow(/repeated a page token/);
    registry.fault = endlessVersionListing(page => `token-${page}`);
    await expect(read(create(3000, 20))).rejects.toThrow(
      /did not end after 20 pages/,
    );
  });

  // An answer that is not a listing must fail the read: read as an empty registry, it would
  // make the entity provider delete every model of that registry.
  const list = (pageToken?: string) =>
    create().listModels({
      pageToken,
      pageSize: 10,
      signal: AbortSignal.timeout(10_000),
    });

  it("reads every page of a version's artifacts", async () => {
    // 230 metrics logged on one version: three pages of 100.
    registry.artifacts.set(
      '100007',
      Array.from({ length: 230 }, (_, i) => ({
        artifactType: 'metric' as const,
        id: String(5000 + i),
        name: `loss_epoch_${i}`,
        value: 1 / (i + 1),
        state: 'LIVE' as const,
      })),
    );
    registry.requests.length = 0;
    try {
      const result = await read(create());
      const version = result!.versions.find(v => v.id === '100007')!;
      expect(
        version.metrics.filter(m => m.name.startsWith('loss_epoch_')),
      ).toHaveLength(230);
      const pages = registry.requests.filter(r =>
        r.url.pathname.endsWith('/model_versions/100007/artifacts'),
      );
      expect(pages).toHaveLength(3);
    } finally {
      registry.artifacts.delete('100007');
    }
  });

  it('fails a listing answered with 404, whatever its body', async () => {
    registry.fault = () => ({
      type: 'status',
      status: 404,
      body: JSON.stringify({ code: '404', message: 'not found' }),
    });
    await expect(list()).rejects.toThrow(
      /GET \/api\/model_registry\/v1alpha3\/registered_models answered HTTP 404/,
    );
  });

  it('fails a listing whose answer has no items', async () => {
    registry.fault = () => ({
      type: 'status',
      status: 200,
      body: JSON.stringify({ nextPageToken: '', pageSize: 10, size: 3 }),
    });
    await expect(list()).rejects.toThrow(
      /answered something other than a list of 'items'/,
    );
    registry.fault = () => ({ type: 'status', status: 200, body: '[]' });
    await expect(list()).rejects.toThrow(/other than a list/);
  });

  it('takes an empty page whose items are null', async () => {
    registry.fault = () => ({
      type: 'status',
      status: 200,
      body: JSON.stringify({
        items: null,
        nextPageToken: '',
        pageSize: 10,
        size: 0,
      }),
    });
    await expect(list()).resolves.toEqual({
      items: [],
      nextPageToken: undefined,
    });
  });

  it('fails a model read at a base URL that is not the registry API', async () => {
    // A plain-text 404 is a router's "no such path", not the API's "no such model".
    const wrongBase = new KubeflowRegistrySource({
      name: 'rhoai',
      baseUrl: `${baseUrl}/not-the-api`,
      token: TOKEN,
      requestTimeoutMs: 3000,
      maxPages: 50,
    });
    await expect(
      wrongBase.getModel('fraud-detector', {
        signal: AbortSignal.timeout(10_000),
      }),
    ).rejects.toThrow(/answered HTTP 404/);
    await expect(
      wrongBase.listModels({
        pageSize: 10,
        signal: AbortSignal.timeout(10_000),
      }),
    ).rejects.toThrow(/answered HTTP 404/);
  });

  it("fails the read when a version's artifacts are answered with 404", async () => {
    registry.fault = url =>
      url.pathname.endsWith('/model_versions/100007/artifacts')
        ? { type: 'status', status: 404 }
        : undefined;
    await expect(read(create())).rejects.toThrow(
      /model_versions\/100007\/artifacts answered HTTP 404/,
    );
  });
});

describe('KubeflowRegistrySource over HTTPS', () => {
  const certificate = localCertificate();
  const registry = new FakeKubeflowRegistry({ tls: certificate });
  let baseUrl: string;
  const read = (caData?: string) =>
    new KubeflowRegistrySource({
      name: 'rhoai',
      baseUrl,
      token: TOKEN,
      caData,
      requestTimeoutMs: 3000,
      maxPages: 50,
    }).getModel('fraud-detector', { signal: AbortSignal.timeout(10_000) });

  beforeAll(async () => {
    baseUrl = await registry.start();
    registry.addModel('fraud-detector', 2);
  });
  afterAll(() => registry.stop());

  it('trusts a private CA given as caData', async () => {
    expect(baseUrl).toMatch(/^https:/);
    const result = await read(certificate.cert);
    expect(result?.versions.map(v => v.name).sort()).toEqual(['v1', 'v2']);
  });

  it('refuses a certificate it was not told to trust', async () => {
    registry.requests.length = 0;
    await expect(read()).rejects.toThrow(
      /kubeflow registry 'rhoai': GET \/api\/model_registry\/v1alpha3\/registered_model failed/,
    );
    // The handshake failed, so the token was never sent.
    expect(registry.requests).toHaveLength(0);
  });

  it('keeps the default CAs next to caData', () => {
    const cas = withDefaultCas(certificate.cert);
    expect(cas).toContain(certificate.cert);
    expect(cas).toEqual(expect.arrayContaining([...tls.rootCertificates]));
  });
});
