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

import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Deployment,
  EntityModelResponse,
  RegisteredModelPage,
  SourceError,
} from '@ai-golden-path/plugin-model-catalog-common';
import { ModelRegistrySource, ModelWithVersions } from '../sources/types';
import { SourceHealth } from './SourceHealth';

/** What the service needs of a cluster reader (a KubernetesDeploymentReader). */
export interface DeploymentReader {
  readonly cluster: { name: string };
  getDeployments(modelName: string, signal: AbortSignal): Promise<Deployment[]>;
}

/** How long the last good copy of a source's answer is kept for partial answers. */
const STALE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

type Outcome<T> = { value?: T; error?: SourceError };

/** A serialized answer, kept so that warm requests cost no JSON work. */
export interface SerializedEntityModel {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * In-process copies live at most this long (and never longer than the configured TTL): the
 * shared cache is the source of truth across replicas, the local copy spares
 * deserializing and serializing large version lists on every request.
 */
const LOCAL_TTL_MS = 5000;
const gzip = promisify(gzipCallback);
const LOCAL_MAX_ENTRIES = 1000;

/**
 * Combines a registry and the clusters into one answer per model, within a deadline.
 * Each source is cached for the configured TTL; when a source fails, its last good answer
 * (if any) is returned with an error entry saying since when it fails.
 */
export class ModelCatalogService {
  readonly #registries: Map<string, ModelRegistrySource>;
  readonly #deploymentReaders: DeploymentReader[];
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #cacheTtlMs: number;
  readonly #responseDeadlineMs: number;
  readonly #health = new SourceHealth();
  /** Concurrent cold requests for the same key share one read of the source. */
  readonly #inflight = new Map<string, Promise<unknown>>();
  readonly #local = new Map<string, { value: unknown; expiresAt: number }>();
  readonly #bodies = new Map<
    string,
    { serialized: SerializedEntityModel; expiresAt: number; modelKey: string }
  >();
  /**
   * Answers being put together: when the kept copy expires under load, the requests that
   * arrive meanwhile wait for one rebuild instead of each parsing, serializing and hashing
   * the same large answer (which held the event loop for seconds at 100 concurrent).
   */
  readonly #serializing = new Map<string, Promise<SerializedEntityModel>>();

  constructor(options: {
    registries: ModelRegistrySource[];
    deploymentReaders: DeploymentReader[];
    cache: CacheService;
    logger: LoggerService;
    cacheTtlMs: number;
    responseDeadlineMs: number;
  }) {
    this.#registries = new Map(options.registries.map(r => [r.name, r]));
    this.#deploymentReaders = options.deploymentReaders;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#cacheTtlMs = options.cacheTtlMs;
    this.#responseDeadlineMs = options.responseDeadlineMs;
  }

  getRegistry(name: string): ModelRegistrySource {
    const registry = this.#registries.get(name);
    if (!registry) {
      throw new NotFoundError(
        `No model registry named '${name}' is configured`,
      );
    }
    return registry;
  }

