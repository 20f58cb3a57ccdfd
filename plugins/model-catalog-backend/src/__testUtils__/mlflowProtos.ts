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
import protobuf from 'protobufjs';
import { specPath } from './specs';

/**
 * Loads MLflow's protos (`../shared/specs/mlflow`) with protobufjs, field names kept as in
 * the .proto (MLflow's JSON uses them). protobufjs cannot parse the list-valued `rpc`
 * options of the service definitions, and the REST mapping is not needed here, so service
 * blocks are dropped before parsing; every message stays as written.
 */
export function loadMlflowProtos(): protobuf.Root {
  const root = new protobuf.Root();
  const dir = specPath('mlflow');
  const loaded = new Set<string>();

  const load = (name: string) => {
    if (loaded.has(name)) {
      return;
    }
    loaded.add(name);
    if (name.startsWith('google/protobuf/')) {
      const common = protobuf.common.get(name);
      if (common) {
        root.addJSON(common.nested ?? {});
        return;
      }
      const file = require.resolve(`protobufjs/${name}`);
      protobuf.parse(fs.readFileSync(file, 'utf8'), root, { keepCase: true });
      return;
    }
    const file = [path.join(dir, name), path.join(dir, 'stubs', name)].find(
      candidate => fs.existsSync(candidate),
    );
    if (!file) {
      throw new Error(`Proto import ${name} not found under ${dir}`);
    }
    const parsed = protobuf.parse(
      withoutServices(fs.readFileSync(file, 'utf8')),
      root,
      { keepCase: true },
    );
    for (const dependency of [
      ...(parsed.imports ?? []),
      ...(parsed.weakImports ?? []),
    ]) {
      load(dependency);
    }
  };

  load('model_registry.proto');
  load('service.proto');
  root.resolveAll();
  return root;
}

function withoutServices(source: string): string {
  let out = '';
  let index = 0;
  const pattern = /^service\s+\w+\s*\{/gm;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    out += source.slice(index, match.index);
    let depth = 0;
    let i = match.index + match[0].length - 1;
    for (; i < source.length; i++) {
      if (source[i] === '{') depth++;
      if (source[i] === '}' && --depth === 0) break;
    }
    index = i + 1;
    pattern.lastIndex = index;
  }
  return out + source.slice(index);
}

/**
 * Turns a plain object into MLflow's JSON for the named message: checked by protobufjs
 * (unknown fields and wrong types fail), int64 as numbers and enums as names, as MLflow's
 * `message_to_json` writes them.
 */
export function toMlflowJson(
  root: protobuf.Root,
  typeName: string,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const type = root.lookupType(typeName);
  assertKnownFields(type, value, typeName);
  const message = type.fromObject(value);
  const problem = type.verify(message);
  if (problem) {
    throw new Error(`${typeName}: ${problem}`);
  }
  return type.toObject(message, {
    longs: Number,
    enums: String,
    defaults: false,
  });
}

/**
 * Checks a GET request's query against the request message of its endpoint, as MLflow's
 * REST handlers parse it: every key a field of the message, numbers where the field is one.
 */
export function assertMlflowQuery(
  root: protobuf.Root,
  requestType: string,
  query: URLSearchParams,
): void {
  const type = root.lookupType(requestType);
  for (const [key, value] of query) {
    const field = type.fields[key];
    if (!field) {
      throw new Error(`${requestType} has no field ${key}`);
    }
    const integer = ['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64'];
    if (integer.includes(field.type) && !/^-?\d+$/.test(value)) {
      throw new Error(`${requestType}.${key} must be an integer, got ${value}`);
    }
    if (field.type === 'bool' && value !== 'true' && value !== 'false') {
      throw new Error(
        `${requestType}.${key} must be true or false, got ${value}`,
      );
    }
  }
}

function assertKnownFields(
  type: protobuf.Type,
  value: Record<string, unknown>,
  where: string,
) {
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = type.fields[key];
    if (!field) {
      throw new Error(`${where}: ${type.name} has no field ${key}`);
    }
    field.resolve();
    if (field.resolvedType instanceof protobuf.Enum) {
      const names = Object.keys(field.resolvedType.values);
      for (const item of Array.isArray(fieldValue)
        ? fieldValue
        : [fieldValue]) {
        if (typeof item === 'string' && !names.includes(item)) {
          throw new Error(
            `${where}.${key}: ${item} is not one of ${names.join(', ')}`,
          );
        }
      }
    }
    if (field.resolvedType instanceof protobuf.Type) {
      const nested = field.resolvedType;
      for (const item of Array.isArray(fieldValue)
        ? fieldValue
        : [fieldValue]) {
        if (item && typeof item === 'object') {
          assertKnownFields(
            nested,
            item as Record<string, unknown>,
            `${where}.${key}`,
          );
        }
      }
    }
  }
}
