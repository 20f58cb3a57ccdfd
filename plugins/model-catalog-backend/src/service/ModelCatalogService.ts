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

import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  Deployment,
  EntityModelResponse,
  RegisteredModelPage,
  SourceError,
  selectLatestVersions,
} from '@ai-golden-path/plugin-model-catalog-common';
import { SourceRequestError } from '../sources/http';
import { ModelRegistrySource, ModelWithVersions } from '../sources/types';
import { AnswerMemo, SizedEntry } from './AnswerMemo';
import { SourceHealth } from './SourceHealth';

/** What the service needs of a cluster reader (a KubernetesDeploymentReader). */
export interface DeploymentReader {
  readonly cluster: { name: string };
  getDeployments(modelName: string, signal: AbortSignal): Promise<Deployment[]>;
}

/** How long the last good copy of a source's answer is kept for partial answers. */
const STALE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * One source read, parsed. `stamp` is a random id of its write to the shared cache, also
 * stored on its own under `stamp:<key>`: whoever holds something made from this read can
 * check that it is still the current one by reading those few bytes instead of the value.
 */
interface CachedRead<T> {
  value: T;
  stamp: string;
  expiresAt: number;
}

/**
 * A source read as stored in the shared cache: the value as JSON text. The cache's
 * serializer (Keyv's, for the memory store and Redis alike) builds its JSON in JavaScript
 * and parses with a reviver over every value: for a model with 500 versions that held the
 * event loop for 50 ms each way, where one native JSON.stringify or JSON.parse of the text
 * takes a few. The last good copy (`stale:<key>`) is stored as `{ json }`.
 */
interface StoredRead {
  json: string;
  stamp: string;
  expiresAt: number;
}

type Outcome<T> = {
  value?: T;
  error?: SourceError;
  /** Set when the value is the current entry of the shared cache. */
  stamp?: string;
  expiresAt?: number;
};

/** A serialized answer, kept so that warm requests cost no JSON work. */
export interface SerializedEntityModel {
  /** The JSON answer. */
  body: Buffer;
  /** `body` gzipped. */
  gzip: Buffer;
  /**
   * A weak tag (`W/"…"`) over everything but `generatedAt`: the same content rebuilt after
   * the TTL, or by another replica, keeps its tag, so clients keep getting 304.
   */
  etag: string;
}

interface MemoizedAnswer extends SizedEntry {
  answer: SerializedEntityModel;
  modelKey: string;
  /** The shared cache entries the answer was made from, and their stamps then. */
  sourceKeys: string[];
  stamps: string[];
  /** When the earliest of those entries expires. */
  expiresAt: number;
  /** When the stamps were last found current (see `stampRecheckMs`). */
  checkedAt: number;
  /** The stamp check under way, shared by the requests that arrive meanwhile. */
  check?: Promise<boolean>;
}

/**
 * Parsed source reads are kept in process at most this long (and only while their shared
 * cache entry is unchanged): they serve rebuilding the answers of several entities that
 * share one model without parsing the same large entry again.
 */
const LOCAL_TTL_MS = 5000;
const LOCAL_MAX_ENTRIES = 1000;
/** Default bound of the memory that serialized answers may take (`answerCacheMegabytes`). */
export const DEFAULT_ANSWER_MEMO_BYTES = 64 * 1024 * 1024;
const gzip = promisify(gzipCallback);

/**
 * Share of the TTL before a kept answer's expiry from which a request for it starts a
 * background read of its sources.
 */
const REFRESH_AHEAD_SHARE = 0.25;

/**
 * How long a kept answer is served without reading its stamps again. An ingest on this
 * replica drops its answers at once; one taken by another replica shows here within this
 * time. Reading the stamps on every request (async cache reads, for a memory store as for
 * Redis) cost a quarter of the CPU of a warm answer and its p99 at 100 concurrent.
 */
export const DEFAULT_STAMP_RECHECK_MS = 1000;

