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

import { ConfigReader } from '@backstage/config';
import { readModelCatalogConfig } from './config';

describe('readModelCatalogConfig', () => {
  it('defaults to one built-in store named default', () => {
    const config = readModelCatalogConfig(new ConfigReader({}));
    expect(config.registries).toEqual([{ name: 'default', type: 'store' }]);
    expect(config).toMatchObject({
      clusters: [],
      cacheTtlMs: 60_000,
      requestTimeoutMs: 5000,
      responseDeadlineMs: 10_000,
      failureBackoffMs: 10_000,
      maxIngestBodyBytes: 1024 * 1024,
      deploymentLabels: {
        modelName: 'app.kubernetes.io/name',
        modelVersion: 'ai-golden-path.io/model-version',
      },
    });
  });

  it('reads registries and clusters', () => {
    const config = readModelCatalogConfig(
      new ConfigReader({
        modelCatalog: {
          registries: [
            {
              name: 'rhoai',
              type: 'kubeflow',
              baseUrl: 'https://r.example/',
              token: 't0ken',
            },
          ],
          clusters: [
            { name: 'prod', url: 'https://api.example:6443/', token: 'x' },
          ],
          cacheTtlSeconds: 5,
          ingest: { maxBodyBytes: 10 },
        },
      }),
    );
    expect(config.registries).toEqual([
      expect.objectContaining({
        name: 'rhoai',
        baseUrl: 'https://r.example',
        token: 't0ken',
      }),
    ]);
    expect(config.clusters).toEqual([
      expect.objectContaining({
        name: 'prod',
        environment: 'prod',
        url: 'https://api.example:6443',
      }),
    ]);
    expect(config.cacheTtlMs).toBe(5000);
    expect(config.maxIngestBodyBytes).toBe(10);
  });

  it.each([
    [{ name: 'a b', type: 'store' }, /invalid name/],
    [{ name: 'x', type: 's3' }, /unknown type/],
    [
      { name: 'x', type: 'mlflow', baseUrl: 'file:///etc' },
      /http\(s\) baseUrl/,
    ],
    [
      {
        name: 'x',
        type: 'kubeflow',
        baseUrl: 'http://registry.example',
        token: 't0ken',
      },
      /registry 'x' would send its token over plain HTTP/,
    ],
  ])('refuses %j', (registry, message) => {
    expect(() =>
      readModelCatalogConfig(
        new ConfigReader({ modelCatalog: { registries: [registry] } }),
      ),
    ).toThrow(message);
  });

  it('takes plain HTTP without a token, or to this host', () => {
    const config = readModelCatalogConfig(
      new ConfigReader({
        modelCatalog: {
          registries: [
            {
              name: 'in-cluster',
              type: 'kubeflow',
              baseUrl: 'http://model-registry.rhoai-model-registries.svc:8080',
            },
            {
              name: 'local',
              type: 'mlflow',
              baseUrl: 'http://127.0.0.1:5000',
              token: 't0ken',
            },
          ],
        },
      }),
    );
    expect(config.registries.map(r => r.name)).toEqual(['in-cluster', 'local']);
  });

  it('names failureBackoffSeconds when it makes no sense', () => {
    expect(() =>
      readModelCatalogConfig(
        new ConfigReader({ modelCatalog: { failureBackoffSeconds: -5 } }),
      ),
    ).toThrow(
      'modelCatalog.failureBackoffSeconds must be a number of seconds, 0 or more (got -5)',
    );
    expect(
      readModelCatalogConfig(
        new ConfigReader({ modelCatalog: { failureBackoffSeconds: 0 } }),
      ).failureBackoffMs,
    ).toBe(0);
  });

  it('refuses duplicate names', () => {
    expect(() =>
      readModelCatalogConfig(
        new ConfigReader({
          modelCatalog: {
            registries: [
              { name: 'x', type: 'store' },
              { name: 'x', type: 'store' },
            ],
          },
        }),
      ),
    ).toThrow(/duplicate/);
  });
});
