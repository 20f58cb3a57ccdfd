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
 * Catalog module: each registered model of the model catalog as a `Resource` of type
 * `ai-model`, related to the components that use it.
 *
 * @packageDocumentation
 */

export { catalogModuleModelCatalog as default } from './module';
export { ModelCatalogEntityProvider } from './provider/ModelCatalogEntityProvider';
export type {
  ModelCatalogEntityProviderOptions,
  SyncResult,
  ComponentReader,
} from './provider/ModelCatalogEntityProvider';
export { ModelCatalogClient } from './provider/ModelCatalogClient';
export type { ModelListReader } from './provider/ModelCatalogClient';
export { modelEntityName, modelToEntity } from './provider/modelEntity';
