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

import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { EntityModelResponse } from '@ai-golden-path/plugin-model-catalog-common';

/**
 * What the frontend asks the model catalog backend.
 *
 * @public
 */
export interface ModelCatalogApi {
  /**
   * Everything the backend knows about the model an entity names: the registered model,
   * its versions with metrics and evaluations, deployments and per-source errors.
   */
  getEntityModel(
    entityRef: CompoundEntityRef,
    options?: GetEntityModelOptions,
  ): Promise<EntityModelResponse>;
}

/**
 * What to leave out of a model answer.
 *
 * @public
 */
export interface GetEntityModelOptions {
  /**
   * Only the n newest versions, plus the champion and every version a deployment serves
   * (what an overview shows); `versionCount` still says how many there are. A model with
   * hundreds of versions answers in a few KiB instead of hundreds.
   */
  latestVersions?: number;
}

/**
 * The API reference of the model catalog client.
 *
 * @public
 */
export const modelCatalogApiRef = createApiRef<ModelCatalogApi>({
  id: 'plugin.model-catalog.api',
});