  listRegistries(): Array<{ name: string; type: string }> {
    return [...this.#registries.values()].map(({ name, type }) => ({
      name,
      type,
    }));
  }

  #remember(key: string, value: unknown) {
    remember(this.#local, key, {
      value,
      expiresAt: Date.now() + Math.min(LOCAL_TTL_MS, this.#cacheTtlMs),
    });
  }

  async getEntityModel(
    entityRef: string,
    reference: { registry: string; modelName: string },
  ): Promise<EntityModelResponse> {
    const registry = this.getRegistry(reference.registry);
    const deadline = AbortSignal.timeout(this.#responseDeadlineMs);
    const { modelName } = reference;

    const [model, ...deployments] = await Promise.all([
      this.#read<{ found: ModelWithVersions | null }>(
        `model:${registry.name}:${modelName}`,
        `registry:${registry.name}`,
        'registry',
        deadline,
        async () => ({
          found:
            (await registry.getModel(modelName, { signal: deadline })) ?? null,
        }),
      ),
      ...this.#deploymentReaders.map(reader =>
        this.#read<Deployment[]>(
          `deployments:${reader.cluster.name}:${modelName}`,
          `cluster:${reader.cluster.name}`,
          'cluster',
          deadline,
          () => reader.getDeployments(modelName, deadline),
        ),
      ),
    ]);

    const errors = [model, ...deployments]
      .map(outcome => outcome.error)
      .filter((error): error is SourceError => Boolean(error));
    return {
      entityRef,
      registry: registry.name,
      modelName,
      model: model.value?.found?.model ?? null,
      versions: model.value?.found?.versions ?? [],
      deployments: deployments.flatMap(outcome => outcome.value ?? []),
      errors,
      generatedAt: new Date().toISOString(),
    };
  }

  async listModels(
    registryName: string,
    options: { pageToken?: string; pageSize: number },
  ): Promise<RegisteredModelPage> {
    const registry = this.getRegistry(registryName);
    return registry.listModels({
      ...options,
      signal: AbortSignal.timeout(this.#responseDeadlineMs),
    });
  }

  /**
   * The same answer as `getEntityModel`, serialized, gzipped and tagged, and kept for a few
   * seconds when complete (no source failed), so that warm requests only write bytes.
   */
  async getEntityModelSerialized(
    entityRef: string,
    reference: { registry: string; modelName: string },
  ): Promise<SerializedEntityModel> {
    const modelKey = `model:${reference.registry}:${reference.modelName}`;
    const key = `${entityRef}\u0000${modelKey}`;
    const memo = this.#bodies.get(key);
    if (memo && memo.expiresAt > Date.now()) {
      return memo.serialized;
    }
    let pending = this.#serializing.get(key);
    if (!pending) {
      pending = this.#serialize(key, modelKey, entityRef, reference).finally(
        () => this.#serializing.delete(key),
      );
      this.#serializing.set(key, pending);
    }
    return pending;
  }

  async #serialize(
    key: string,
    modelKey: string,
    entityRef: string,
    reference: { registry: string; modelName: string },
  ): Promise<SerializedEntityModel> {
    const { generatedAt, ...content } = await this.getEntityModel(
      entityRef,
      reference,
    );
    // Serialized once: the tag covers the content, not the time it was put together.
    const json = JSON.stringify(content);
    const body = Buffer.from(
      `${json.slice(0, -1)},"generatedAt":${JSON.stringify(generatedAt)}}`,
      'utf8',
    );
    const serialized: SerializedEntityModel = {
      body,
      // Compressed once, on libuv's thread pool: a synchronous gzip of a large answer
      // stalled every request in flight (it showed in the warm p99 of bench/model-catalog-api.ts).
      gzip: await gzip(body, { level: 6 }),
      etag: `"${createHash('sha1').update(json).digest('base64url')}"`,
    };
    if (content.errors.length === 0) {
      remember(this.#bodies, key, {
        serialized,
        modelKey,
        expiresAt: Date.now() + Math.min(LOCAL_TTL_MS, this.#cacheTtlMs),
      });
    }
    return serialized;
  }

  /** Drops cached data of a model after an ingest changed it. */
  async invalidateModel(registry: string, modelName: string): Promise<void> {
    const modelKey = `model:${registry}:${modelName}`;
    this.#local.delete(modelKey);
    for (const [key, memo] of this.#bodies) {
      if (memo.modelKey === modelKey) {
        this.#bodies.delete(key);
      }
    }
    await this.#cache.delete(modelKey);
  }

  async #read<T>(
    key: string,
    source: string,
    kind: SourceError['kind'],
    deadline: AbortSignal,
    load: () => Promise<T>,
  ): Promise<Outcome<T>> {
    const local = this.#local.get(key);
    if (local && local.expiresAt > Date.now()) {
      return { value: local.value as T };
    }
    const cached = (await this.#cache.get(key)) as T | undefined;
    if (cached !== undefined) {
      this.#remember(key, cached);
      return { value: cached };
    }
    let pending = this.#inflight.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = withDeadline(load(), deadline, source).finally(() =>
        this.#inflight.delete(key),
      );
      this.#inflight.set(key, pending);
    }
    try {
      const value = await pending;
      this.#health.succeeded(source);
      this.#remember(key, value);
      await Promise.all([
        this.#cache.set(key, value as any, { ttl: this.#cacheTtlMs }),
        this.#cache.set(`stale:${key}`, value as any, { ttl: STALE_TTL_MS }),
      ]);
      return { value };
    } catch (error) {
      const message =
        error instanceof Error ? error.message : `${source}: read failed`;
      this.#logger.warn(`Model catalog source failed: ${message}`);
      const stale = (await this.#cache.get(`stale:${key}`)) as T | undefined;
      return {
        value: stale,
        error: this.#health.failed(source, kind, message),
      };
    }
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V) {
  map.delete(key);
  map.set(key, value);
  if (map.size > LOCAL_MAX_ENTRIES) {
    // Maps iterate in insertion order: the first key is the oldest.
    map.delete(map.keys().next().value as string);
  }
}

function withDeadline<T>(
  promise: Promise<T>,
  deadline: AbortSignal,
  source: string,
): Promise<T> {
  if (deadline.aborted) {
    return Promise.reject(
      new Error(`${source}: no answer before the response deadline`),
    );
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(new Error(`${source}: no answer before the response deadline`));
    deadline.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        deadline.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        deadline.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
