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
import http from 'node:http';
import protobuf from 'protobufjs';
// The model catalog's tests already load MLflow's protos and build answers through them; this
// writable fake reuses that code (one loader, one JSON mapping) instead of a copy. Test helpers
// are not part of that package's public API, hence the relative imports.
/* eslint-disable no-restricted-imports, @backstage/no-relative-monorepo-imports */
import {
  loadMlflowProtos,
  toMlflowJson,
} from '../../../plugins/model-catalog-backend/src/__testUtils__/mlflowProtos';
import { specPath } from '../../../plugins/model-catalog-backend/src/__testUtils__/specs';
import { closeServer, listenOnLoopback } from './loopbackServer';
/* eslint-enable no-restricted-imports, @backstage/no-relative-monorepo-imports */

/** One REST endpoint of MLflow, read from the `option (rpc)` of its .proto services. */
export interface MlflowEndpoint {
  method: string;
  /** Full path, e.g. /api/2.0/mlflow/runs/create. */
  path: string;
  /** Request message, e.g. mlflow.CreateRun; the answer is `<request>.Response`. */
  request: string;
  response: string;
}

/**
 * The REST mapping of MLflow's services, parsed from the proto text (protobufjs cannot read the
 * list-valued rpc options, see mlflowProtos.ts). Each endpoint is served under
 * `/api/<since.major>.0<path>`, as MLflow's server registers them.
 */
export function mlflowEndpoints(): MlflowEndpoint[] {
  const endpoints: MlflowEndpoint[] = [];
  for (const file of ['service.proto', 'model_registry.proto']) {
    const source = fs.readFileSync(specPath('mlflow', file), 'utf8');
    const rpc =
      /rpc\s+\w+\s*\(\s*([\w.]+)\s*\)\s*returns\s*\(\s*([\w.]+)\s*\)\s*\{/g;
    for (let match = rpc.exec(source); match; match = rpc.exec(source)) {
      let depth = 0;
      let end = match.index + match[0].length - 1;
      for (; end < source.length; end++) {
        if (source[end] === '{') depth++;
        if (source[end] === '}' && --depth === 0) break;
      }
      const block = source.slice(match.index, end);
      const endpoint =
        /method:\s*"(\w+)"\s*path:\s*"([^"]+)"\s*since:\s*\{\s*major:\s*(\d+)/g;
      for (let e = endpoint.exec(block); e; e = endpoint.exec(block)) {
        const restPath = e[2].startsWith('/') ? e[2] : `/${e[2]}`;
        endpoints.push({
          method: e[1],
          path: `/api/${e[3]}.0${restPath}`,
          request: `mlflow.${match[1]}`,
          response: `mlflow.${match[2]}`,
        });
      }
    }
  }
  return endpoints;
}

/** MLflow's error answer: `{error_code, message}` with the HTTP status MLflow maps the code to. */
class MlflowError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

const INTEGER_TYPES = new Set([
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
]);

/**
 * Checks a request body against a message type the way MLflow's `parse_dict` + `validate_required`
 * would refuse it: unknown fields, wrong JSON types, enum names that do not exist, and missing
 * fields marked `[(validate_required) = true]`. Returns the problems found (empty when valid).
 */
export function requestProblems(
  type: protobuf.Type,
  value: unknown,
  where = type.name,
): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return [`${where}: expected an object`];
  }
  const problems: string[] = [];
  for (const field of type.fieldsArray) {
    if (
      field.options?.['(validate_required)'] === true &&
      (value as Json)[field.name] === undefined
    ) {
      problems.push(`${where}.${field.name} is required`);
    }
  }
  for (const [key, item] of Object.entries(value as Json)) {
    const field = type.fields[key];
    if (!field) {
      problems.push(`${where}: ${type.name} has no field ${key}`);
      continue;
    }
    field.resolve();
    if (field.repeated) {
      if (!Array.isArray(item)) {
        problems.push(`${where}.${key}: expected a list`);
        continue;
      }
      item.forEach((element, i) =>
        problems.push(
          ...scalarProblems(field, element, `${where}.${key}[${i}]`),
        ),
      );
    } else {
      problems.push(...scalarProblems(field, item, `${where}.${key}`));
    }
  }
  return problems;
}

