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

import { InputError } from '@backstage/errors';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { SKELETON_MANIFEST } from './renderTree';

/**
 * What a skeleton says about itself in `.skeleton.yaml` at its root: a JSON Schema for the
 * values it needs. Platform teams edit it beside the files it describes; the render action
 * checks the values against it before anything is rendered, so a template that passes a bad
 * value (or none) fails with the field named, whatever the form let through.
 */
export interface SkeletonManifest {
  description?: string;
  values?: Record<string, unknown>;
}

export async function readSkeletonManifest(
  sourceDir: string,
): Promise<SkeletonManifest | undefined> {
  const file = path.join(sourceDir, SKELETON_MANIFEST);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const manifest = YAML.parse(text) as SkeletonManifest | null;
  if (!manifest || typeof manifest !== 'object') {
    throw new InputError(`${SKELETON_MANIFEST} must be a YAML mapping`);
  }
  return manifest;
}

function describeError(error: ErrorObject): string {
  const field = `values${error.instancePath.replace(/\//g, '.')}`;
  switch (error.keyword) {
    case 'required':
      return `values${error.instancePath.replace(/\//g, '.')}.${
        (error.params as { missingProperty: string }).missingProperty
      } is required`;
    case 'additionalProperties':
      return `${field} has an unknown field "${
        (error.params as { additionalProperty: string }).additionalProperty
      }"`;
    case 'pattern': {
      const schema = error.parentSchema as { description?: string; 'ui:help'?: string };
      const hint = schema?.['ui:help'] ?? schema?.description;
      return `${field} ${error.message}${hint ? ` (${hint})` : ''}`;
    }
    default:
      return `${field} ${error.message}`;
  }
}

const validators = new Map<string, ValidateFunction>();

/** Compiling a schema costs far more than checking values with it: keep the compiled ones. */
function compiledValuesSchema(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    if (validators.size >= 100) validators.clear();
    // A fresh Ajv per schema: two skeletons may use the same $id for different schemas.
    validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

/** Validates values against the skeleton's schema; the error lists every bad field. */
export function validateSkeletonValues(
  manifest: SkeletonManifest | undefined,
  values: Record<string, unknown>,
) {
  if (!manifest?.values) return;
  const validate = compiledValuesSchema(manifest.values);
  if (!validate(values)) {
    const problems = (validate.errors ?? []).map(describeError);
    throw new InputError(
      `The values do not fit the skeleton: ${[...new Set(problems)].join('; ')}`,
    );
  }
}
