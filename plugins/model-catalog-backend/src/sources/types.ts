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
  ModelVersion,
  RegisteredModel,
  RegisteredModelPage,
  RegistrySourceType,
} from '@ai-golden-path/plugin-model-catalog-common';

/** A registered model with all its versions. */
export interface ModelWithVersions {
  model: RegisteredModel;
  versions: ModelVersion[];
}

/**
 * One configured registry: the Kubeflow Model Registry, MLflow or the built-in store. Every
 * call takes an AbortSignal because the API answers within a deadline whatever a registry
 * does.
 */
export interface ModelRegistrySource {
  readonly name: string;
  readonly type: RegistrySourceType;
  /** The model and all its versions, or undefined when the registry has no such model. */
  getModel(
    modelName: string,
    options: { signal: AbortSignal },
  ): Promise<ModelWithVersions | undefined>;
  /** One page of the registry's models; `nextPageToken` is absent on the last page. */
  listModels(options: {
    pageToken?: string;
    pageSize: number;
    signal: AbortSignal;
  }): Promise<RegisteredModelPage>;
}
