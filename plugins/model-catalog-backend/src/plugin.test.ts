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
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  entityModelResponseSchema,
  MODEL_NAME_ANNOTATION,
  MODEL_REGISTRY_ANNOTATION,
} from '@ai-golden-path/plugin-model-catalog-common';
import { CapturingLogger } from './__testUtils__/capturingLogger';
import {
  endlessVersionListing,
  FakeKubeflowRegistry,
} from './__testUtils__/fakeKubeflowRegistry';
import { Fault } from './__testUtils__/fakeServer';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { modelCatalogPlugin } from './plugin';

jest.setTimeout(30_000);

const KUBEFLOW_TOKEN = 'kf-token-must-never-leak-0001';

const component = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'experimental',
  },
});

const entities = [
  component('fraud-detector', { [MODEL_NAME_ANNOTATION]: 'fraud-detector' }),
  component('secret-model', { [MODEL_NAME_ANNOTATION]: 'secret-model' }),
  component('no-model'),
  component('concurrent-user', { [MODEL_NAME_ANNOTATION]: 'concurrent' }),
  component('kf-model', {
    [MODEL_REGISTRY_ANNOTATION]: 'rhoai',
    [MODEL_NAME_ANNOTATION]: 'fraud-detector',
  }),
  component('unknown-registry', {
    [MODEL_REGISTRY_ANNOTATION]: 'https://evil.example',
    [MODEL_NAME_ANNOTATION]: 'x',
  }),
];

const serviceHeader = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci-pipeline'),
  targetPluginId: 'model-catalog',
});

const versionIngest = (id: string, name: string) => ({
  id,
  kind: 'version',
  model: 'fraud-detector',
  version: {
    name,
    aliases: ['champion'],
    author: 'ci',
    metrics: [{ name: 'accuracy', value: 0.9 }],
  },
});

