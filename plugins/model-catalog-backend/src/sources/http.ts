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

import tls from 'node:tls';
import { Agent, fetch } from 'undici';

/**
 * A registry request failed. The message names the registry and the path, never a header:
 * it is shown to users and written to logs, and a bearer token must appear in neither.
 */
export class SourceRequestError extends Error {
  /**
   * The registry's HTTP status, if it answered. Not named `status`: Backstage's error
   * handler would pass a registry's 404 on to our caller as if the route were missing.
   */
  readonly upstreamStatus?: number;
  constructor(message: string, upstreamStatus?: number) {
    super(message);
    this.name = 'SourceRequestError';
    this.upstreamStatus = upstreamStatus;
  }
}

export interface JsonHttpClientOptions {
  /** Used in error messages, e.g. `kubeflow registry 'prod'`. */
  label: string;
  baseUrl: string;
  token?: string;
  /** Extra PEM CA to trust; certificate verification itself stays on. */
  caData?: string;
  requestTimeoutMs: number;
  /** Retries of 429 and 502/503/504 answers (default 2). */
  retries?: number;
}

/** How a request treats an answer of 404. */
export interface GetOptions {
  /**
   * The path names one resource, which may not exist: the registry's own "not found" (a 404
   * with a JSON body) gives `body: undefined`. Without this, and for a 404 whose body is not
   * JSON (a wrong `baseUrl`, a proxy's page), a 404 is an error: a listing that failed must
   * never pass for an empty registry, which the entity provider would apply as deletions.
   */
  mayBeAbsent?: boolean;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_RETRY_WAIT_MS = 2000;

/** A small JSON-over-HTTP client with per-request timeout, bounded retries and safe errors. */
export class JsonHttpClient {
  readonly #options: JsonHttpClientOptions;
  readonly #dispatcher?: Agent;
  #requestCount = 0;

  constructor(options: JsonHttpClientOptions) {
    this.#options = options;
    if (options.caData) {
      this.#dispatcher = new Agent({
        connect: {
          ca: withDefaultCas(options.caData),
          rejectUnauthorized: true,
        },
      });
    }
  }

  /** Requests sent so far, retries included (the bench reports it). */
  get requestCount(): number {
    return this.#requestCount;
  }

  async get<T>(
    path: string,
    query: Record<string, string | undefined>,
    signal: AbortSignal,
    options: GetOptions = {},
  ): Promise<{ status: number; body: T | undefined }> {
    const url = new URL(this.#options.baseUrl + path);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) {
        url.searchParams.set(key, value);
      }
    }
    const retries = this.#options.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      const result = await this.#once(url, path, signal);
      if (RETRYABLE.has(result.status) && attempt < retries) {
        await sleep(result.retryAfterMs ?? 100 * 2 ** attempt, signal);
        continue;
      }
      if (
        result.status === 404 &&
        options.mayBeAbsent &&
        parsesAsJsonObject(result.text)
      ) {
        return { status: 404, body: undefined };
      }
      if (result.status < 200 || result.status >= 300) {
        throw new SourceRequestError(
          `${this.#options.label}: GET ${path} answered HTTP ${result.status}`,
          result.status,
        );
      }
      try {
        return { status: result.status, body: JSON.parse(result.text) as T };
      } catch {
        throw new SourceRequestError(
          `${this.#options.label}: GET ${path} answered malformed JSON`,
          result.status,
        );
      }
    }
  }

  async #once(
    url: URL,
    path: string,
    signal: AbortSignal,
  ): Promise<{ status: number; text: string; retryAfterMs?: number }> {
    this.#requestCount++;
    const timeout = AbortSignal.timeout(this.#options.requestTimeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#options.token) {
      headers.authorization = `Bearer ${this.#options.token}`;
    }
    try {
      const response = await fetch(url, {
        headers,
        signal: combined,
        dispatcher: this.#dispatcher,
      });
      const text = await response.text();
      return {
        status: response.status,
        text,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      };
    } catch (error) {
      if (timeout.aborted) {
        throw new SourceRequestError(
          `${this.#options.label}: GET ${path} timed out after ${
            this.#options.requestTimeoutMs
          } ms`,
        );
      }
      if (signal.aborted) {
        throw new SourceRequestError(
          `${this.#options.label}: GET ${path} aborted at the response deadline`,
        );
      }
      // Network errors carry only host and code; the headers are not part of them.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new SourceRequestError(
        `${this.#options.label}: GET ${path} failed${code ? ` (${code})` : ''}`,
      );
    }
  }
}

/**
 * The certificate authorities Node trusts by default (its bundle and NODE_EXTRA_CA_CERTS),
 * plus `caData`: a `ca` option replaces the default list rather than adding to it, and a
 * registry's private CA must not cost the public ones.
 */
export function withDefaultCas(caData: string): string[] {
  // `getCACertificates` (Node 22.15+) includes NODE_EXTRA_CA_CERTS; `rootCertificates` is
  // the bundle alone.
  const { getCACertificates } = tls as {
    getCACertificates?: (type: 'default') => string[];
  };
  return [
    ...(getCACertificates
      ? getCACertificates('default')
      : tls.rootCertificates),
    caData,
  ];
}

function parsesAsJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/**
 * The items of a listing answer, refusing one that is not a listing: an answer without its
 * list must fail the read rather than read as an empty registry. `optional`: the field may
 * be left out when there are no items (MLflow's JSON omits empty repeated fields); the
 * Kubeflow schema requires `items`, though a Go server may write `null` for an empty page.
 */
export function listItems<T>(
  body: unknown,
  field: string,
  where: { label: string; path: string; optional?: boolean },
): T[] {
  const fail = () =>
    new SourceRequestError(
      `${where.label}: GET ${where.path} answered something other than a list of '${field}'`,
    );
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw fail();
  }
  const record = body as Record<string, unknown>;
  const items = record[field];
  if (Array.isArray(items)) {
    return items as T[];
  }
  const emptyPage = where.optional
    ? items === undefined
    : (items === undefined || items === null) && record.size === 0;
  if (emptyPage) {
    return [];
  }
  throw fail();
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.min(Math.max(seconds * 1000, 0), MAX_RETRY_WAIT_MS);
  }
  const date = Date.parse(value);
  if (Number.isFinite(date)) {
    return Math.min(Math.max(date - Date.now(), 0), MAX_RETRY_WAIT_MS);
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new SourceRequestError('aborted at the response deadline'));
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SourceRequestError('aborted at the response deadline'));
    };
    timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Follows `nextPageToken`s until the last page, refusing listings that never end: a
 * repeated token or more than `maxPages` pages is an error, never an endless loop.
 */
export async function readAllPages<T>(options: {
  label: string;
  maxPages: number;
  readPage: (
    pageToken: string | undefined,
  ) => Promise<{ items: T[]; nextPageToken?: string }>;
}): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= options.maxPages) {
      throw new SourceRequestError(
        `${options.label}: listing did not end after ${options.maxPages} pages`,
      );
    }
    const { items, nextPageToken } = await options.readPage(token);
    all.push(...items);
    if (!nextPageToken) {
      return all;
    }
    if (seen.has(nextPageToken)) {
      throw new SourceRequestError(
        `${options.label}: listing repeated a page token, it would never end`,
      );
    }
    seen.add(nextPageToken);
    token = nextPageToken;
  }
}

/** Milliseconds since the epoch (number or numeric string) as ISO 8601, if valid. */
export function epochMsToIso(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) {
    return undefined;
  }
  return new Date(ms).toISOString();
}
