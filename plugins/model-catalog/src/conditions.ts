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

import type { Entity } from '@backstage/catalog-model';
import { getModelReference } from '@ai-golden-path/plugin-model-catalog-common';

/**
 * Whether the entity names a model (`ai-golden-path.io/model-name`), so the model card and
 * the Models tab have something to show. Use it with `EntitySwitch.Case if=` or as the
 * `isModelAvailable` condition of an RHDH mount point.
 *
 * @public
 */
export function isModelAvailable(entity: Entity): boolean {
  return getModelReference(entity) !== undefined;
}
