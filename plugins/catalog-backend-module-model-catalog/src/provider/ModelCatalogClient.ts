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

import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  RegisteredModelPage,
  registeredModelPageSchema,
} from '@ai-golden-path/plugin-model-catalog-common';

/** What the provider reads: the configured registries and pages of their models. */
export interface ModelListReader {
  listRegistries(): Promise<Array<{ name: string; type: string }>>;
  listModels(
    registry: string,
    options: { pageToken?: string; pageSize: number },
  ): Promise<RegisteredModelPage>;
}

/**
 * Reads the model catalog backend's API with the catalog's own service credentials. The
 * backend owns the registry credentials and the store's database; this module only asks.
 */
export class ModelCatalogClient implements ModelListReader {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
  }

  async listRegistries(): Promise<Array<{ name: string; type: string }>> {
    const body = (await this.#get('/registries')) as {
      items: Array<{ name: string; type: string }>;
    };
    return body.items;
  }

  async listModels(
    registry: string,
    options: { pageToken?: string; pageSize: number },
  ): Promise<RegisteredModelPage> {
    const query = new URLSearchParams({ pageSize: String(options.pageSize) });
    if (options.pageToken) {
      query.set('pageToken', options.pageToken);
    }
    const body = await this.#get(
      `/registries/${encodeURIComponent(registry)}/models?${query}`,
    );
    return registeredModelPageSchema.parse(body);
  }

  async #get(path: string): Promise<unknown> {
    const baseUrl = await this.#discovery.getBaseUrl('model-catalog');
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: await this.#auth.getOwnServiceCredentials(),
      targetPluginId: 'model-catalog',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
