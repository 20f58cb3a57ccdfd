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

/**
 * Reporting versions and evaluation results to the built-in store. Only service principals
 * reach the ingest route at all; this permission lets a policy narrow it further.
 *
 * @public
 */
export const modelCatalogIngestPermission = createPermission({
  name: 'model-catalog.ingest',
  attributes: { action: 'create' },
});

/**
 * Every permission the model catalog defines. Reading model data needs no permission of its
 * own: it follows `catalog.entity.read` on the entity the model belongs to.
 *
 * @public
 */
export const modelCatalogPermissions = [modelCatalogIngestPermission];
