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

import { ModelCatalogConfig } from '../config';
import { KubeflowRegistrySource } from './kubeflow/KubeflowRegistrySource';
import { MlflowRegistrySource } from './mlflow/MlflowRegistrySource';
import { DatabaseModelStore } from './store/DatabaseModelStore';
import { StoreRegistrySource } from './store/StoreRegistrySource';
import { ModelRegistrySource } from './types';

/** One source per configured registry. */
export function createRegistrySources(
  config: ModelCatalogConfig,
  store: DatabaseModelStore,
): ModelRegistrySource[] {
  return config.registries.map(registry => {
    switch (registry.type) {
      case 'store':
        return new StoreRegistrySource({ name: registry.name, store });
      case 'kubeflow':
        return new KubeflowRegistrySource({
          ...registry,
          requestTimeoutMs: config.requestTimeoutMs,
          maxPages: config.maxPages,
        });
      case 'mlflow':
        return new MlflowRegistrySource({
          ...registry,
          requestTimeoutMs: config.requestTimeoutMs,
          maxPages: config.maxPages,
        });
      default:
        throw new Error(`Unknown registry type`);
    }
  });
}
