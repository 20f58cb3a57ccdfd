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

import { createPermission } from '@backstage/plugin-permission-common';

// Both permissions guard routes that only service principals reach. Backstage decides for
// service principals without asking the permission policy: an external access token's
// `accessRestrictions` (by permission name or action) are what narrow them, so a pipeline's
// token can be limited to ingesting.

/**
 * Reporting versions and evaluation results to the built-in store (`POST /ingest`).
 *
 * @public
 */
export const modelCatalogIngestPermission = createPermission({
  name: 'model-catalog.ingest',
  attributes: { action: 'create' },
});

/**
 * Listing every model of a registry (`GET /registries/:registry/models`), unfiltered by
 * entity permissions; the catalog module reads it to emit the `ai-model` Resources.
 *
 * @public
 */
export const modelCatalogRegistryListPermission = createPermission({
  name: 'model-catalog.registry.list',
  attributes: { action: 'read' },
});

/**
 * Every permission the model catalog defines. Reading a component's model data needs no
 * permission of its own: it follows `catalog.entity.read` on the entity the model belongs to.
 *
 * @public
 */
export const modelCatalogPermissions = [
  modelCatalogIngestPermission,
  modelCatalogRegistryListPermission,
];
