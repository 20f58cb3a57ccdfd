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

import { createHash } from 'node:crypto';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AI_MODEL_RESOURCE_TYPE,
  DEFAULT_REGISTRY_NAME,
  MODEL_NAME_ANNOTATION,
  MODEL_REGISTRY_ANNOTATION,
  RegisteredModel,
} from '@ai-golden-path/plugin-model-catalog-common';

/** A component that names a model in its annotations. */
export interface ModelUser {
  ref: string;
  owner?: string;
}

const NAME_MAX = 63;

/**
 * A valid entity name for a model: the model name itself in the default registry,
 * `<registry>--<model>` elsewhere; characters outside [A-Za-z0-9-_.] become `-`, and a
 * short hash keeps shortened or altered names unique.
 *
 * A name is kept as it is only when it cannot be read two ways: `rhoai--x` is model `x` of
 * registry `rhoai`, so a model named `rhoai--x` in the default registry, or registry `a`
 * with model `b--c` against registry `a--b` with model `c`, get hashed names instead of
 * one hiding the other.
 */
export function modelEntityName(registry: string, modelName: string): string {
  const inDefault = registry === DEFAULT_REGISTRY_NAME;
  const raw = inDefault ? modelName : `${registry}--${modelName}`;
  const ambiguous =
    modelName.includes('--') ||
    (!inDefault &&
      (registry.includes('--') ||
        registry.endsWith('-') ||
        modelName.startsWith('-')));
  let name = raw
    .replace(/[^A-Za-z0-9\-_.]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  if (
    ambiguous ||
    name !== raw ||
    name.length > NAME_MAX ||
    name.length === 0
  ) {
    // Registry and model apart: `a` + `b--c` and `a--b` + `c` read the same joined.
    const hash = createHash('sha256')
      .update(inDefault ? modelName : `${registry}\u0000${modelName}`)
      .digest('hex')
      .slice(0, 8);
    name = `${name.slice(0, NAME_MAX - 9).replace(/[^A-Za-z0-9]+$/, '')}-${hash}`;
    name = name.replace(/^-/, 'm-');
  }
  return name;
}

function toTag(label: string): string | undefined {
  const tag = label
    .toLowerCase()
    .replace(/[^a-z0-9+#-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return tag || undefined;
}

/** The Resource entity (spec.type ai-model) for one registered model. */
export function modelToEntity(options: {
  model: RegisteredModel;
  users: ModelUser[];
  defaultOwner: string;
  locationKey: string;
}): Entity {
  const { model, users } = options;
  // The first component by ref, not by catalog order, so the owner stays put across syncs.
  const owner =
    [...users]
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .find(user => user.owner)?.owner ?? options.defaultOwner;
  const tags = [
    ...new Set(model.labels.map(toTag).filter(Boolean)),
  ] as string[];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: modelEntityName(model.registry, model.name),
      namespace: 'default',
      title: model.name,
      description: model.description?.slice(0, 1000),
      annotations: {
        [ANNOTATION_LOCATION]: options.locationKey,
        [ANNOTATION_ORIGIN_LOCATION]: options.locationKey,
        [MODEL_REGISTRY_ANNOTATION]: model.registry,
        [MODEL_NAME_ANNOTATION]: model.name,
      },
      tags: tags.slice(0, 20),
      ...(model.url
        ? { links: [{ url: model.url, title: 'Model registry' }] }
        : {}),
    },
    spec: {
      type: AI_MODEL_RESOURCE_TYPE,
      owner,
      dependencyOf: users.map(user => user.ref).sort(),
    },
  };
}

/** A component's owner as a full entity ref, resolved against the component's namespace. */
export function ownerRef(
  owner: unknown,
  namespace: string | undefined,
): string | undefined {
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'Group',
        defaultNamespace: namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}