function scalarProblems(
  field: protobuf.Field,
  value: unknown,
  where: string,
): string[] {
  if (field.resolvedType instanceof protobuf.Type) {
    return requestProblems(field.resolvedType, value, where);
  }
  if (field.resolvedType instanceof protobuf.Enum) {
    const names = Object.keys(field.resolvedType.values);
    return typeof value === 'string' && names.includes(value)
      ? []
      : [
          `${where}: ${JSON.stringify(value)} is not one of ${names.join(', ')}`,
        ];
  }
  const ok =
    (field.type === 'string' && typeof value === 'string') ||
    (field.type === 'bool' && typeof value === 'boolean') ||
    (['double', 'float'].includes(field.type) && typeof value === 'number') ||
    // protobuf's JSON mapping writes 64-bit integers as numbers or decimal strings.
    (INTEGER_TYPES.has(field.type) &&
      (Number.isInteger(value) ||
        (typeof value === 'string' && /^-?\d+$/.test(value))));
  return ok
    ? []
    : [`${where}: ${JSON.stringify(value)} is not a ${field.type}`];
}

/** A GET request's query string as the JSON object MLflow's server builds from it. */
function queryAsJson(type: protobuf.Type, url: URL): Json {
  const json: Json = {};
  for (const key of new Set(url.searchParams.keys())) {
    const field = type.fields[key];
    const values = url.searchParams.getAll(key);
    const booleans: Record<string, boolean> = { true: true, false: false };
    const convert = (raw: string): unknown => {
      if (!field) return raw;
      if (field.type === 'bool') return booleans[raw] ?? raw;
      if (['double', 'float'].includes(field.type)) return Number(raw);
      return raw; // integers stay decimal strings (valid JSON mapping), strings stay strings
    };
    json[key] = field?.repeated
      ? values.map(convert)
      : convert(values[values.length - 1]);
  }
  return json;
}

interface Run {
  info: Json;
  data: { metrics: Json[]; params: Json[]; tags: Json[] };
}

/**
 * A writable fake MLflow tracking server and model registry (REST API 2.0). Every request is
 * checked against the request message of the endpoint it hits (from MLflow's .proto files) and
 * every answer is built through the response message (`toMlflowJson`); a request that breaks
 * the spec is answered 400 INVALID_PARAMETER_VALUE and recorded in `violations`, so a test can
 * both see the client fail and assert that nothing was refused. The state changes follow
 * MLflow's server: numbered versions per registered model, RESOURCE_ALREADY_EXISTS (400) on a
 * second create, RESOURCE_DOES_NOT_EXIST (404) for unknown experiments, runs and models, and
 * the answer MLflow gives for an alias that was never set (400 INVALID_PARAMETER_VALUE,
 * "Registered model alias <alias> not found.", from its file and SQL stores).
 */
export class FakeMlflowTrackingServer {
  readonly root = loadMlflowProtos();
  readonly endpoints = mlflowEndpoints();
  readonly requests: { method: string; path: string; body: Json }[] = [];
  readonly violations: string[] = [];
  readonly experiments = new Map<string, Json>();
  readonly runs = new Map<string, Run>();
  readonly models = new Map<string, Json>();
  readonly versions: Json[] = [];
  /** alias -> version, per registered model name. */
  readonly aliases = new Map<string, Map<string, string>>();
  /** Bearer token every request must carry; unset: no authentication. */
  token?: string;
  #server?: http.Server;
  #clock = Date.parse('2026-01-01T00:00:00Z');

