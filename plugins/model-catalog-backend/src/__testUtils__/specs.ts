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
 * OpenAPI's `discriminator` with a `mapping` as JSON Schema: the property must name one of
 * the mapped schemas, and the body must match that one. Plain `oneOf` is not enough where
 * the branches do not fix the property themselves: an `Artifact` of type `doc-artifact`
 * would match the model, doc, dataset, metric and parameter branches alike.
 */
function withDiscriminator(schema: unknown): unknown {
  const { discriminator, oneOf, ...rest } = schema as {
    discriminator?: { propertyName: string; mapping?: Record<string, string> };
    oneOf?: unknown[];
  };
  if (!discriminator?.mapping || !oneOf) {
    return schema;
  }
  const property = discriminator.propertyName;
  const mapping = discriminator.mapping;
  return {
    ...rest,
    type: 'object',
    required: [property],
    properties: { [property]: { enum: Object.keys(mapping) } },
    allOf: Object.entries(mapping).map(([value, ref]) => ({
      if: { properties: { [property]: { const: value } } },
      then: { $ref: ref },
    })),
  };
}

interface ParameterLike {
  $ref?: string;
  name: string;
  in: string;
  schema?: unknown;
}

interface PathItemLike {
  get?: { parameters?: ParameterLike[] };
  parameters?: ParameterLike[];
}

/**
 * Validates bodies against `components.schemas` of an OpenAPI 3.0 document, with
 * `discriminator` mappings enforced (see withDiscriminator).
 */
export class OpenApiSchemas {
  readonly #ajv: Ajv;
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #paths: Record<string, PathItemLike>;
  readonly #parameters: Record<string, ParameterLike>;

  constructor(document: {
    components: {
      schemas: Record<string, unknown>;
      parameters?: Record<string, unknown>;
    };
    paths?: Record<string, unknown>;
  }) {
    this.#paths = (document.paths ?? {}) as Record<string, PathItemLike>;
    this.#parameters = (document.components.parameters ?? {}) as Record<
      string,
      ParameterLike
    >;
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.#ajv);
    for (const format of ['int32', 'int64', 'double', 'float']) {
      this.#ajv.addFormat(format, true);
    }
    this.#ajv.addSchema({
      $id: 'openapi',
      components: {
        ...document.components,
        schemas: Object.fromEntries(
          Object.entries(document.components.schemas).map(([name, schema]) => [
            name,
            withDiscriminator(schema),
          ]),
        ),
      },
    });
  }

  static fromYamlFile(file: string): OpenApiSchemas {
    return new OpenApiSchemas(parseYaml(fs.readFileSync(file, 'utf8')));
  }

  /**
   * Compiles the validator of a schema now. A fake server does this before it serves, so
   * that its first answer is not late by the compile time (hundreds of milliseconds on a
   * busy machine, beyond a client's short test timeout).
   */
  compile(schemaName: string): ValidateFunction {
    let validate = this.#validators.get(schemaName);
    if (!validate) {
      validate = this.#ajv.compile({
        $ref: `openapi#/components/schemas/${schemaName}`,
      });
      this.#validators.set(schemaName, validate);
    }
    return validate;
  }

  /**
   * Throws when a request's query does not fit the operation `GET <pathTemplate>` of the
   * document: a parameter the operation does not declare, or a value its schema refuses.
   * So a fake server also checks what the client sends, not only what it answers.
   */
  assertQuery(pathTemplate: string, query: URLSearchParams): void {
    const item = this.#paths[pathTemplate];
    const operation = item?.get;
    if (!operation) {
      throw new Error(`No operation GET ${pathTemplate} in the document`);
    }
    const declared = new Map<string, ValidateFunction>();
    for (const parameter of [
      ...(item.parameters ?? []),
      ...(operation.parameters ?? []),
    ]) {
      const name = parameter.$ref?.split('/').pop();
      const resolved = name ? this.#parameters[name] : parameter;
      if (resolved?.in === 'query') {
        declared.set(
          resolved.name,
          this.#compileOnce(
            name
              ? `openapi#/components/parameters/${name}/schema`
              : JSON.stringify(resolved.schema),
            name
              ? { $ref: `openapi#/components/parameters/${name}/schema` }
              : resolved.schema,
          ),
        );
      }
    }
    for (const [key, value] of query) {
      const validate = declared.get(key);
      if (!validate) {
        throw new Error(
          `GET ${pathTemplate} has no query parameter '${key}' (declared: ${[
            ...declared.keys(),
          ].join(', ')})`,
        );
      }
      if (!validate(value)) {
        throw new Error(
          `GET ${pathTemplate}: query parameter ${key}=${value} ${this.#ajv.errorsText(
            validate.errors,
          )}`,
        );
      }
    }
  }

  #compileOnce(key: string, schema: unknown): ValidateFunction {
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.compile(schema as object);
      this.#validators.set(key, validate);
    }
    return validate;
  }

  /** Throws with the validation errors when `body` does not match the named schema. */
  assert(schemaName: string, body: unknown): void {
    const validate = this.compile(schemaName);
    if (!validate(body)) {
      throw new Error(
        `Response does not match ${schemaName}: ${this.#ajv.errorsText(
          validate.errors,
        )}`,
      );
    }
  }
}
