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

import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  entityModelResponseSchema,
  type EntityModelResponse,
} from '@ai-golden-path/plugin-model-catalog-common';
import type { GetEntityModelOptions, ModelCatalogApi } from './ModelCatalogApi';

/**
 * Talks to the `model-catalog` backend plugin through the app's discovery and fetch APIs
 * (so the user's token goes along), and checks every answer against the shared zod schema.
 *
 * @public
 */
export class ModelCatalogClient implements ModelCatalogApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityModel(
    entityRef: CompoundEntityRef,
    options: GetEntityModelOptions = {},
  ): Promise<EntityModelResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('model-catalog');
    // Each part is encoded: entity names come from users and must stay one path segment.
    const path = [
      'entities',
      entityRef.kind.toLocaleLowerCase('en-US'),
      entityRef.namespace,
      entityRef.name,
      'model',
    ]
      .map(encodeURIComponent)
      .join('/');
    const query =
      options.latestVersions === undefined
        ? ''
        : `?${new URLSearchParams({ latestVersions: String(options.latestVersions) })}`;
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}${query}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new Error(
        'The model catalog backend answered with something that is not JSON; is /api/model-catalog routed to the backend?',
      );
    }
    const parsed = entityModelResponseSchema.safeParse(body);
    if (!parsed.success) {
      // A version skew between this plugin and the backend shows up here, not as a crash
      // deep inside a component.
      const issues = parsed.error.issues
        .slice(0, 3)
        .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      throw new Error(
        `The model catalog backend answered in an unexpected format (${issues}); are the frontend and backend plugins the same version?`,
      );
    }
    return parsed.data;
  }
}
