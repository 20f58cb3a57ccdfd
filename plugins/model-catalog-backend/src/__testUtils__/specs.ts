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

import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * The shared API specs live beside the repository clone (`../shared/specs`), read-only;
 * CI checks them out there too.
 */
export const SPECS_DIR = path.resolve(__dirname, '../../../../../shared/specs');

export function specPath(...parts: string[]): string {
  return path.join(SPECS_DIR, ...parts);
}

/**
 * Validates bodies against `components.schemas` of an OpenAPI 3.0 document. OpenAPI's
 * `discriminator` is left to plain `oneOf` (each Kubeflow metadata value type fixes its
 * `metadataType` and forbids other keys, so exactly one branch matches).
 */
export class OpenApiSchemas {
  readonly #ajv: Ajv;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(document: { components: { schemas: Record<string, unknown> } }) {
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.#ajv);
    for (const format of ['int32', 'int64', 'double', 'float']) {
      this.#ajv.addFormat(format, true);
    }
    this.#ajv.addSchema({
      $id: 'openapi',
      components: document.components,
    });
  }

  static fromYamlFile(file: string): OpenApiSchemas {
    return new OpenApiSchemas(parseYaml(fs.readFileSync(file, 'utf8')));
  }

  /** Throws with the validation errors when `body` does not match the named schema. */
  assert(schemaName: string, body: unknown): void {
    let validate = this.#validators.get(schemaName);
    if (!validate) {
      validate = this.#ajv.compile({
        $ref: `openapi#/components/schemas/${schemaName}`,
      });
      this.#validators.set(schemaName, validate);
    }
    if (!validate(body)) {
      throw new Error(
        `Response does not match ${schemaName}: ${this.#ajv.errorsText(
          validate.errors,
        )}`,
      );
    }
  }
}
