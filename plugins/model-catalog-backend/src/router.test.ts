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

import express from 'express';
import request from 'supertest';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { acceptsGzip, matchesIfNoneMatch } from './answerResponse';
import { changingRegistry } from './__testUtils__/changingRegistry';
import { createRouter } from './router';
import { ModelCatalogService } from './service/ModelCatalogService';

const entity = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'ai-golden-path.io/model-name': 'fraud-detector' },
  },
  spec: {},
});

async function setup() {
  const registry = changingRegistry(['1']);
  const service = new ModelCatalogService({
    registries: [registry.source],
    deploymentReaders: [],
    cache: CacheManager.fromConfig(new ConfigReader({})).forPlugin(
      'model-catalog',
    ),
    logger: mockServices.logger.mock(),
    cacheTtlMs: 60_000,
    responseDeadlineMs: 1000,
  });
  let readable = true;
  let catalogReads = 0;
  const user = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/ada' },
  };
  const pipeline = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'external:pipeline' },
  };
  const router = await createRouter({
    service,
    store: {
      ingest: jest.fn(async () => ({ id: 'run-2', created: true })),
    } as any,
    catalog: {
      getEntityByRef: async (ref: string) => {
        catalogReads++;
        return entity(ref.split('/').pop() as string);
      },
    } as any,
    auth: { getOwnServiceCredentials: async () => user } as any,
    httpAuth: {
      credentials: async (req: express.Request) =>
        req.headers.authorization === 'Bearer pipeline' ? pipeline : user,
    } as any,
    permissions: {
      authorize: async (requests: Array<{ resourceRef?: string }>) =>
        requests.map(r => ({
          result:
            readable || !r.resourceRef
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    } as any,
    logger: mockServices.logger.mock(),
    maxIngestBodyBytes: 4096,
  });
  const middleware = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger: mockServices.logger.mock(),
  });
  const app = express();
  // As in a Backstage backend: compression in front of the plugin, errors after it.
  app.use(middleware.compression());
  app.use('/api/model-catalog', router);
  app.use(middleware.error());
  return {
    app,
    registry,
    service,
    deny: () => {
      readable = false;
    },
    catalogReads: () => catalogReads,
  };
}

const path =
  '/api/model-catalog/entities/component/default/fraud-detector/model';

describe('GET /entities/:kind/:namespace/:name/model', () => {
  it('answers 304 to a matching If-None-Match, 200 otherwise', async () => {
    const { app } = await setup();
    const first = await request(app).get(path);
    expect(first.status).toBe(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers['cache-control']).toContain('no-cache');

    for (const header of [etag, etag.slice(2), `"other", ${etag}`, '*']) {
      const again = await request(app).get(path).set('if-none-match', header);
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(etag);
    }
    const changed = await request(app).get(path).set('if-none-match', '"x"');
    expect(changed.status).toBe(200);
    expect(changed.body.versions).toHaveLength(1);
  });

  it('sends gzip only to clients that take it, and the same JSON either way', async () => {
    const { app } = await setup();
    const gzipped = await request(app)
      .get(path)
      .set('accept-encoding', 'gzip, deflate, br');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
    for (const acceptEncoding of ['identity', 'gzip;q=0, identity', 'br']) {
      const plain = await request(app)
        .get(path)
        .set('accept-encoding', acceptEncoding);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const { generatedAt: _a, ...plainBody } = plain.body;
      const { generatedAt: _b, ...gzippedBody } = gzipped.body;
      expect(plainBody).toEqual(gzippedBody);
    }
  });

  it('reads which model the entity names once for many concurrent requests', async () => {
    const { app, catalogReads } = await setup();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => request(app).get(path)),
    );
    expect(answers.map(answer => answer.status)).toEqual(Array(20).fill(200));
    expect(answers[19].body.model.name).toBe('fraud-detector');
    expect(catalogReads()).toBe(1);
  });

  it('still answers 404 to a caller who may no longer read the entity, although its answer is kept', async () => {
    const { app, deny } = await setup();
    const allowed = await request(app).get(path);
    expect(allowed.status).toBe(200);
    deny();
    const hidden = await request(app).get(path);
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('versions');
    // Express tags the error body itself; the answer's tag must not show.
    expect(hidden.headers.etag).not.toBe(allowed.headers.etag);
    const conditional = await request(app).get(path).set('if-none-match', '*');
    expect(conditional.status).toBe(404);
  });

  it('shows an ingest through the API at the next request', async () => {
    const { app, registry } = await setup();
    const before = await request(app).get(path);
    expect(before.body.versions.map((v: any) => v.name)).toEqual(['1']);
    registry.setVersions(['1', '2']);
    const ingest = await request(app)
      .post('/api/model-catalog/ingest')
      .set('authorization', 'Bearer pipeline')
      .send({
        id: 'run-2',
        kind: 'version',
        model: 'fraud-detector',
        version: { name: '2' },
      });
    expect(ingest.status).toBe(201);
    const after = await request(app)
      .get(path)
      .set('if-none-match', before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.body.versions.map((v: any) => v.name)).toEqual(['1', '2']);
  });
});

