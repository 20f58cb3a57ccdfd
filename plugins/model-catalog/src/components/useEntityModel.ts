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

import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { getModelReference } from '@ai-golden-path/plugin-model-catalog-common';
import {
  modelCatalogApiRef,
  type GetEntityModelOptions,
} from '../api/ModelCatalogApi';

/** Loads the model of the entity on the current page; nothing is fetched without the annotation. */
export function useEntityModel(options: GetEntityModelOptions = {}) {
  const { latestVersions } = options;
  const { entity } = useEntity();
  const api = useApi(modelCatalogApiRef);
  const reference = getModelReference(entity);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const state = useAsyncRetry(async () => {
    if (!reference) {
      return undefined;
    }
    return api.getEntityModel(
      { kind, namespace, name },
      latestVersions === undefined ? {} : { latestVersions },
    );
  }, [
    api,
    kind,
    namespace,
    name,
    reference?.registry,
    reference?.modelName,
    latestVersions,
  ]);
  return { entity, reference, ...state };
}