/**
 * After a source failed for a key, how long requests are answered from the last good copy
 * with that error instead of asking the source again. Without it, during an outage every
 * page load waited the whole response deadline for a registry that was down.
 */
export const DEFAULT_FAILURE_BACKOFF_MS = 10_000;

const stampKey = (key: string) => `stamp:${key}`;

/**
 * Lets the requests that arrived meanwhile be answered before the next step of a rebuild:
 * mapping, storing and serializing a large model are each a few milliseconds on the event
 * loop, and in one go they delayed every request in flight by all of them together.
 */
const yieldToEventLoop = () =>
  new Promise<void>(resolve => setImmediate(resolve));

/** What an answer leaves out (`?latestVersions=n`); each view is kept on its own. */
export interface AnswerView {
  /** Only the n newest versions, plus the champion and the deployed ones. */
  latestVersions?: number;
}

/** Kept answers are per entity, model and view: `entityRef NUL modelKey NUL view`. */
function answerKey(entityRef: string, modelKey: string, view: AnswerView) {
  return [entityRef, modelKey, view.latestVersions ?? 'all'].join('\u0000');
}

function answerKeyModel(key: string): string {
  return key.split('\u0000')[1];
}

function isStoredRead(value: unknown): value is StoredRead {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StoredRead).json === 'string' &&
    typeof (value as StoredRead).stamp === 'string' &&
    typeof (value as StoredRead).expiresAt === 'number'
  );
}

/**
 * Combines a registry and the clusters into one answer per model, within a deadline.
 * Each source is cached for the configured TTL; when a source fails, its last good answer
 * (if any) is returned with an error entry saying since when it fails.
 *
 * Complete answers are also kept serialized and gzipped (see `getEntityModelSerialized`),
 * valid exactly as long as the shared cache entries they were made from.
 */
export class ModelCatalogService {
  readonly #registries: Map<string, ModelRegistrySource>;
  readonly #deploymentReaders: DeploymentReader[];
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #cacheTtlMs: number;
  readonly #responseDeadlineMs: number;
  readonly #stampRecheckMs: number;
  readonly #health = new SourceHealth();
  /** Concurrent cold requests for the same key share one read of the source. */
  readonly #inflight = new Map<string, Promise<Outcome<unknown>>>();
  readonly #local = new Map<
    string,
    { read: CachedRead<unknown>; keptUntil: number }
  >();
  readonly #answers: AnswerMemo<MemoizedAnswer>;
  /**
   * Answers being put together: when the kept copy expires under load, the requests that
   * arrive meanwhile wait for one rebuild instead of each parsing, serializing and hashing
   * the same large answer (which held the event loop for seconds at 100 concurrent).
   */
  readonly #serializing = new Map<string, Promise<SerializedEntityModel>>();
  /**
   * Answers being read again ahead of their expiry (see REFRESH_AHEAD_SHARE) while the kept
   * copy is still served.
   */
  readonly #refreshing = new Map<string, Promise<unknown>>();
  /**
   * How many times each source key was invalidated by an ingest on this replica: a read
   * that started before an ingest must not be cached after it.
   */
  readonly #generations = new Map<string, number>();
  /** Keys whose last read failed, with that error, until they are asked again. */
  readonly #failures = new Map<string, { message: string; until: number }>();
  readonly #failureBackoffMs: number;

  constructor(options: {
    registries: ModelRegistrySource[];
    deploymentReaders: DeploymentReader[];
    cache: CacheService;
    logger: LoggerService;
    cacheTtlMs: number;
    responseDeadlineMs: number;
    /** Bound of the serialized answers kept in process (default 64 MiB; 0 keeps none). */
    answerMemoMaxBytes?: number;
    /** See DEFAULT_STAMP_RECHECK_MS. */
    stampRecheckMs?: number;
    /** See DEFAULT_FAILURE_BACKOFF_MS; 0 asks a failing source at every request. */
    failureBackoffMs?: number;
  }) {
    this.#failureBackoffMs =
      options.failureBackoffMs ?? DEFAULT_FAILURE_BACKOFF_MS;
    this.#stampRecheckMs = options.stampRecheckMs ?? DEFAULT_STAMP_RECHECK_MS;
    this.#registries = new Map(options.registries.map(r => [r.name, r]));
    this.#deploymentReaders = options.deploymentReaders;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#cacheTtlMs = options.cacheTtlMs;
    this.#responseDeadlineMs = options.responseDeadlineMs;
    this.#answers = new AnswerMemo(
      options.answerMemoMaxBytes ?? DEFAULT_ANSWER_MEMO_BYTES,
    );
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

