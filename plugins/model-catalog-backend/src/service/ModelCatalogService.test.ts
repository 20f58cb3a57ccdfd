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

import { gunzipSync } from 'node:zlib';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Deployment } from '@ai-golden-path/plugin-model-catalog-common';
import {
  changingRegistry,
  modelWithVersions,
} from '../__testUtils__/changingRegistry';
import { ModelRegistrySource, ModelWithVersions } from '../sources/types';
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

function setup(options: { deadlineMs?: number; backoffMs?: number } = {}) {
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
    // These tests heal a source and expect the next request to see it at once.
    failureBackoffMs: options.backoffMs ?? 0,
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

/** The plugin's real default cache: Keyv's in-memory store, with TTLs and serialization. */
function sharedCache(): CacheService {
  return CacheManager.fromConfig(new ConfigReader({})).forPlugin(
    'model-catalog',
  );
}

function keeping(
  options: {
    cache?: CacheService;
    ttlMs?: number;
    memoBytes?: number;
    registry?: ReturnType<typeof changingRegistry>;
    readers?: DeploymentReader[];
    recheckMs?: number;
    backoffMs?: number;
  } = {},
) {
  const registry = options.registry ?? changingRegistry(['1']);
  const service = new ModelCatalogService({
    registries: [registry.source],
    deploymentReaders: options.readers ?? [],
    cache: options.cache ?? sharedCache(),
    logger: mockServices.logger.mock(),
    cacheTtlMs: options.ttlMs ?? 60_000,
    responseDeadlineMs: 1000,
    answerMemoMaxBytes: options.memoBytes,
    stampRecheckMs: options.recheckMs,
    // Most tests heal a source and expect the next request to see it at once.
    failureBackoffMs: options.backoffMs ?? 0,
  });
  return { registry, service };
}

const versionNames = (answer: { body: Buffer }) =>
  JSON.parse(answer.body.toString('utf8')).versions.map(
    (v: { name: string }) => v.name,
  );

describe('ModelCatalogService kept answers', () => {
  const entity = 'component:default/x';

  it('answers at once from the last good copy while a failing registry backs off', async () => {
    const { registry, service } = keeping({ ttlMs: 50, backoffMs: 400 });
    const good = await service.getEntityModel(entity, ref);
    expect(good.versions.map(v => v.name)).toEqual(['1']);
    await new Promise(resolve => setTimeout(resolve, 80)); // the cached read expires
    // A registry that does not answer; the read gives up at the deadline, as the HTTP
    // client does.
    registry.source.getModel.mockImplementation(
      (_name: string, options?: { signal: AbortSignal }) =>
        new Promise<ModelWithVersions>((_resolve, reject) =>
          options?.signal.addEventListener('abort', () =>
            reject(new Error('aborted')),
          ),
        ),
    );

    // The first request waits the deadline (1 s) for the registry, which is down.
    let started = Date.now();
    const first = await service.getEntityModel(entity, ref);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(first.versions.map(v => v.name)).toEqual(['1']);
    expect(first.errors).toEqual([
      expect.objectContaining({
        source: 'registry:default',
        message: expect.stringMatching(
          /no answer before the response deadline/,
        ),
      }),
    ]);
    // The next ones, within the backoff, do not ask it again and do not wait.
    started = Date.now();
    const second = await service.getEntityModel(entity, ref);
    expect(Date.now() - started).toBeLessThan(300);
    expect(second.versions.map(v => v.name)).toEqual(['1']);
    expect(second.errors).toEqual([
      expect.objectContaining({
        message: first.errors[0].message,
        failingSince: first.errors[0].failingSince,
      }),
    ]);
    expect(registry.source.getModel).toHaveBeenCalledTimes(2);

    // After the backoff the registry is asked again, and its recovery shows.
    registry.source.getModel.mockImplementation(async modelName =>
      modelWithVersions(modelName, ['1', '2']),
    );
    await new Promise(resolve => setTimeout(resolve, 450));
    const healed = await service.getEntityModel(entity, ref);
    expect(healed.errors).toEqual([]);
    expect(healed.versions.map(v => v.name)).toEqual(['1', '2']);
  });

  it('asks a backing-off store again at once after an ingest', async () => {
    const { registry, service } = keeping({ ttlMs: 50, backoffMs: 60_000 });
    registry.source.getModel.mockRejectedValueOnce(new Error('database down'));
    const failed = await service.getEntityModel(entity, ref);
    expect(failed.errors).toHaveLength(1);
    expect((await service.getEntityModel(entity, ref)).errors[0].message).toBe(
      'database down',
    );
    expect(registry.source.getModel).toHaveBeenCalledTimes(1);
    await service.invalidateModel('default', 'fraud-detector');
    const after = await service.getEntityModel(entity, ref);
    expect(after.errors).toEqual([]);
    expect(registry.source.getModel).toHaveBeenCalledTimes(2);
  });

  it('answers warm requests with the kept bytes, the same as a fresh answer', async () => {
    const { registry, service } = keeping();
    const first = await service.getEntityModelSerialized(entity, ref);
    const second = await service.getEntityModelSerialized(entity, ref);
    expect(second).toBe(first);
    expect(registry.source.getModel).toHaveBeenCalledTimes(1);

    const { generatedAt, ...kept } = JSON.parse(first.body.toString('utf8'));
    const { generatedAt: freshAt, ...fresh } = await service.getEntityModel(
      entity,
      ref,
    );
    expect(kept).toEqual(fresh);
    expect(Date.parse(generatedAt)).toBeLessThanOrEqual(Date.parse(freshAt));
    expect(gunzipSync(first.gzip).equals(first.body)).toBe(true);
    expect(first.etag).toMatch(/^W\/"[\w-]+"$/);
  });

  it('rebuilds once the configured TTL has passed', async () => {
    const { registry, service } = keeping({ ttlMs: 150 });
    const first = await service.getEntityModelSerialized(entity, ref);
    registry.setVersions(['1', '2']);
    // Within the TTL the kept answer is what the shared cache holds: still one version.
    expect(
      versionNames(await service.getEntityModelSerialized(entity, ref)),
    ).toEqual(['1']);
    await new Promise(resolve => setTimeout(resolve, 200));
    const later = await service.getEntityModelSerialized(entity, ref);
    expect(versionNames(later)).toEqual(['1', '2']);
    expect(later.etag).not.toBe(first.etag);
    expect(registry.source.getModel).toHaveBeenCalledTimes(2);
  });

  it('reads the sources again before the kept answer expires, so no request waits for it', async () => {
    const { registry, service } = keeping({ ttlMs: 1000 });
    await service.getEntityModelSerialized(entity, ref);
    registry.setVersions(['1', '2']);
    // In the last quarter of the TTL a request still gets the kept answer at once...
    await new Promise(resolve => setTimeout(resolve, 800));
    expect(
      versionNames(await service.getEntityModelSerialized(entity, ref)),
    ).toEqual(['1']);
    // ...and starts one read in the background.
    expect(registry.source.getModel).toHaveBeenCalledTimes(2);
    await service.getEntityModelSerialized(entity, ref);
    expect(registry.source.getModel).toHaveBeenCalledTimes(2);
    // Past the first answer's expiry, the refreshed one is served without another read.
    await new Promise(resolve => setTimeout(resolve, 300));
    const later = await service.getEntityModelSerialized(entity, ref);
    expect(versionNames(later)).toEqual(['1', '2']);
    expect(registry.source.getModel).toHaveBeenCalledTimes(2);
  });

  it('does not read ahead for an answer nobody asks for near its expiry', async () => {
    const { registry, service } = keeping({ ttlMs: 200 });
    await service.getEntityModelSerialized(entity, ref);
    await service.getEntityModelSerialized(entity, ref);
    await new Promise(resolve => setTimeout(resolve, 250));
    expect(registry.source.getModel).toHaveBeenCalledTimes(1);
  });

  it('shows an ingest on this replica at the next request', async () => {
    const { registry, service } = keeping();
    await service.getEntityModelSerialized(entity, ref);
    registry.setVersions(['1', '2']);
    await service.invalidateModel('default', 'fraud-detector');
    expect(service.answerMemoBytes).toBe(0);
    expect(
      versionNames(await service.getEntityModelSerialized(entity, ref)),
    ).toEqual(['1', '2']);
  });

  it('shows an ingest taken by another replica once its kept answer is checked again', async () => {
    const cache = sharedCache();
    const registry = changingRegistry(['1']);
    const a = keeping({ cache, registry, recheckMs: 100 }).service;
    const b = keeping({ cache, registry, recheckMs: 100 }).service;
    await a.getEntityModelSerialized(entity, ref);
    // B answers from what A put in the shared cache, without reading the registry.
    expect(versionNames(await b.getEntityModelSerialized(entity, ref))).toEqual(
      ['1'],
    );
    expect(registry.source.getModel).toHaveBeenCalledTimes(1);

    registry.setVersions(['1', '2']);
    await b.invalidateModel('default', 'fraud-detector');
    // Within the recheck time A serves what it keeps without asking the shared cache...
    expect(versionNames(await a.getEntityModelSerialized(entity, ref))).toEqual(
      ['1'],
    );
    await new Promise(resolve => setTimeout(resolve, 150));
    // ...then finds the entry it was made from gone, and reads the registry again.
    expect(versionNames(await a.getEntityModelSerialized(entity, ref))).toEqual(
      ['1', '2'],
    );
  });

  it('reads the registry again over a cache entry an older version of the plugin wrote', async () => {
    const cache = sharedCache();
    const key = 'model:default:fraud-detector';
    // The earlier layout: the parsed value itself, with a stamp that is still current.
    await cache.set(key, {
      value: { found: modelWithVersions('fraud-detector', ['old']) },
      stamp: 's1',
      expiresAt: Date.now() + 60_000,
    } as any);
    await cache.set(`stamp:${key}`, 's1');
    await cache.set(`stale:${key}`, {
      found: modelWithVersions('fraud-detector', ['old']),
    } as any);
    const { registry, service } = keeping({ cache });
    expect(
      versionNames(await service.getEntityModelSerialized(entity, ref)),
    ).toEqual(['1']);
    expect(registry.source.getModel).toHaveBeenCalledTimes(1);
    // Its last good copy is the new read's, not the old entry.
    registry.source.getModel.mockRejectedValue(new Error('HTTP 503'));
    await service.invalidateModel('default', 'fraud-detector');
    const failing = JSON.parse(
      (await service.getEntityModelSerialized(entity, ref)).body.toString(),
    );
    expect(failing.versions.map((v: { name: string }) => v.name)).toEqual([
      '1',
    ]);
    expect(failing.errors).toEqual([
      expect.objectContaining({ source: 'registry:default' }),
    ]);
  });

  it('does not keep a read that an ingest overtook', async () => {
    const { registry, service } = keeping();
    let release: () => void = () => {};
    registry.source.getModel.mockImplementationOnce(async modelName => {
      await new Promise<void>(resolve => {
        release = resolve;
      });
      return modelWithVersions(modelName, []);
    });
    const early = service.getEntityModelSerialized(entity, ref);
    await new Promise(resolve => setTimeout(resolve, 10));
    await service.invalidateModel('default', 'fraud-detector');
    release();
    // The request that began before the ingest gets what it read...
    expect(versionNames(await early)).toEqual([]);
    // ...but nothing of it was kept: the next request reads the registry again.
    expect(
      versionNames(await service.getEntityModelSerialized(entity, ref)),
    ).toEqual(['1']);
  });

  it('does not keep a read that an ingest overtook while it was being stored', async () => {
    const cache = sharedCache();
    let ingestDuringStore: (() => Promise<void>) | undefined;
    const slowCache: CacheService = {
      ...cache,
      get: cache.get.bind(cache),
      delete: cache.delete.bind(cache),
      withOptions: cache.withOptions.bind(cache),
      set: async (key, value, options) => {
        if (key === 'model:default:fraud-detector' && ingestDuringStore) {
          const ingest = ingestDuringStore;
          ingestDuringStore = undefined;
          await ingest();
        }
        return cache.set(key, value, options);
      },
    };
    const { registry, service } = keeping({ cache: slowCache });
    ingestDuringStore = async () => {
      registry.setVersions(['1', '2']);
      await service.invalidateModel('default', 'fraud-detector');
    };
    // The read that was under way answers with what it read...
    expect(
      versionNames(await service.getEntityModelSerialized(entity, ref)),
    ).toEqual(['1']);
    // ...but the next request does not get it from the cache or the memo.
    expect(
      versionNames(await service.getEntityModelSerialized(entity, ref)),
    ).toEqual(['1', '2']);
    expect(registry.source.getModel).toHaveBeenCalledTimes(2);
  });

  it('keeps no partial answer', async () => {
    const reader = {
      cluster: { name: 'prod' },
      getDeployments: jest.fn(async (): Promise<Deployment[]> => {
        throw new Error('cluster prod: HTTP 503');
      }),
    };
    const { service } = keeping({ readers: [reader] });
    const first = await service.getEntityModelSerialized(entity, ref);
    expect(JSON.parse(first.body.toString('utf8')).errors).toEqual([
      expect.objectContaining({ source: 'cluster:prod' }),
    ]);
    reader.getDeployments.mockResolvedValue([deployment('prod')]);
    const healed = await service.getEntityModelSerialized(entity, ref);
    expect(JSON.parse(healed.body.toString('utf8'))).toMatchObject({
      errors: [],
      deployments: [deployment('prod')],
    });
    expect(service.answerMemoBytes).toBeGreaterThan(0);
  });

  it('stays within its memory bound, dropping the least recently used answer', async () => {
    const probe = keeping().service;
    const one = await probe.getEntityModelSerialized(entity, ref);
    const size = probe.answerMemoBytes;
    expect(size).toBeGreaterThan(one.body.length);

    // Room for two answers, not three.
    const { registry, service } = keeping({
      memoBytes: Math.floor(size * 2.5),
    });
    const [a, b, c] = ['a', 'b', 'c'].map(name => `component:default/${name}`);
    const keptA = await service.getEntityModelSerialized(a, ref);
    const keptB = await service.getEntityModelSerialized(b, ref);
    expect(await service.getEntityModelSerialized(a, ref)).toBe(keptA);
    await service.getEntityModelSerialized(c, ref); // evicts b, used least recently
    expect(service.answerMemoBytes).toBeLessThanOrEqual(Math.floor(size * 2.5));
    expect(await service.getEntityModelSerialized(a, ref)).toBe(keptA);
    const rebuiltB = await service.getEntityModelSerialized(b, ref);
    expect(rebuiltB).not.toBe(keptB);
    // Rebuilt from the shared cache, not from the registry.
    expect(rebuiltB.etag).toBe(keptB.etag);
    expect(registry.source.getModel).toHaveBeenCalledTimes(1);
  });
});
