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

import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { CapturingLogger } from './__testUtils__/capturingLogger';
import { modelCatalogPlugin } from './plugin';

jest.setTimeout(30_000);

// With the test backend's default database the Jest worker stayed alive after this file
// ("A worker process has failed to exit gracefully"); TestDatabases closes its databases
// after the file.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const INGEST_TOKEN = 'static-ingest-token-abcdefghijklmnop-0123456789';
/** A pipeline's token limited, as docs/model-catalog.md advises, to ingesting. */
const RESTRICTED_TOKEN = 'static-restricted-token-qrstuvwxyz-9876543210';

/**
 * The ingest route with Backstage's real auth services and a static external access token
 * from `backend.auth.externalAccess`, as a CI pipeline would call it.
 */
describe('ingest with real external access tokens', () => {
  const logger = new CapturingLogger();
  let server: any;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        modelCatalogPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        // Backstage's own permission service: it decides for service principals from their
        // access restrictions, without a policy.
        permissionsServiceFactory,
        logger.factory(),
        logger.rootFactory(),
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:0',
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: {
                      token: INGEST_TOKEN,
                      subject: 'evaluation-pipeline',
                    },
                  },
                  {
                    type: 'static',
                    options: {
                      token: RESTRICTED_TOKEN,
                      subject: 'restricted-pipeline',
                    },
                    accessRestrictions: [
                      {
                        plugin: 'model-catalog',
                        permission: 'model-catalog.ingest',
                      },
                    ],
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  const body = {
    id: 'eval-run-1',
    kind: 'evaluation',
    model: 'fraud-detector',
    version: '3',
    evaluation: {
      name: 'lm-eval',
      kind: 'lm-eval',
      dataset: 'arc_easy',
      passed: true,
      metrics: [{ name: 'arc_easy.acc', value: 0.71, dataset: 'arc_easy' }],
    },
  };

  it('accepts the configured token', async () => {
    const res = await request(server)
      .post('/api/model-catalog/ingest')
      .set('authorization', `Bearer ${INGEST_TOKEN}`)
      .send(body);
    expect(res.status).toBe(201);
  });

  it('refuses no token and a wrong token', async () => {
    const none = await request(server)
      .post('/api/model-catalog/ingest')
      .send(body);
    expect(none.status).toBe(401);
    const wrong = await request(server)
      .post('/api/model-catalog/ingest')
      .set('authorization', `Bearer ${INGEST_TOKEN.replace('a', 'b')}`)
      .send(body);
    expect(wrong.status).toBe(401);
  });

  it('lets a token restricted to ingesting ingest, and nothing else', async () => {
    const ingest = await request(server)
      .post('/api/model-catalog/ingest')
      .set('authorization', `Bearer ${RESTRICTED_TOKEN}`)
      .send({ ...body, id: 'eval-run-restricted' });
    expect(ingest.status).toBe(201);

    const list = await request(server)
      .get('/api/model-catalog/registries/default/models')
      .set('authorization', `Bearer ${RESTRICTED_TOKEN}`);
    expect(list.status).toBe(403);
    expect(list.body.error.message).toMatch(/Not allowed to list/);
    const model = await request(server)
      .get('/api/model-catalog/entities/component/default/fraud-detector/model')
      .set('authorization', `Bearer ${RESTRICTED_TOKEN}`);
    expect(model.status).toBe(404);

    // The unrestricted token may list: it is a service like the catalog module.
    const listed = await request(server)
      .get('/api/model-catalog/registries/default/models')
      .set('authorization', `Bearer ${INGEST_TOKEN}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: { name: string }) => m.name)).toEqual([
      'fraud-detector',
    ]);
  });

  it('never writes a token to the logs, the root logger included', async () => {
    // An error answer, which the router's error handler logs.
    await request(server)
      .post('/api/model-catalog/ingest')
      .set('authorization', `Bearer ${INGEST_TOKEN}`)
      .set('content-type', 'application/json')
      .send('{"id": ');
    expect(logger.lines.length).toBeGreaterThan(0);
    // Each ingest is logged with the token's subject.
    expect(logger.lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "Ingest 'eval-run-1' (evaluation) for model 'fraud-detector' in 'default' from evaluation-pipeline: stored",
        ),
        expect.stringContaining('from restricted-pipeline: stored'),
      ]),
    );
    for (const line of logger.lines) {
      expect(line).not.toContain(INGEST_TOKEN);
      expect(line).not.toContain(RESTRICTED_TOKEN);
    }
  });
});
