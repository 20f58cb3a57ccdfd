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

import { ModelVersion } from '@ai-golden-path/plugin-model-catalog-common';
import { ModelRegistrySource, ModelWithVersions } from '../sources/types';

export const version = (name: string): ModelVersion => ({
  id: name,
  name,
  state: 'LIVE',
  labels: [],
  metrics: [{ name: 'accuracy', value: 0.9 }],
  evaluations: [],
  properties: { note: 'x'.repeat(200) },
});

/**
 * A store-type registry whose one model's versions a test can change, counting reads: what
 * a user would see change after an ingest or the TTL.
 */
/** A registered model of the `default` store with the named versions. */
export const modelWithVersions = (
  modelName: string,
  versionNames: string[],
): ModelWithVersions => ({
  model: {
    registry: 'default',
    sourceType: 'store',
    id: modelName,
    name: modelName,
    labels: [],
  },
  versions: versionNames.map(version),
});

export function changingRegistry(versionNames: string[] = ['1']) {
  let current = versionNames;
  const model = (modelName: string) => modelWithVersions(modelName, current);
  const source = {
    name: 'default',
    type: 'store' as const,
    getModel: jest.fn(
      async (modelName: string, _options?: { signal: AbortSignal }) =>
        model(modelName),
    ),
    listModels: jest.fn(),
  } satisfies ModelRegistrySource;
  return {
    source,
    setVersions(names: string[]) {
      current = names;
    },
  };
}
