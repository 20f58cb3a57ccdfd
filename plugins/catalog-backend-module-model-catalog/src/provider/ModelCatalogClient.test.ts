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

import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ModelCatalogClient } from './ModelCatalogClient';

describe('ModelCatalogClient', () => {
  const seen: Array<{ url: string; authorization?: string }> = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(status, { 'content-type': 'application/json' });
    if (status !== 200) {
      res.end(
        JSON.stringify({
          error: { name: 'Error', message: 'down' },
          response: { statusCode: status },
        }),
      );
    } else if (req.url === '/api/model-catalog/registries') {
      res.end(JSON.stringify({ items: [{ name: 'default', type: 'store' }] }));
    } else {
      res.end(
        JSON.stringify({
          items: [
            {
              registry: 'default',
              sourceType: 'store',
              id: 'm',
              name: 'm',
              labels: [],
            },
          ],
          nextPageToken: 'next',
        }),
      );
    }
  });
  let client: ModelCatalogClient;

  beforeAll(async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new ModelCatalogClient({
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      auth: mockServices.auth({ pluginId: 'catalog' }),
    });
  });
  afterEach(() => {
    status = 200;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('reads registries and pages with a token for the model-catalog plugin', async () => {
    await expect(client.listRegistries()).resolves.toEqual([
      { name: 'default', type: 'store' },
    ]);
    const page = await client.listModels('default', {
      pageSize: 50,
      pageToken: 'a b',
    });
    expect(page.nextPageToken).toBe('next');
    expect(page.items[0].name).toBe('m');
    expect(seen[1].url).toBe(
      '/api/model-catalog/registries/default/models?pageSize=50&pageToken=a+b',
    );
    expect(seen.every(s => s.authorization?.startsWith('Bearer '))).toBe(true);
  });

  it('throws on errors so that the provider applies nothing', async () => {
    status = 503;
    await expect(
      client.listModels('default', { pageSize: 50 }),
    ).rejects.toThrow();
  });
});
