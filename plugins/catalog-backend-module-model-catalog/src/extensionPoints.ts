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

import type { ExtensionPoint } from '@backstage/backend-plugin-api';
import * as catalogNode from '@backstage/plugin-catalog-node';
import type { EntityProvider } from '@backstage/plugin-catalog-node';

/**
 * The part of the catalog's processing extension point this module uses. Written out here
 * because the extension point's own type lives in the main export in one release and in
 * `/alpha` in the other, and the module must compile against both.
 */
export interface EntityProviderRegistration {
  addEntityProvider(
    ...providers: Array<EntityProvider | Array<EntityProvider>>
  ): void;
}

/**
 * The catalog's processing extension point, wherever this Backstage has it: the main export
 * since Backstage 1.48 (RHDH 1.10), `/alpha` before that (RHDH 1.9, catalog-node 1.20). The
 * catalog provides one instance either way; this only finds it.
 */
export const processingExtensionPoint: ExtensionPoint<EntityProviderRegistration> =
  (
    catalogNode as {
      catalogProcessingExtensionPoint?: ExtensionPoint<EntityProviderRegistration>;
    }
  ).catalogProcessingExtensionPoint ??
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@backstage/plugin-catalog-node/alpha')
    .catalogProcessingExtensionPoint;