/** The store runs on SQLite and PostgreSQL (started by the package's Jest globalSetup). */
const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'model-catalog plugin on %s',
  databaseId => {
    const registry = new FakeKubeflowRegistry({ validate: true });
    const logger = new CapturingLogger();
    let server: any;

    beforeAll(async () => {
      const registryUrl = await registry.start();
      registry.addModel('fraud-detector', 3);
      const backend = await startTestBackend({
        features: [
          modelCatalogPlugin,
          mockServices.database.factory({
            knex: await databases.init(databaseId),
          }),
          logger.factory(),
          // Without this the mock treats a request with no token as a signed-in user.
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          catalogServiceMock.factory({ entities }),
          mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(r => ({
                result:
                  'resourceRef' in r &&
                  r.resourceRef === 'component:default/secret-model'
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              })),
          }).factory,
          mockServices.rootConfig.factory({
            data: {
              modelCatalog: {
                registries: [
                  { name: 'default', type: 'store' },
                  {
                    name: 'rhoai',
                    type: 'kubeflow',
                    baseUrl: registryUrl,
                    token: KUBEFLOW_TOKEN,
                  },
                ],
                requestTimeoutMs: 300,
                responseDeadlineMs: 1500,
                // The fault tests heal the registry and expect the next request to see it.
                failureBackoffSeconds: 0,
                cacheTtlSeconds: 0.001,
                ingest: { maxBodyBytes: 4096 },
              },
            },
          }),
        ],
      });
      server = backend.server;
    });
    afterAll(() => registry.stop());
    afterEach(() => {
      registry.fault = undefined;
    });

    describe('ingest', () => {
      it('refuses a request without a token', async () => {
        const res = await request(server)
          .post('/api/model-catalog/ingest')
          .send(versionIngest('a', '1'));
        expect(res.status).toBe(401);
      });

      it('refuses a wrong token', async () => {
        const res = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', 'Bearer not-a-real-token')
          .send(versionIngest('a', '1'));
        expect(res.status).toBe(401);
      });

      it('refuses a user token', async () => {
        const res = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', mockCredentials.user.header())
          .send(versionIngest('a', '1'));
        expect(res.status).toBe(403);
      });

      it('refuses another plugin (only external access tokens ingest)', async () => {
        const res = await request(server)
          .post('/api/model-catalog/ingest')
          .set(
            'authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service('plugin:catalog'),
              targetPluginId: 'model-catalog',
            }),
          )
          .send(versionIngest('a', '1'));
        expect(res.status).toBe(403);
      });

      it('refuses an oversized payload', async () => {
        const res = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .send({ ...versionIngest('big', '1'), padding: 'x'.repeat(10_000) });
        expect(res.status).toBe(413);
      });

      it('refuses malformed JSON and invalid content', async () => {
        const malformed = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .set('content-type', 'application/json')
          .send('{"id": "x", ');
        expect(malformed.status).toBe(400);

        const invalid = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .send({ ...versionIngest('bad', '1'), unexpected: true });
        expect(invalid.status).toBe(400);
        expect(invalid.body.error.message).toMatch(/Invalid ingest request/);

        const wrongType = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .send({
            id: 'e',
            kind: 'evaluation',
            model: 'm',
            version: '1',
            evaluation: {
              name: 'x',
              metrics: [{ name: 'acc', value: 'high' }],
            },
          });
        expect(wrongType.status).toBe(400);
      });

      it('refuses ingest into a registry that is not a store', async () => {
        const res = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .send({ ...versionIngest('kf', '1'), registry: 'rhoai' });
        expect(res.status).toBe(400);
      });

      it('stores once per id, answers replays and refuses a reused id', async () => {
        const first = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .send(versionIngest('v1', '1'));
        expect(first.status).toBe(201);
        expect(first.body).toEqual({ id: 'v1', created: true });
        const replay = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .send(versionIngest('v1', '1'));
        expect(replay.status).toBe(200);
        expect(replay.body).toEqual({ id: 'v1', created: false });
        const reused = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .send(versionIngest('v1', '2'));
        expect(reused.status).toBe(409);
      });

      it('takes 200 concurrent ingests through HTTP with no loss and no duplicates', async () => {
        const bodies = Array.from({ length: 100 }, (_, i) => ({
          id: `eval-${i}`,
          kind: 'evaluation',
          model: 'concurrent',
          version: String(i % 10),
          evaluation: {
            name: 'holdout',
            metrics: [{ name: 'accuracy', value: i / 100 }],
          },
        }));
        const responses = await Promise.all(
          [...bodies, ...bodies].map(body =>
            request(server)
              .post('/api/model-catalog/ingest')
              .set('authorization', serviceHeader)
              .send(body),
          ),
        );
        expect(responses.map(r => r.status).sort()).toEqual([
          ...Array(100).fill(200),
          ...Array(100).fill(201),
        ]);
        // What a user then sees: 10 versions holding the 100 results, each once.
        const res = await request(server)
          .get(
            '/api/model-catalog/entities/component/default/concurrent-user/model',
          )
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
        const body = entityModelResponseSchema.parse(res.body);
        expect(body.versions.map(v => v.name).sort()).toEqual(
          Array.from({ length: 10 }, (_, i) => String(i)),
        );
        const ids = body.versions.flatMap(v => v.evaluations.map(e => e.id));
        expect(ids).toHaveLength(100);
        expect(new Set(ids)).toEqual(new Set(bodies.map(b => b.id)));
      });
    });

    describe('entity model', () => {
      it('answers with the versions of an annotated entity', async () => {
        const res = await request(server)
          .get(
            '/api/model-catalog/entities/component/default/fraud-detector/model',
          )
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
        const body = entityModelResponseSchema.parse(res.body);
        expect(body).toMatchObject({
          entityRef: 'component:default/fraud-detector',
          registry: 'default',
          modelName: 'fraud-detector',
          errors: [],
        });
        expect(body.versions.map(v => v.name)).toEqual(['1']);
        expect(body.versions[0].labels).toEqual(['champion']);
        expect(res.headers['content-encoding']).toBe('gzip');

        const again = await request(server)
          .get(
            '/api/model-catalog/entities/component/default/fraud-detector/model',
          )
          .set('authorization', mockCredentials.user.header())
          .set('if-none-match', res.headers.etag);
        expect(again.status).toBe(304);

        const plain = await request(server)
          .get(
            '/api/model-catalog/entities/component/default/fraud-detector/model',
          )
          .set('authorization', mockCredentials.user.header())
          .set('accept-encoding', 'identity');
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(
          entityModelResponseSchema.parse(plain.body).versions,
        ).toHaveLength(1);
      });

      it('shows an LLM evaluation with its run, tool version and metric details', async () => {
        const metrics = [
          {
            name: 'arc_easy.acc',
            value: 0.74,
            stderr: 0.009,
            task: 'arc_easy',
            higherIsBetter: true,
          },
          {
            name: 'time to first token p99 at constant-2.5',
            value: 182.5,
            unit: 'ms',
            loadLevel: 'constant-2.5',
            higherIsBetter: false,
          },
        ];
        const ingest = await request(server)
          .post('/api/model-catalog/ingest')
          .set('authorization', serviceHeader)
          .send({
            id: 'llm-eval-baseline-1',
            kind: 'evaluation',
            model: 'fraud-detector',
            version: '1',
            evaluation: {
              name: 'lm-eval (baseline)',
              kind: 'lm-eval',
              run: 'baseline',
              toolVersion: 'lm-eval 0.4.13',
              metrics,
            },
          });
        expect(ingest.status).toBe(201);
        const res = await request(server)
          .get(
            '/api/model-catalog/entities/component/default/fraud-detector/model',
          )
          .set('authorization', mockCredentials.user.header());
        const body = entityModelResponseSchema.parse(res.body);
        expect(body.versions[0].evaluations).toEqual([
          expect.objectContaining({
            id: 'llm-eval-baseline-1',
            run: 'baseline',
            toolVersion: 'lm-eval 0.4.13',
            metrics,
          }),
        ]);
      });

      it('needs a token', async () => {
        const res = await request(server).get(
          '/api/model-catalog/entities/component/default/fraud-detector/model',
        );
        expect(res.status).toBe(401);
      });

      it('hides entities the caller may not read, like missing ones', async () => {
        const hidden = await request(server)
          .get(
            '/api/model-catalog/entities/component/default/secret-model/model',
          )
          .set('authorization', mockCredentials.user.header());
        expect(hidden.status).toBe(404);
        const missing = await request(server)
          .get(
            '/api/model-catalog/entities/component/default/does-not-exist/model',
          )
          .set('authorization', mockCredentials.user.header());
        expect(missing.status).toBe(404);
        expect(hidden.body.error.message).toBe(
          'No entity component:default/secret-model',
        );
      });

      it('answers 404 for an entity without annotation or with an unknown registry', async () => {
        for (const name of ['no-model', 'unknown-registry']) {
          const res = await request(server)
            .get(`/api/model-catalog/entities/component/default/${name}/model`)
            .set('authorization', mockCredentials.user.header());
          expect(res.status).toBe(404);
        }
        expect(registry.requests.some(r => r.url.host.includes('evil'))).toBe(
          false,
        );
      });

      it('rejects malformed entity references', async () => {
        const res = await request(server)
          .get(
            '/api/model-catalog/entities/component/default/..%2F..%2Fetc/model',
          )
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(400);
      });

      it('reads a Kubeflow registry, then answers with stale data and the failure when it breaks', async () => {
        const good = await request(server)
          .get('/api/model-catalog/entities/component/default/kf-model/model')
          .set('authorization', mockCredentials.user.header());
        expect(good.status).toBe(200);
        expect(good.body.errors).toEqual([]);
        expect(good.body.versions).toHaveLength(3);

        await new Promise(resolve => setTimeout(resolve, 20)); // let the 1 ms cache expire
        registry.fault = () => ({
          type: 'status',
          status: 500,
          body: `upstream saw Bearer ${KUBEFLOW_TOKEN}`,
        });
        const broken = await request(server)
          .get('/api/model-catalog/entities/component/default/kf-model/model')
          .set('authorization', mockCredentials.user.header());
        expect(broken.status).toBe(200);
        expect(broken.body.versions).toHaveLength(3);
        expect(broken.body.errors).toEqual([
          expect.objectContaining({
            source: 'registry:rhoai',
            kind: 'registry',
            message: expect.stringMatching(/HTTP 500/),
            failingSince: expect.any(String),
            lastSuccessAt: expect.any(String),
          }),
        ]);

        registry.fault = () => ({ type: 'hang' });
        const started = Date.now();
        const slow = await request(server)
          .get('/api/model-catalog/entities/component/default/kf-model/model')
          .set('authorization', mockCredentials.user.header());
        expect(Date.now() - started).toBeLessThan(1500 + 2500);
        expect(slow.status).toBe(200);
        expect(slow.body.errors[0].failingSince).toBe(
          broken.body.errors[0].failingSince,
        );

        // The registry token never reaches a response or a log line.
        for (const text of [
          JSON.stringify(broken.body),
          JSON.stringify(slow.body),
          ...logger.lines,
        ]) {
          expect(text).not.toContain(KUBEFLOW_TOKEN);
        }
        expect(
          logger.lines.some(
            line =>
              line.includes('registry:rhoai') ||
              line.includes("registry 'rhoai'"),
          ),
        ).toBe(true);
      });
    });

    describe('registry faults, through the API', () => {
      it.each<[string, (url: URL) => Fault | undefined, RegExp]>([
        [
          'persistent 429s',
          () => ({ type: 'status', status: 429, retryAfter: '0' }),
          /HTTP 429/,
        ],
        ['malformed JSON', () => ({ type: 'malformed' }), /malformed JSON/],
        [
          'a page that never ends',
          endlessVersionListing(),
          /repeated a page token/,
        ],
        [
          '404 for the version listing',
          url =>
            url.pathname.endsWith('/versions')
              ? { type: 'status', status: 404 }
              : undefined,
          /versions answered HTTP 404/,
        ],
      ])(
        'answers with the last good data and the error on %s',
        async (_, fault, message) => {
          const read = () =>
            request(server)
              .get(
                '/api/model-catalog/entities/component/default/kf-model/model',
              )
              .set('authorization', mockCredentials.user.header());
          expect((await read()).body.errors).toEqual([]);
          await new Promise(resolve => setTimeout(resolve, 20)); // the 1 ms cache expires
          registry.fault = fault;
          const started = Date.now();
          const res = await read();
          expect(Date.now() - started).toBeLessThan(1500 + 2500);
          expect(res.status).toBe(200);
          expect(res.body.versions).toHaveLength(3);
          expect(res.body.errors).toEqual([
            expect.objectContaining({
              source: 'registry:rhoai',
              message: expect.stringMatching(message),
            }),
          ]);
        },
      );
    });

    describe('registry listing', () => {
      it('fails a page when the registry fails, so the provider applies nothing', async () => {
        registry.fault = () => ({ type: 'status', status: 404 });
        const res = await request(server)
          .get('/api/model-catalog/registries/rhoai/models')
          .set('authorization', serviceHeader);
        expect(res.status).toBe(503);
        expect(res.body.error.message).toMatch(
          /kubeflow registry 'rhoai': GET \/api\/model_registry\/v1alpha3\/registered_models answered HTTP 404/,
        );
        expect(JSON.stringify(res.body)).not.toContain(KUBEFLOW_TOKEN);
      });

      it('serves pages to services only', async () => {
        const user = await request(server)
          .get('/api/model-catalog/registries/default/models')
          .set('authorization', mockCredentials.user.header());
        expect(user.status).toBe(403);
        const service = await request(server)
          .get('/api/model-catalog/registries/default/models?pageSize=1')
          .set(
            'authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service('plugin:catalog'),
              targetPluginId: 'model-catalog',
            }),
          );
        expect(service.status).toBe(200);
        expect(service.body.items).toHaveLength(1);
        expect(service.body.nextPageToken).toEqual(expect.any(String));
        const bad = await request(server)
          .get('/api/model-catalog/registries/default/models?pageSize=0')
          .set('authorization', serviceHeader);
        expect(bad.status).toBe(400);
      });
    });
  },
);