  async start(): Promise<string> {
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const { status, body } = this.#answer(
          req,
          Buffer.concat(chunks).toString('utf8'),
        );
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    return listenOnLoopback(this.#server);
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  /** The tags of a model version as a plain object. */
  versionTags(version: Json): Record<string, string> {
    return Object.fromEntries(
      ((version.tags as Json[] | undefined) ?? []).map(t => [t.key, t.value]),
    ) as Record<string, string>;
  }

  #answer(
    req: http.IncomingMessage,
    raw: string,
  ): { status: number; body: unknown } {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    // The protos here carry no ErrorCode enum (databricks.proto is a stub), so errors are
    // written the way MLflow's server writes them: `{error_code, message}`.
    const error = (e: MlflowError) => ({
      status: e.status,
      body: { error_code: e.errorCode, message: e.message },
    });
    const endpoint = this.endpoints.find(
      e => e.method === method && e.path === url.pathname,
    );
    if (!endpoint) {
      this.violations.push(
        `${method} ${url.pathname}: no such endpoint in MLflow's protos`,
      );
      return error(
        new MlflowError(
          404,
          'ENDPOINT_NOT_FOUND',
          `No endpoint ${method} ${url.pathname}`,
        ),
      );
    }
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) {
      return error(
        new MlflowError(
          401,
          'UNAUTHENTICATED',
          'missing or wrong bearer token',
        ),
      );
    }
    const requestType = this.root.lookupType(endpoint.request);
    let body: Json;
    if (method === 'GET') {
      body = queryAsJson(requestType, url);
    } else {
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`);
        return error(
          new MlflowError(400, 'MALFORMED_REQUEST', 'body is not JSON'),
        );
      }
    }
    this.requests.push({ method, path: url.pathname, body });
    const problems = requestProblems(requestType, body);
    if (problems.length > 0) {
      this.violations.push(`${method} ${url.pathname}: ${problems.join('; ')}`);
      return error(
        new MlflowError(400, 'INVALID_PARAMETER_VALUE', problems.join('; ')),
      );
    }
    try {
      const answer = this.#handle(endpoint, body);
      return {
        status: 200,
        body: toMlflowJson(this.root, endpoint.response, answer),
      };
    } catch (e) {
      if (e instanceof MlflowError) {
        return error(e);
      }
      // An answer the response message refuses is a bug of this fake, not of the client.
      this.violations.push(
        `${method} ${url.pathname}: fake could not answer: ${e}`,
      );
      return error(new MlflowError(500, 'INTERNAL_ERROR', String(e)));
    }
  }

  #now(): number {
    this.#clock += 1000;
    return this.#clock;
  }

  #run(id: unknown): Run {
    const run = this.runs.get(String(id));
    if (!run)
      throw new MlflowError(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Run '${id}' not found`,
      );
    return run;
  }

  #model(name: unknown): Json {
    const model = this.models.get(String(name));
    if (!model) {
      throw new MlflowError(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Registered Model with name=${name} not found`,
      );
    }
    return model;
  }

  #version(name: unknown, version: unknown): Json {
    this.#model(name);
    const found = this.versions.find(
      v => v.name === name && v.version === String(version),
    );
    if (!found) {
      throw new MlflowError(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Model Version (name=${name}, version=${version}) not found`,
      );
    }
    return found;
  }

  #versionWithAliases(version: Json): Json {
    const aliases = [
      ...(this.aliases.get(String(version.name)) ?? new Map()).entries(),
    ]
      .filter(([, v]) => v === version.version)
      .map(([alias]) => alias);
    return { ...version, aliases };
  }

  #handle(endpoint: MlflowEndpoint, body: Json): Json {
    const route = `${endpoint.method} ${endpoint.path.replace(/^\/api\/2\.0\/mlflow\//, '')}`;
    switch (route) {
      case 'GET experiments/get-by-name': {
        const experiment = this.experiments.get(String(body.experiment_name));
        if (!experiment) {
          throw new MlflowError(
            404,
            'RESOURCE_DOES_NOT_EXIST',
            `Could not find experiment with name '${body.experiment_name}'`,
          );
        }
        return { experiment };
      }
      case 'POST experiments/create': {
        const name = String(body.name ?? '');
        if (!name)
          throw new MlflowError(
            400,
            'INVALID_PARAMETER_VALUE',
            "Missing value for required parameter 'name'",
          );
        if (this.experiments.has(name)) {
          throw new MlflowError(
            400,
            'RESOURCE_ALREADY_EXISTS',
            `Experiment '${name}' already exists.`,
          );
        }
        const id = String(this.experiments.size + 1);
        const now = this.#now();
        this.experiments.set(name, {
          experiment_id: id,
          name,
          artifact_location: `mlflow-artifacts:/${id}`,
          lifecycle_stage: 'active',
          creation_time: now,
          last_update_time: now,
        });
        return { experiment_id: id };
      }
      case 'POST runs/create': {
        const experiment = [...this.experiments.values()].find(
          e => e.experiment_id === body.experiment_id,
        );
        if (!experiment) {
          throw new MlflowError(
            404,
            'RESOURCE_DOES_NOT_EXIST',
            `No Experiment with id=${body.experiment_id} exists`,
          );
        }
        const runId = `${(this.runs.size + 1).toString(16).padStart(32, '0')}`;
        const run: Run = {
          info: {
            run_id: runId,
            run_uuid: runId,
            run_name: body.run_name ?? runId,
            experiment_id: experiment.experiment_id,
            user_id: body.user_id ?? '',
            status: 'RUNNING',
            start_time: Number(body.start_time ?? this.#now()),
            artifact_uri: `${experiment.artifact_location}/${runId}/artifacts`,
            lifecycle_stage: 'active',
          },
          data: {
            metrics: [],
            params: [],
            tags: [...((body.tags as Json[]) ?? [])],
          },
        };
        this.runs.set(runId, run);
        return { run };
      }
      case 'POST runs/log-batch': {
        const run = this.#run(body.run_id);
        const params = (body.params as Json[]) ?? [];
        const metrics = (body.metrics as Json[]) ?? [];
        const tags = (body.tags as Json[]) ?? [];
        // MLflow's limits (mlflow/utils/validation.py): 1000 metrics, 100 params, 100 tags per
        // batch, a parameter value of at most 6000 characters, a tag value of at most 8000.
        if (metrics.length > 1000 || params.length > 100 || tags.length > 100) {
          throw new MlflowError(
            400,
            'INVALID_PARAMETER_VALUE',
            'A batch logging request can contain at most 1000 metrics, 100 params and 100 tags',
          );
        }
        for (const param of params) {
          if (String(param.value ?? '').length > 6000) {
            throw new MlflowError(
              400,
              'INVALID_PARAMETER_VALUE',
              `Param value for ${param.key} exceeds 6000 characters`,
            );
          }
          const existing = run.data.params.find(p => p.key === param.key);
          if (existing && existing.value !== param.value) {
            throw new MlflowError(
              400,
              'INVALID_PARAMETER_VALUE',
              `Changing param values is not allowed. Param with key='${param.key}' was already logged`,
            );
          }
          if (!existing) run.data.params.push(param);
        }
        for (const tag of tags) {
          if (String(tag.value ?? '').length > 8000) {
            throw new MlflowError(
              400,
              'INVALID_PARAMETER_VALUE',
              `Tag value for ${tag.key} exceeds 8000 characters`,
            );
          }
          run.data.tags = [
            ...run.data.tags.filter(t => t.key !== tag.key),
            tag,
          ];
        }
        for (const metric of metrics) {
          run.data.metrics = [
            ...run.data.metrics.filter(m => m.key !== metric.key),
            metric,
          ];
        }
        return {};
      }
      case 'POST runs/update': {
        const run = this.#run(body.run_id ?? body.run_uuid);
        if (body.status) run.info.status = body.status;
        if (body.end_time !== undefined)
          run.info.end_time = Number(body.end_time);
        if (body.run_name) run.info.run_name = body.run_name;
        return { run_info: run.info };
      }
      case 'GET runs/get':
        return { run: this.#run(body.run_id ?? body.run_uuid) };
      case 'POST registered-models/create': {
        const name = String(body.name);
        if (this.models.has(name)) {
          throw new MlflowError(
            400,
            'RESOURCE_ALREADY_EXISTS',
            `Registered Model (name=${name}) already exists.`,
          );
        }
        const now = this.#now();
        const model: Json = {
          name,
          creation_timestamp: now,
          last_updated_timestamp: now,
          ...(body.description ? { description: body.description } : {}),
          tags: (body.tags as Json[]) ?? [],
        };
        this.models.set(name, model);
        return { registered_model: model };
      }
      case 'GET registered-models/get':
        return { registered_model: this.#model(body.name) };
      case 'POST model-versions/create': {
        this.#model(body.name);
        const source = String(body.source);
        // MLflow's server refuses a local source unless it lies in the artifact directory of
        // the run it names (handlers._validate_source_run): a model registered from a laptop
        // path is useless to the cluster, so the pipeline copies it to object storage first.
        if (/^(file:|\/)/.test(source)) {
          const run = body.run_id
            ? this.runs.get(String(body.run_id))
            : undefined;
          if (!run || !source.startsWith(String(run.info.artifact_uri))) {
            throw new MlflowError(
              400,
              'INVALID_PARAMETER_VALUE',
              `Invalid model version source: '${source}'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.`,
            );
          }
        }
        const number =
          this.versions.filter(v => v.name === body.name).length + 1;
        const now = this.#now();
        const version: Json = {
          name: body.name,
          version: String(number),
          creation_timestamp: now,
          last_updated_timestamp: now,
          current_stage: 'None',
          source,
          ...(body.run_id ? { run_id: body.run_id } : {}),
          ...(body.description ? { description: body.description } : {}),
          status: 'READY',
          tags: (body.tags as Json[]) ?? [],
        };
        this.versions.push(version);
        return { model_version: this.#versionWithAliases(version) };
      }
      case 'GET model-versions/get':
        return {
          model_version: this.#versionWithAliases(
            this.#version(body.name, body.version),
          ),
        };
      case 'GET model-versions/search': {
        const matches = searchFilter(String(body.filter ?? ''));
        const max = Number(body.max_results ?? 10000);
        if (!(max >= 1 && max <= 200000)) {
          throw new MlflowError(
            400,
            'INVALID_PARAMETER_VALUE',
            `Invalid value for max_results: ${body.max_results}`,
          );
        }
        const found = this.versions.filter(v =>
          matches(v, this.versionTags(v)),
        );
        found.sort((a, b) => Number(b.version) - Number(a.version));
        return {
          model_versions: found
            .slice(0, max)
            .map(v => this.#versionWithAliases(v)),
        };
      }
      case 'POST model-versions/set-tag': {
        const version = this.#version(body.name, body.version);
        const tags = ((version.tags as Json[]) ?? []).filter(
          t => t.key !== body.key,
        );
        version.tags = [...tags, { key: body.key, value: body.value }];
        return {};
      }
      case 'POST registered-models/alias': {
        this.#version(body.name, body.version);
        const aliases =
          this.aliases.get(String(body.name)) ?? new Map<string, string>();
        aliases.set(String(body.alias), String(body.version));
        this.aliases.set(String(body.name), aliases);
        return {};
      }
      case 'GET registered-models/alias': {
        this.#model(body.name);
        const version = this.aliases
          .get(String(body.name))
          ?.get(String(body.alias));
        if (version === undefined) {
          throw new MlflowError(
            400,
            'INVALID_PARAMETER_VALUE',
            `Registered model alias ${body.alias} not found.`,
          );
        }
        return {
          model_version: this.#versionWithAliases(
            this.#version(body.name, version),
          ),
        };
      }
      default:
        // A real endpoint this fake does not model: say so rather than answer something made up.
        this.violations.push(`${route}: not modelled by the fake`);
        throw new MlflowError(
          501,
          'NOT_IMPLEMENTED',
          `${route} is not modelled by the fake`,
        );
    }
  }
}

/**
 * The subset of MLflow's model-version search filter the fake understands: comparisons joined
 * by AND, each `name`, `run_id`, `source_path` or `tags.<key>` `=` a quoted string. Anything
 * else is refused, as MLflow refuses what its grammar lacks (e.g. OR).
 */
export function searchFilter(
  filter: string,
): (version: Json, tags: Record<string, string>) => boolean {
  if (!filter.trim()) return () => true;
  const clauses = filter.split(/\s+and\s+/i).map(clause => {
    const match = clause
      .trim()
      .match(
        /^(name|run_id|source_path|tags\.(?:\w+|`[^`]+`))\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")$/,
      );
    if (!match) {
      throw new MlflowError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Invalid filter '${filter}': cannot parse '${clause.trim()}'`,
      );
    }
    const value = (match[2] ?? match[3]).replace(/\\(.)/g, '$1');
    const key = match[1];
    return (version: Json, tags: Record<string, string>) => {
      if (key === 'name') return version.name === value;
      if (key === 'run_id') return version.run_id === value;
      if (key === 'source_path') return version.source === value;
      return tags[key.slice('tags.'.length).replace(/`/g, '')] === value;
    };
  });
  return (version, tags) => clauses.every(clause => clause(version, tags));
}
