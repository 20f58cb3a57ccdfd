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
 * Model catalog backend plugin: model versions, evaluation results and deployments for
 * each catalog component, from the Kubeflow Model Registry, MLflow or a built-in store.
 *
 * @packageDocumentation
 */

export { modelCatalogPlugin as default } from './plugin';
export { readModelCatalogConfig } from './config';
export type {
  ModelCatalogConfig,
  RegistryConfig,
  ClusterConfig,
} from './config';
export type { ModelRegistrySource, ModelWithVersions } from './sources/types';
export { KubeflowRegistrySource } from './sources/kubeflow/KubeflowRegistrySource';
export { MlflowRegistrySource } from './sources/mlflow/MlflowRegistrySource';
export { DatabaseModelStore } from './sources/store/DatabaseModelStore';
export { migrateStore } from './sources/store/migrations';
export { KubernetesDeploymentReader } from './deployments/KubernetesDeploymentReader';