describe('GET /entities/:kind/:namespace/:name/model?latestVersions=n', () => {
  const names = Array.from({ length: 30 }, (_, i) => String(i + 1));

  it('answers with only the newest versions and how many there are, and keeps each view apart', async () => {
    const { app, registry } = await setup();
    registry.setVersions(names);
    const latest = await request(app).get(`${path}?latestVersions=3`);
    expect(latest.status).toBe(200);
    expect(latest.body.versions.map((v: any) => v.name)).toEqual([
      '30',
      '29',
      '28',
    ]);
    expect(latest.body.versionCount).toBe(30);
    const all = await request(app).get(path);
    expect(all.body.versions).toHaveLength(30);
    expect(all.body.versionCount).toBe(30);
    expect(all.headers.etag).not.toBe(latest.headers.etag);
    // Kept answers of one view are not served for the other.
    const again = await request(app).get(`${path}?latestVersions=3`);
    expect(again.body.versions).toHaveLength(3);
  });

  it('shows an ingest in the limited view too', async () => {
    const { app, registry } = await setup();
    registry.setVersions(names);
    const before = await request(app).get(`${path}?latestVersions=1`);
    expect(before.body.versions.map((v: any) => v.name)).toEqual(['30']);
    registry.setVersions([...names, '31']);
    await request(app)
      .post('/api/model-catalog/ingest')
      .set('authorization', 'Bearer pipeline')
      .send({
        id: 'run-31',
        kind: 'version',
        model: 'fraud-detector',
        version: { name: '31' },
      })
      .expect(201);
    const after = await request(app).get(`${path}?latestVersions=1`);
    expect(after.body.versions.map((v: any) => v.name)).toEqual(['31']);
    expect(after.body.versionCount).toBe(31);
  });

  it.each(['0', '-1', 'two', '1001', '1e2', '2.5', ''])(
    'refuses latestVersions=%p with a 400 naming the parameter',
    async value => {
      const { app } = await setup();
      const res = await request(app).get(
        `${path}?latestVersions=${encodeURIComponent(value)}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'latestVersions must be an integer from 1 to 1000',
      );
    },
  );
});

describe('content negotiation helpers', () => {
  it.each([
    [undefined, false],
    ['gzip', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['gzip; q=0.0', false],
    ['*', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['identity', false],
    ['br, zstd', false],
  ])('Accept-Encoding %p takes gzip: %p', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('compares If-None-Match weakly, over lists', () => {
    expect(matchesIfNoneMatch('W/"a"', 'W/"a"')).toBe(true);
    expect(matchesIfNoneMatch('"a"', 'W/"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b", W/"a"', 'W/"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b"', 'W/"a"')).toBe(false);
    expect(matchesIfNoneMatch('', 'W/"a"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, 'W/"a"')).toBe(false);
  });
});
