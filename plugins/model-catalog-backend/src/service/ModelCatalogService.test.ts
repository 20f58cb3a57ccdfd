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

import { mockServices } from '@backstage/backend-test-utils';
import { Deployment } from '@ai-golden-path/plugin-model-catalog-common';
import { ModelRegistrySource } from '../sources/types';
import { DeploymentReader, ModelCatalogService } from './ModelCatalogService';

const deployment = (cluster: string): Deployment => ({
  cluster,
  environment: cluster,
  namespace: 'ns',
  name: 'fraud-detector',
  kind: 'Deployment',
  modelVersion: '2',
  ready: true,
});

function setup(options: { deadlineMs?: number } = {}) {
  const registry = {
    name: 'default',
    type: 'store' as const,
    getModel: jest.fn(async () => ({
      model: {
        registry: 'default',
        sourceType: 'store' as const,
        id: 'fraud-detector',
        name: 'fraud-detector',
        labels: [],
      },
      versions: [],
    })),
    listModels: jest.fn(),
  } satisfies ModelRegistrySource;
  const readers = ['dev', 'prod'].map(name => ({
    cluster: { name },
    getDeployments: jest.fn(async () => [deployment(name)]),
  })) satisfies DeploymentReader[];
  const service = new ModelCatalogService({
    registries: [registry],
    deploymentReaders: readers,
    cache: mockServices.cache.mock({
      get: jest.fn(async () => undefined),
      set: jest.fn(async () => {}),
    }),
    logger: mockServices.logger.mock(),
    cacheTtlMs: 60_000,
    responseDeadlineMs: options.deadlineMs ?? 1000,
  });
  return { registry, readers, service };
}

const ref = { registry: 'default', modelName: 'fraud-detector' };

describe('ModelCatalogService', () => {
  it('returns what the other sources had when one cluster fails, and since when', async () => {
    const { readers, service } = setup();
    readers[1].getDeployments.mockRejectedValue(
      new Error("cluster 'prod': list deployments failed with HTTP 403"),
    );
    const first = await service.getEntityModel('component:default/x', ref);
    expect(first.model?.name).toBe('fraud-detector');
    expect(first.deployments).toEqual([deployment('dev')]);
    expect(first.errors).toEqual([
      {
        source: 'cluster:prod',
        kind: 'cluster',
        message: "cluster 'prod': list deployments failed with HTTP 403",
        failingSince: expect.any(String),
      },
    ]);
    await new Promise(resolve => setTimeout(resolve, 5));
    const second = await service.getEntityModel('component:default/x', ref);
    // Still failing: the first failure time is kept.
    expect(second.errors[0].failingSince).toBe(first.errors[0].failingSince);

    readers[1].getDeployments.mockResolvedValue([deployment('prod')]);
    const healed = await service.getEntityModel('component:default/x', ref);
    expect(healed.errors).toEqual([]);
    expect(healed.deployments).toHaveLength(2);
  });

  it('answers within the deadline when the registry never answers', async () => {
    const { registry, service } = setup({ deadlineMs: 200 });
    registry.getModel.mockImplementation(() => new Promise(() => {}));
    const started = Date.now();
    const result = await service.getEntityModel('component:default/x', ref);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.model).toBeNull();
    expect(result.deployments).toHaveLength(2);
    expect(result.errors).toEqual([
      expect.objectContaining({
        source: 'registry:default',
        message: expect.stringMatching(
          /no answer before the response deadline/,
        ),
      }),
    ]);
  });

  it('shares one read of a source between concurrent cold requests', async () => {
    const { registry, service } = setup();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        service.getEntityModel('component:default/x', ref),
      ),
    );
    expect(registry.getModel).toHaveBeenCalledTimes(1);
  });

  it('builds one answer for concurrent requests once the kept copy is gone', async () => {
    const { service } = setup();
    const first = await service.getEntityModelSerialized(
      'component:default/x',
      ref,
    );
    // A burst on a process without a kept copy: one answer object, built once.
    const { service: other, registry: otherRegistry } = setup();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        other.getEntityModelSerialized('component:default/x', ref),
      ),
    );
    expect(otherRegistry.getModel).toHaveBeenCalledTimes(1);
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0].body.toString('utf8'))).toMatchObject({
      entityRef: 'component:default/x',
      errors: [],
    });
    expect(answers[0].etag).toBe(first.etag);
  });

  it('refuses registries that are not configured', async () => {
    const { service } = setup();
    await expect(
      service.getEntityModel('component:default/x', {
        registry: 'https://evil',
        modelName: 'x',
      }),
    ).rejects.toThrow(/No model registry named/);
  });
});
