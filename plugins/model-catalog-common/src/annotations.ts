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
 * Entity annotations that tie a catalog entity to a model. The golden path's generated
 * `catalog-info.yaml` writes them; anyone can add them to an existing component.
 */

/**
 * Name of a registry configured under `modelCatalog.registries` in app-config. Never a URL:
 * entities are editable by anyone with repository access, so the backend only ever talks to
 * registries that the platform team configured.
 *
 * @public
 */
export const MODEL_REGISTRY_ANNOTATION = 'ai-golden-path.io/model-registry';

/**
 * Name of the registered model inside that registry.
 *
 * @public
 */
export const MODEL_NAME_ANNOTATION = 'ai-golden-path.io/model-name';

/**
 * Where the component's model is in its life: `proof-of-concept`, `evaluation`,
 * `fine-tuning` or `own-model`. Optional; shown on the model card when set.
 *
 * @public
 */
export const MODEL_LIFECYCLE_STAGE_ANNOTATION =
  'ai-golden-path.io/model-lifecycle-stage';

/**
 * The lifecycle stages `MODEL_LIFECYCLE_STAGE_ANNOTATION` accepts, in order.
 *
 * @public
 */
export const MODEL_LIFECYCLE_STAGES = [
  'proof-of-concept',
  'evaluation',
  'fine-tuning',
  'own-model',
] as const;

/**
 * The `spec.type` of the `Resource` entities the catalog module emits for registered models:
 * the type RHDH's own AI templates filter on.
 *
 * @public
 */
export const AI_MODEL_RESOURCE_TYPE = 'ai-model';

/**
 * The registry name used when an entity has a model name but no registry annotation.
 *
 * @public
 */
export const DEFAULT_REGISTRY_NAME = 'default';

/**
 * The registry and model an entity names, or undefined when it names no model.
 *
 * @public
 */
export function getModelReference(entity: {
  metadata: { annotations?: Record<string, string> };
}): { registry: string; modelName: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const modelName = annotations[MODEL_NAME_ANNOTATION]?.trim();
  if (!modelName) {
    return undefined;
  }
  const registry =
    annotations[MODEL_REGISTRY_ANNOTATION]?.trim() || DEFAULT_REGISTRY_NAME;
  return { registry, modelName };
}
