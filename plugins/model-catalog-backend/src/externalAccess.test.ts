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
        logger.factory(),
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

  it('never writes the token to the logs', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const line of logger.lines) {
      expect(line).not.toContain(INGEST_TOKEN);
    }
  });
});
