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

/**
 * The model catalog for Backstage's new frontend system: the same card and tab as the
 * legacy exports, shown only on entities that name a model.
 *
 * @packageDocumentation
 */

import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { modelCatalogApiRef } from './api/ModelCatalogApi';
import { ModelCatalogClient } from './api/ModelCatalogClient';
import { isModelAvailable } from './conditions';

const modelCatalogApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: modelCatalogApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelCatalogClient({ discoveryApi, fetchApi }),
    }),
});

const entityModelCard = EntityCardBlueprint.make({
  name: 'model',
  params: {
    filter: isModelAvailable,
    loader: () =>
      import('./components/EntityModelCard').then(m => <m.EntityModelCard />),
  },
});

const entityModelContent = EntityContentBlueprint.make({
  name: 'models',
  params: {
    path: '/models',
    title: 'Models',
    filter: isModelAvailable,
    loader: () =>
      import('./components/EntityModelContent').then(m => (
        <m.EntityModelContent />
      )),
  },
});

/**
 * The model catalog plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'model-catalog',
  extensions: [modelCatalogApi, entityModelCard, entityModelContent],
});
