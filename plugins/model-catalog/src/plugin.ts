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

import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { modelCatalogApiRef } from './api/ModelCatalogApi';
import { ModelCatalogClient } from './api/ModelCatalogClient';

/** @public */
export const rootRouteRef = createRouteRef({ id: 'model-catalog' });

/**
 * The model catalog frontend plugin (legacy frontend system, as Red Hat Developer Hub loads
 * it). It brings its own API factory, so apps need not register the client.
 *
 * @public
 */
export const modelCatalogPlugin = createPlugin({
  id: 'model-catalog',
  apis: [
    createApiFactory({
      api: modelCatalogApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelCatalogClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The model card for a component's overview.
 *
 * @public
 */
export const EntityModelCard = modelCatalogPlugin.provide(
  createComponentExtension({
    name: 'EntityModelCard',
    component: {
      lazy: () =>
        import('./components/EntityModelCard').then(m => m.EntityModelCard),
    },
  }),
);

/**
 * The "Models" tab of a component.
 *
 * @public
 */
export const EntityModelContent = modelCatalogPlugin.provide(
  createRoutableExtension({
    name: 'EntityModelContent',
    component: () =>
      import('./components/EntityModelContent').then(m => m.EntityModelContent),
    mountPoint: rootRouteRef,
  }),
);
