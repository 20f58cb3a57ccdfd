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

import { ModelCatalogClient } from '../api/ModelCatalogClient';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/**
 * What `fetch` resolves to, as far as the client and `ResponseError` read it (jsdom has no
 * `Response`).
 */
export function jsonResponse(body: unknown, status = 200): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: STATUS_TEXT[status] ?? 'Error',
    headers: { get: () => 'application/json' },
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as unknown as Response;
}

/** Backstage's error body for a status, as the backend's error handler writes it. */
export function backstageError(status: number, name: string, message: string) {
  return jsonResponse(
    { error: { name, message }, response: { statusCode: status } },
    status,
  );
}

/** The plugin's real client over a fetch that answers `response`. */
export function clientAnswering(response: Response) {
  const fetch = jest.fn(async (_url: string) => response);
  const client = new ModelCatalogClient({
    discoveryApi: {
      getBaseUrl: async () => 'http://backstage/api/model-catalog',
    },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}