  /** Bytes of serialized answers held in process now (for tests and benches). */
  get answerMemoBytes(): number {
    return this.#answers.bytes;
  }

  async getEntityModel(
    entityRef: string,
    reference: { registry: string; modelName: string },
  ): Promise<EntityModelResponse> {
    return (await this.#collect(entityRef, reference)).response;
  }

  async #collect(
    entityRef: string,
    reference: { registry: string; modelName: string },
    options: { refresh?: boolean } = {},
  ): Promise<{ response: EntityModelResponse; outcomes: Outcome<unknown>[] }> {
    const refresh = options.refresh ?? false;
    const registry = this.getRegistry(reference.registry);
    const deadline = AbortSignal.timeout(this.#responseDeadlineMs);
    const { modelName } = reference;
    const [modelKey, ...deploymentKeys] = this.#sourceKeys(
      registry.name,
      modelName,
    );

    const [model, ...deployments] = await Promise.all([
      this.#read<{ found: ModelWithVersions | null }>(
        modelKey,
        `registry:${registry.name}`,
        'registry',
        deadline,
        refresh,
        async () => ({
          found:
            (await registry.getModel(modelName, { signal: deadline })) ?? null,
        }),
      ),
      ...this.#deploymentReaders.map((reader, index) =>
        this.#read<Deployment[]>(
          deploymentKeys[index],
          `cluster:${reader.cluster.name}`,
          'cluster',
          deadline,
          refresh,
          () => reader.getDeployments(modelName, deadline),
        ),
      ),
    ]);

    const errors = [model, ...deployments]
      .map(outcome => outcome.error)
      .filter((error): error is SourceError => Boolean(error));
    return {
      response: {
        entityRef,
        registry: registry.name,
        modelName,
        model: model.value?.found?.model ?? null,
        versions: model.value?.found?.versions ?? [],
        versionCount: model.value?.found?.versions.length ?? 0,
        deployments: deployments.flatMap(outcome => outcome.value ?? []),
        errors,
        generatedAt: new Date().toISOString(),
      },
      outcomes: [model, ...deployments],
    };
  }

  /** The shared cache keys an answer is made from: the model, then each cluster. */
  #sourceKeys(registry: string, modelName: string): string[] {
    return [
      `model:${registry}:${modelName}`,
      ...this.#deploymentReaders.map(
        reader => `deployments:${reader.cluster.name}:${modelName}`,
      ),
    ];
  }

  async listModels(
    registryName: string,
    options: { pageToken?: string; pageSize: number },
  ): Promise<RegisteredModelPage> {
    const registry = this.getRegistry(registryName);
    try {
      return await registry.listModels({
        ...options,
        signal: AbortSignal.timeout(this.#responseDeadlineMs),
      });
    } catch (error) {
      // The registry failed, not the request: 503, whatever the registry answered.
      if (error instanceof SourceRequestError) {
        throw new ServiceUnavailableError(error.message);
      }
      throw error;
    }
  }

  /**
   * The same answer as `getEntityModel`, serialized, gzipped and tagged. A complete answer
   * (no source failed) is kept in process for as long as every shared cache entry it was
   * made from stays the current one: each use reads the entries' stamps (a few bytes each)
   * and rebuilds when one changed (an ingest, here or on another replica), vanished, or
   * reached its TTL. So a kept answer is never older than the shared cache allows, and
   * warm requests cost no parsing, serializing or compressing.
   */
  async getEntityModelSerialized(
    entityRef: string,
    reference: { registry: string; modelName: string },
    view: AnswerView = {},
  ): Promise<SerializedEntityModel> {
    const registry = this.getRegistry(reference.registry);
    const modelKey = `model:${registry.name}:${reference.modelName}`;
    const key = answerKey(entityRef, modelKey, view);
    const memo = this.#answers.get(key);
    if (memo) {
      if (memo.expiresAt > Date.now() && (await this.#stillCurrent(memo))) {
        this.#refreshAhead(key, modelKey, entityRef, reference, view, memo);
        return memo.answer;
      }
      this.#answers.delete(key, memo);
    }
    let pending = this.#serializing.get(key);
    if (!pending) {
      const shared: Promise<SerializedEntityModel> = this.#serialize(
        key,
        modelKey,
        entityRef,
        reference,
        { view },
      ).finally(() => {
        // An ingest may have replaced it with a newer rebuild meanwhile.
        if (this.#serializing.get(key) === shared) {
          this.#serializing.delete(key);
        }
      });
      this.#serializing.set(key, shared);
      pending = shared;
    }
    return pending;
  }

  /**
   * Reads the sources again in the background when a kept answer that is still asked for
   * nears its expiry, so that no request waits for the rebuild (a cold read of a large
   * model takes seconds; under load every request of those seconds waited, which set the
   * p99). The kept answer stays valid only until its own expiry, so the TTL still bounds
   * how old an answer can be.
   */
  #refreshAhead(
    key: string,
    modelKey: string,
    entityRef: string,
    reference: { registry: string; modelName: string },
    view: AnswerView,
    memo: MemoizedAnswer,
  ) {
    const refreshFrom = memo.expiresAt - this.#cacheTtlMs * REFRESH_AHEAD_SHARE;
    if (
      Date.now() < refreshFrom ||
      this.#refreshing.has(key) ||
      this.#serializing.has(key)
    ) {
      return;
    }
    const refresh = this.#serialize(key, modelKey, entityRef, reference, {
      refresh: true,
      view,
    })
      .catch(error =>
        this.#logger.debug(`Model catalog refresh failed: ${error}`),
      )
      .finally(() => this.#refreshing.delete(key));
    this.#refreshing.set(key, refresh);
  }

  /** `#isCurrent`, at most once per `stampRecheckMs` and once at a time per answer. */
  #stillCurrent(memo: MemoizedAnswer): boolean | Promise<boolean> {
    if (Date.now() - memo.checkedAt < this.#stampRecheckMs) {
      return true;
    }
    if (!memo.check) {
      memo.check = this.#isCurrent(memo).then(current => {
        memo.check = undefined;
        if (current) {
          memo.checkedAt = Date.now();
        }
        return current;
      });
    }
    return memo.check;
  }

  async #isCurrent(memo: MemoizedAnswer): Promise<boolean> {
    try {
      const stamps = await Promise.all(
        memo.sourceKeys.map(key => this.#cache.get(stampKey(key))),
      );
      return stamps.every((stamp, index) => stamp === memo.stamps[index]);
    } catch {
      // A cache that cannot answer cannot vouch for the copy: rebuild (which reports).
      return false;
    }
  }

  async #serialize(
    key: string,
    modelKey: string,
    entityRef: string,
    reference: { registry: string; modelName: string },
    options: { refresh?: boolean; view?: AnswerView } = {},
  ): Promise<SerializedEntityModel> {
    const generation = this.#generations.get(modelKey) ?? 0;
    const { response, outcomes } = await this.#collect(
      entityRef,
      reference,
      options,
    );
    await yieldToEventLoop();
    const latest = options.view?.latestVersions;
    if (latest !== undefined) {
      response.versions = selectLatestVersions(
        response.versions,
        response.deployments,
        latest,
      );
    }
    const { generatedAt, ...content } = response;
    // Serialized once: the tag covers the content, not the time it was put together.
    const json = JSON.stringify(content);
    const body = Buffer.from(
      `${json.slice(0, -1)},"generatedAt":${JSON.stringify(generatedAt)}}`,
      'utf8',
    );
    const answer: SerializedEntityModel = {
      body,
      // Compressed once, on libuv's thread pool: a synchronous gzip of a large answer
      // stalled every request in flight (it showed in the warm p99 of bench/model-catalog-api.ts).
      gzip: await gzip(body, { level: 6 }),
      etag: `W/"${createHash('sha1').update(json).digest('base64url')}"`,
    };
    const stamps = outcomes.map(outcome => outcome.stamp);
    const expiresAt = Math.min(
      ...outcomes.map(outcome => outcome.expiresAt ?? 0),
    );
    if (
      response.errors.length === 0 &&
      stamps.every(stamp => stamp !== undefined) &&
      expiresAt > Date.now() &&
      (this.#generations.get(modelKey) ?? 0) === generation
    ) {
      this.#answers.set(key, {
        answer,
        modelKey,
        sourceKeys: this.#sourceKeys(reference.registry, reference.modelName),
        stamps: stamps as string[],
        expiresAt,
        checkedAt: Date.now(),
        bytes: body.length + answer.gzip.length + 2 * key.length + 512,
      });
    }
    return answer;
  }

  /**
   * Drops cached data of a model after an ingest changed it: here at once, on other replicas
   * at their next request (the shared cache entry and its stamp are gone).
   */
  async invalidateModel(registry: string, modelName: string): Promise<void> {
    const modelKey = `model:${registry}:${modelName}`;
    this.#generations.set(modelKey, (this.#generations.get(modelKey) ?? 0) + 1);
    // Requests from now on start a new read instead of joining one begun before the change.
    this.#inflight.delete(modelKey);
    for (const key of this.#serializing.keys()) {
      if (answerKeyModel(key) === modelKey) {
        this.#serializing.delete(key);
      }
    }
    this.#local.delete(modelKey);
    // The store just took a write: worth asking again at once.
    this.#failures.delete(modelKey);
    this.#answers.deleteWhere(memo => memo.modelKey === modelKey);
    await Promise.all([
      this.#cache.delete(stampKey(modelKey)),
      this.#cache.delete(modelKey),
    ]);
  }

  /** The current shared cache entry of `key`, if there is one and it is whole. */
  async #readCached<T>(key: string): Promise<CachedRead<T> | undefined> {
    const stamp = await this.#cache.get(stampKey(key));
    if (typeof stamp !== 'string') {
      return undefined;
    }
    const now = Date.now();
    const local = this.#local.get(key);
    if (
      local &&
      local.read.stamp === stamp &&
      local.keptUntil > now &&
      local.read.expiresAt > now
    ) {
      return local.read as CachedRead<T>;
    }
    const stored = await this.#cache.get(key);
    // Anything else (an entry of an older version of the plugin, a value whose stamp was
    // replaced meanwhile) is read again from the source.
    if (!isStoredRead(stored) || stored.stamp !== stamp) {
      return undefined;
    }
    if (stored.expiresAt <= now) {
      return undefined;
    }
    const read: CachedRead<T> = {
      value: JSON.parse(stored.json),
      stamp: stored.stamp,
      expiresAt: stored.expiresAt,
    };
    this.#keepLocal(key, read);
    return read;
  }

  #keepLocal(key: string, read: CachedRead<unknown>) {
    this.#local.delete(key);
    this.#local.set(key, { read, keptUntil: Date.now() + LOCAL_TTL_MS });
    if (this.#local.size > LOCAL_MAX_ENTRIES) {
      // Maps iterate in insertion order: the first key is the oldest.
      this.#local.delete(this.#local.keys().next().value as string);
    }
  }

  /** Reads a source and stores the answer; shared by the concurrent requests for `key`. */
  async #loadAndStore<T>(
    key: string,
    source: string,
    load: () => Promise<T>,
  ): Promise<Outcome<T>> {
    const generation = this.#generations.get(key) ?? 0;
    const value = await load();
    this.#health.succeeded(source);
    this.#failures.delete(key);
    // An ingest that changes the model while this read is under way (or is being stored)
    // bumps the generation: the read still answers its requests, but nothing of it is kept.
    const overtaken = () => (this.#generations.get(key) ?? 0) !== generation;
    const ttl = this.#cacheTtlMs;
    const read: CachedRead<T> = {
      value,
      stamp: randomUUID(),
      expiresAt: Date.now() + ttl,
    };
    await yieldToEventLoop();
    const json = JSON.stringify(value);
    await yieldToEventLoop();
    if (overtaken()) {
      return { value };
    }
    const stored: StoredRead = {
      json,
      stamp: read.stamp,
      expiresAt: read.expiresAt,
    };
    await Promise.all([
      // A TTL of 0 would mean "forever" to the cache: no caching at all then.
      ttl > 0 ? this.#cache.set(key, stored as any, { ttl }) : undefined,
      this.#cache.set(`stale:${key}`, { json }, { ttl: STALE_TTL_MS }),
    ]);
    if (ttl <= 0 || overtaken()) {
      return { value };
    }
    // The stamp last: until it is written, no one takes the new entry for the current one.
    await this.#cache.set(stampKey(key), read.stamp, { ttl });
    if (overtaken()) {
      return { value };
    }
    this.#keepLocal(key, read);
    return { value, stamp: read.stamp, expiresAt: read.expiresAt };
  }

  async #read<T>(
    key: string,
    source: string,
    kind: SourceError['kind'],
    deadline: AbortSignal,
    /** Read the source even though the shared cache still has an entry (refresh ahead). */
    refresh: boolean,
    load: () => Promise<T>,
  ): Promise<Outcome<T>> {
    const cached = refresh ? undefined : await this.#readCached<T>(key);
    if (cached) {
      return {
        value: cached.value,
        stamp: cached.stamp,
        expiresAt: cached.expiresAt,
      };
    }
    const failure = refresh ? undefined : this.#failures.get(key);
    if (failure && failure.until > Date.now()) {
      return this.#lastGood(
        key,
        this.#health.failed(source, kind, failure.message),
      );
    }
    let pending = this.#inflight.get(key) as Promise<Outcome<T>> | undefined;
    if (!pending) {
      const shared: Promise<Outcome<T>> = this.#loadAndStore(
        key,
        source,
        load,
      ).finally(() => {
        if (this.#inflight.get(key) === shared) {
          this.#inflight.delete(key);
        }
      });
      this.#inflight.set(key, shared);
      pending = shared;
    }
    try {
      return await withDeadline(pending, deadline, source);
    } catch (error) {
      const message =
        error instanceof Error ? error.message : `${source}: read failed`;
      this.#logger.warn(`Model catalog source failed: ${message}`);
      if (this.#failureBackoffMs > 0) {
        this.#failures.delete(key);
        this.#failures.set(key, {
          message,
          until: Date.now() + this.#failureBackoffMs,
        });
        if (this.#failures.size > LOCAL_MAX_ENTRIES) {
          // Maps iterate in insertion order: the first key is the oldest.
          this.#failures.delete(this.#failures.keys().next().value as string);
        }
      }
      return this.#lastGood(key, this.#health.failed(source, kind, message));
    }
  }

  /** The last good copy of `key` (kept a week in the shared cache), with the error. */
  async #lastGood<T>(key: string, error: SourceError): Promise<Outcome<T>> {
    const stale = await this.#cache.get(`stale:${key}`);
    const staleJson = (stale as { json?: unknown } | undefined)?.json;
    return {
      value: typeof staleJson === 'string' ? JSON.parse(staleJson) : undefined,
      error,
    };
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
