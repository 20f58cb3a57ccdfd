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
import { parse as parseYaml } from 'yaml';
// The model catalog's read-only fake is built on these test utilities (not part of the plugin's
// API, so there is no package entry point for them); the writable fake reuses them rather than a
// copy, as the e2e MLflow fake does.
/* eslint-disable no-restricted-imports, @backstage/no-relative-monorepo-imports */
import { FakeServer } from '../../../plugins/model-catalog-backend/src/__testUtils__/fakeServer';
import {
  OpenApiSchemas,
  SPECS_DIR,
  specPath,
} from '../../../plugins/model-catalog-backend/src/__testUtils__/specs';
/* eslint-enable no-restricted-imports, @backstage/no-relative-monorepo-imports */

/** The read-only specs collection (`../shared/specs` beside the repository). */
export { SPECS_DIR };

/** Path prefix of the Kubeflow Model Registry REST API served by the fake. */
export const MODEL_REGISTRY_API = '/api/model_registry/v1alpha3';
/** Path prefix of the fake's own control endpoints (not part of the registry's API). */
export const FAKE_CONTROL = '/__fake__';

/** A stored entity, exactly as the fake answers it. */
export type Entity = Record<string, unknown> & { id: string };

type Answer = { status: number; body: unknown };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `Artifact`, `ArtifactCreate` and `ArtifactUpdate` are `oneOf` + `discriminator` in the spec and
 * their branches do not exclude each other (no `additionalProperties: false`, no enum on
 * `artifactType`), so plain `oneOf` matches several branches. The real server picks the branch
 * by `artifactType`; so does the fake.
 */
const DISCRIMINATED: Record<string, Record<string, string>> = {
  Artifact: {
    'model-artifact': 'ModelArtifact',
    'doc-artifact': 'DocArtifact',
    'dataset-artifact': 'DataSet',
    metric: 'Metric',
    parameter: 'Parameter',
  },
  ArtifactCreate: {
    'model-artifact': 'ModelArtifactCreate',
    'doc-artifact': 'DocArtifactCreate',
    'dataset-artifact': 'DataSetCreate',
    metric: 'MetricCreate',
    parameter: 'ParameterCreate',
  },
  ArtifactUpdate: {
    'model-artifact': 'ModelArtifactUpdate',
    'doc-artifact': 'DocArtifactUpdate',
    'dataset-artifact': 'DataSetUpdate',
    metric: 'MetricUpdate',
    parameter: 'ParameterUpdate',
  },
};

const PRINTABLE = /^[\x20-\x7E]+$/;
const ID = /^[1-9][0-9]{0,8}$/;

/**
 * A writable fake of the Kubeflow Model Registry REST API v1alpha3 (the OpenShift AI model
 * registry), checked against the real OpenAPI document (`specs/model-registry/model-registry.yaml`):
 *
 * - every request body is validated against the operation's schema (`*Create`, `*Update`, or the
 *   full entity where the spec says so) and fields the schema does not define are refused with
 *   400, as the real server's strict JSON decoding does; every answer is validated against its
 *   response schema before it is sent (a drifting fake answers 500 instead);
 * - RegisteredModel, ModelVersion and artifacts (model-artifact, doc-artifact, ...): create, get,
 *   find (`?name=`, `?externalId=`, `?parentResourceId=`), list with page tokens, PATCH;
 *   `POST /model_versions/{id}/artifacts` creates or associates (upsert);
 * - names are unique per parent, `externalId` per kind (409 on a clash); PATCH replaces the
 *   fields it names, `customProperties` as a whole map (so a client must send the merged map);
 * - with `token`, every API request needs `Authorization: Bearer <token>` (401 otherwise).
 *
 * Test switches: `failWrite(n)` makes the n-th POST/PATCH from now answer 500 without storing
 * anything (a failure midway); `reset()` empties it. Run standalone with
 * `node --import tsx test/src/fakes/serve.ts`, which prints the base URL; the same switches are
 * then `POST /__fake__/fail-write?nth=N[&status=S]`, `POST /__fake__/reset` and
 * `GET /__fake__/requests`.
 */
export class FakeKubeflowModelRegistry extends FakeServer {
  readonly registeredModels = new Map<string, Entity>();
  readonly modelVersions = new Map<string, Entity>();
  /** Every artifact by id; `artifactParents` maps artifact id -> model version id. */
  readonly artifacts = new Map<string, Entity>();
  readonly artifactParents = new Map<string, string>();
  /** POST/PATCH requests to the API received so far (failed ones included). */
  writes = 0;
  readonly #schemas: OpenApiSchemas;
  readonly #document: { components: { schemas: Record<string, any> } };
  readonly #token?: string;
  #failAt?: { write: number; status: number };
  #contextIds = 0;
  #artifactIds = 0;
  #clock = Date.UTC(2026, 0, 1);

  constructor(options: { token?: string } = {}) {
    const document = parseYaml(
      fs.readFileSync(
        specPath('model-registry', 'model-registry.yaml'),
        'utf8',
      ),
    );
    super((url, request, body) => this.#route(url, request, body ?? ''), {
      readBody: true,
    });
    this.#document = document;
    this.#schemas = new OpenApiSchemas(document);
    this.#token = options.token;
  }

  /** The n-th write (POST/PATCH) from now answers `status` (default 500) and stores nothing. */
  failWrite(nth: number, status = 500): void {
    if (!Number.isInteger(nth) || nth < 1) {
      throw new Error(`failWrite: nth must be a positive integer, got ${nth}`);
    }
    this.#failAt = { write: this.writes + nth, status };
  }

  /** Forgets every entity, recorded request and pending failure. */
  reset(): void {
    this.registeredModels.clear();
    this.modelVersions.clear();
    this.artifacts.clear();
    this.artifactParents.clear();
    this.requests.length = 0;
    this.writes = 0;
    this.#failAt = undefined;
  }

  #route(
    url: URL,
    request: http.IncomingMessage,
    body: string,
  ): Answer | undefined {
    const method = request.method ?? 'GET';
    if (url.pathname.startsWith(`${FAKE_CONTROL}/`)) {
      return this.#control(url, method);
    }
    if (!url.pathname.startsWith(`${MODEL_REGISTRY_API}/`)) {
      return undefined; // FakeServer answers 404
    }
    try {
      if (
        this.#token &&
        request.headers.authorization !== `Bearer ${this.#token}`
      ) {
        throw new HttpError(401, 'missing or wrong bearer token');
      }
      if (method === 'POST' || method === 'PATCH') {
        this.writes += 1;
        if (this.#failAt && this.writes === this.#failAt.write) {
          const status = this.#failAt.status;
          this.#failAt = undefined;
          throw new HttpError(status, 'injected failure (failWrite)');
        }
      }
      const parsed =
        method === 'POST' || method === 'PATCH' ? this.#json(body) : undefined;
      return this.#api(url, method, parsed);
    } catch (error) {
      if (error instanceof HttpError) {
        return {
          status: error.status,
          body: { code: String(error.status), message: error.message },
        };
      }
      throw error; // FakeServer answers 500 with the message
    }
  }

  #control(url: URL, method: string): Answer {
    const action = url.pathname.slice(FAKE_CONTROL.length + 1);
    if (method === 'POST' && action === 'reset') {
      this.reset();
      return { status: 200, body: { ok: true } };
    }
    if (method === 'POST' && action === 'fail-write') {
      const nth = Number(url.searchParams.get('nth'));
      const status = Number(url.searchParams.get('status') ?? 500);
      try {
        this.failWrite(nth, status);
      } catch (error) {
        return { status: 400, body: { message: String(error) } };
      }
      return { status: 200, body: { ok: true, failAtWrite: this.#failAt } };
    }
    if (method === 'GET' && action === 'requests') {
      return {
        status: 200,
        body: this.requests.map(r => ({
          method: r.method,
          path: r.url.pathname,
          query: r.url.search,
          authorization: r.authorization ?? null,
        })),
      };
    }
    return { status: 404, body: { message: `no control endpoint ${action}` } };
  }

  #json(body: string): Record<string, unknown> {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      // Also what NaN/Infinity written by a careless client end up as.
      throw new HttpError(400, 'request body is not valid JSON');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new HttpError(400, 'request body must be a JSON object');
    }
    return value as Record<string, unknown>;
  }

  #api(
    url: URL,
    method: string,
    body: Record<string, unknown> | undefined,
  ): Answer {
    const path = url.pathname.slice(MODEL_REGISTRY_API.length);
    const q = url.searchParams;
    const match = (pattern: RegExp) => path.match(pattern);
    let m: RegExpMatchArray | null;

    // RegisteredModel
    if (path === '/registered_model' && method === 'GET') {
      const found = this.#find(this.registeredModels, q, undefined);
      return this.#send('RegisteredModel', found);
    }
    if (path === '/registered_models') {
      if (method === 'GET') {
        return this.#list(
          'RegisteredModel',
          [...this.registeredModels.values()],
          q,
        );
      }
      if (method === 'POST') {
        this.#check('RegisteredModelCreate', body);
        return this.#send(
          'RegisteredModel',
          this.#createRegisteredModel(body!),
          201,
        );
      }
    }
    m = match(/^\/registered_models\/([^/]+)$/);
    if (m) {
      const model = this.#get(this.registeredModels, m[1], 'RegisteredModel');
      if (method === 'GET') return this.#send('RegisteredModel', model);
      if (method === 'PATCH') {
        this.#check('RegisteredModelUpdate', body);
        this.#uniqueExternalId(this.registeredModels, body!, model.id);
        return this.#send('RegisteredModel', this.#patch(model, body!));
      }
    }
    m = match(/^\/registered_models\/([^/]+)\/versions$/);
    if (m) {
      const model = this.#get(this.registeredModels, m[1], 'RegisteredModel');
      if (method === 'GET') {
        const versions = [...this.modelVersions.values()].filter(
          v => v.registeredModelId === model.id,
        );
        return this.#list('ModelVersion', this.#filter(versions, q), q);
      }
      if (method === 'POST') {
        // The spec types this body as the full `ModelVersion`.
        this.#check('ModelVersion', body);
        if (body!.registeredModelId !== model.id) {
          throw new HttpError(
            400,
            `registeredModelId must be ${model.id}, the id in the path`,
          );
        }
        return this.#send('ModelVersion', this.#createModelVersion(body!), 201);
      }
    }

    // ModelVersion
    if (path === '/model_version' && method === 'GET') {
      const found = this.#find(
        this.modelVersions,
        q,
        v => v.registeredModelId as string,
      );
      return this.#send('ModelVersion', found);
    }
    if (path === '/model_versions') {
      if (method === 'GET') {
        return this.#list('ModelVersion', [...this.modelVersions.values()], q);
      }
      if (method === 'POST') {
        this.#check('ModelVersionCreate', body);
        return this.#send('ModelVersion', this.#createModelVersion(body!), 201);
      }
    }
    m = match(/^\/model_versions\/([^/]+)$/);
    if (m) {
      const version = this.#get(this.modelVersions, m[1], 'ModelVersion');
      if (method === 'GET') return this.#send('ModelVersion', version);
      if (method === 'PATCH') {
        this.#check('ModelVersionUpdate', body);
        this.#uniqueExternalId(this.modelVersions, body!, version.id);
        return this.#send('ModelVersion', this.#patch(version, body!));
      }
    }
    m = match(/^\/model_versions\/([^/]+)\/artifacts$/);
    if (m) {
      const version = this.#get(this.modelVersions, m[1], 'ModelVersion');
      if (method === 'GET') {
        let items = this.#artifactsOf(version.id);
        const type = q.get('artifactType');
        if (type) items = items.filter(a => a.artifactType === type);
        return this.#list('Artifact', this.#filter(items, q), q);
      }
      if (method === 'POST') {
        this.#check('Artifact', body);
        if (typeof body!.id === 'string') {
          const existing = this.#get(this.artifacts, body!.id, 'Artifact');
          this.artifactParents.set(existing.id, version.id);
          return this.#send('Artifact', existing, 200);
        }
        return this.#send(
          'Artifact',
          this.#createArtifact(body!, version.id),
          201,
        );
      }
    }

    // Artifacts (model artifacts are the `model-artifact` subset)
    for (const [single, plural, schema, type] of [
      ['/artifact', '/artifacts', 'Artifact', undefined],
      [
        '/model_artifact',
        '/model_artifacts',
        'ModelArtifact',
        'model-artifact',
      ],
    ] as const) {
      const ofType = (a: Entity) => !type || a.artifactType === type;
      if (path === single && method === 'GET') {
        const pool = new Map([...this.artifacts].filter(([, a]) => ofType(a)));
        const found = this.#find(pool, q, a => this.artifactParents.get(a.id));
        return this.#send(schema, found);
      }
      if (path === plural) {
        if (method === 'GET') {
          let items = [...this.artifacts.values()].filter(ofType);
          const wanted = q.get('artifactType');
          if (wanted) items = items.filter(a => a.artifactType === wanted);
          return this.#list(schema, items, q);
        }
        if (method === 'POST') {
          const input = type ? { artifactType: type, ...body } : body!;
          this.#check(`${schema}Create`, type ? body : input);
          return this.#send(
            schema,
            this.#createArtifact(input, undefined),
            201,
          );
        }
      }
      m = match(new RegExp(`^${plural}/([^/]+)$`));
      if (m) {
        const artifact = this.#get(this.artifacts, m[1], schema);
        if (!ofType(artifact)) throw new HttpError(404, `no ${schema} ${m[1]}`);
        if (method === 'GET') return this.#send(schema, artifact);
        if (method === 'PATCH') {
          this.#check(`${schema}Update`, body);
          const kind = body!.artifactType ?? artifact.artifactType;
          if (kind !== artifact.artifactType) {
            throw new HttpError(
              400,
              `artifactType ${String(kind)} does not match the stored ${String(artifact.artifactType)}`,
            );
          }
          this.#uniqueExternalId(this.artifacts, body!, artifact.id);
          return this.#send(schema, this.#patch(artifact, body!));
        }
      }
    }
    throw new HttpError(404, `${method} ${path} is not served by this fake`);
  }

  // -- validation ------------------------------------------------------------------------------

  /** Validates a request body, with the discriminator resolved and unknown fields refused. */
  #check(schemaName: string, body: Record<string, unknown> | undefined): void {
    if (!body) throw new HttpError(400, 'a request body is required');
    const concrete = this.#concrete(schemaName, body);
    try {
      this.#schemas.assert(concrete, body);
    } catch (error) {
      throw new HttpError(
        400,
        String((error as Error).message).replace(
          'Response does not match',
          'body does not match',
        ),
      );
    }
    const allowed = this.#properties(concrete);
    const unknown = Object.keys(body).filter(key => !allowed.has(key));
    if (unknown.length) {
      throw new HttpError(
        400,
        `json: unknown field ${unknown.map(k => `"${k}"`).join(', ')} in ${concrete}`,
      );
    }
  }

  #concrete(schemaName: string, body: Record<string, unknown>): string {
    const mapping = DISCRIMINATED[schemaName];
    if (!mapping) return schemaName;
    const type = body.artifactType;
    if (typeof type !== 'string' || !mapping[type]) {
      throw new HttpError(
        400,
        `artifactType must be one of ${Object.keys(mapping).join(', ')} (got ${JSON.stringify(type)})`,
      );
    }
    return mapping[type];
  }

  /** Every property name a schema defines, through `$ref` and `allOf`. */
  #properties(schemaName: string, seen = new Set<string>()): Set<string> {
    const names = new Set<string>();
    const visit = (schema: any) => {
      if (!schema || typeof schema !== 'object') return;
      if (typeof schema.$ref === 'string') {
        const ref = schema.$ref.replace('#/components/schemas/', '');
        if (!seen.has(ref)) {
          seen.add(ref);
          visit(this.#document.components.schemas[ref]);
        }
        return;
      }
      for (const key of Object.keys(schema.properties ?? {})) names.add(key);
      for (const part of schema.allOf ?? []) visit(part);
    };
    visit({ $ref: `#/components/schemas/${schemaName}` });
    return names;
  }

  #send(schemaName: string, entity: Entity, status = 200): Answer {
    const concrete = this.#concrete(schemaName, entity);
    this.#schemas.assert(concrete, entity);
    return { status, body: entity };
  }

  #list(schemaName: string, items: Entity[], q: URLSearchParams): Answer {
    const sizeParam = q.get('pageSize');
    if (sizeParam !== null && !ID.test(sizeParam)) {
      throw new HttpError(
        400,
        `pageSize ${sizeParam} is not a positive integer`,
      );
    }
    if (q.get('filterQuery')) {
      throw new HttpError(400, 'filterQuery is not supported by this fake');
    }
    const pageSize = Number(sizeParam ?? 100);
    const token = q.get('nextPageToken');
    const offset = token
      ? Number(Buffer.from(token, 'base64').toString('utf8').split(':')[1])
      : 0;
    if (!Number.isInteger(offset) || offset < 0) {
      throw new HttpError(400, 'invalid nextPageToken');
    }
    const page = items.slice(offset, offset + pageSize);
    for (const item of page) {
      this.#schemas.assert(this.#concrete(schemaName, item), item);
    }
    const next = offset + pageSize;
    const body = {
      items: page,
      nextPageToken:
        next < items.length
          ? Buffer.from(`offset:${next}`, 'utf8').toString('base64')
          : '',
      pageSize,
      size: page.length,
    };
    this.#schemas.assert('BaseResourceList', body);
    return { status: 200, body };
  }

  // -- storage ---------------------------------------------------------------------------------

  #get(pool: Map<string, Entity>, id: string, kind: string): Entity {
    if (!ID.test(id))
      throw new HttpError(400, `${kind} id ${id} is not a valid id`);
    const found = pool.get(id);
    if (!found) throw new HttpError(404, `no ${kind} with id ${id}`);
    return found;
  }

  /** `?name=` (per parent when the kind has parents), `?externalId=`, `?parentResourceId=`. */
  #find(
    pool: Map<string, Entity>,
    q: URLSearchParams,
    parentOf: ((e: Entity) => string | undefined) | undefined,
  ): Entity {
    const name = q.get('name');
    const externalId = q.get('externalId');
    const parent = q.get('parentResourceId');
    for (const [param, value] of [
      ['name', name],
      ['externalId', externalId],
    ] as const) {
      if (value !== null && !PRINTABLE.test(value)) {
        throw new HttpError(400, `${param} must be printable ASCII`);
      }
    }
    if (parent !== null && !ID.test(parent)) {
      throw new HttpError(400, `parentResourceId ${parent} is not a valid id`);
    }
    if (name === null && externalId === null) {
      throw new HttpError(400, 'give name or externalId to search');
    }
    // Names are unique per parent only: a version's name needs its model's id.
    if (
      name !== null &&
      parentOf &&
      parent === null &&
      pool === this.modelVersions
    ) {
      throw new HttpError(
        400,
        'searching a model version by name needs parentResourceId',
      );
    }
    const found = [...pool.values()].find(
      e =>
        (name === null || e.name === name) &&
        (externalId === null || e.externalId === externalId) &&
        (!parentOf ||
          (parent !== null
            ? parentOf(e) === parent
            : name === null || parentOf(e) === undefined)),
    );
    if (!found) throw new HttpError(404, 'no entity matches the search');
    return found;
  }

  #filter(items: Entity[], q: URLSearchParams): Entity[] {
    const name = q.get('name');
    const externalId = q.get('externalId');
    return items.filter(
      e =>
        (name === null || e.name === name) &&
        (externalId === null || e.externalId === externalId),
    );
  }

  #uniqueExternalId(
    pool: Map<string, Entity>,
    body: Record<string, unknown>,
    selfId?: string,
  ): void {
    if (typeof body.externalId !== 'string') return;
    for (const entity of pool.values()) {
      if (entity.externalId === body.externalId && entity.id !== selfId) {
        throw new HttpError(
          409,
          `externalId ${body.externalId} is already used`,
        );
      }
    }
  }

  #stamp(): string {
    this.#clock += 1000;
    return String(this.#clock);
  }

  #createRegisteredModel(body: Record<string, unknown>): Entity {
    for (const model of this.registeredModels.values()) {
      if (model.name === body.name) {
        throw new HttpError(
          409,
          `registered model ${String(body.name)} already exists`,
        );
      }
    }
    this.#uniqueExternalId(this.registeredModels, body);
    const now = this.#stamp();
    const model: Entity = {
      state: 'LIVE',
      customProperties: {},
      ...structuredClone(body),
      id: String(++this.#contextIds),
      createTimeSinceEpoch: now,
      lastUpdateTimeSinceEpoch: now,
    };
    this.registeredModels.set(model.id, model);
    return model;
  }

  #createModelVersion(body: Record<string, unknown>): Entity {
    const parentId = String(body.registeredModelId);
    if (!this.registeredModels.has(parentId)) {
      throw new HttpError(404, `no RegisteredModel with id ${parentId}`);
    }
    for (const version of this.modelVersions.values()) {
      if (
        version.registeredModelId === parentId &&
        version.name === body.name
      ) {
        throw new HttpError(
          409,
          `version ${String(body.name)} of model ${parentId} already exists`,
        );
      }
    }
    this.#uniqueExternalId(this.modelVersions, body);
    const now = this.#stamp();
    const {
      id: _ignored,
      createTimeSinceEpoch: _c,
      lastUpdateTimeSinceEpoch: _u,
      ...fields
    } = structuredClone(body);
    const version: Entity = {
      state: 'LIVE',
      customProperties: {},
      ...fields,
      id: String(++this.#contextIds),
      createTimeSinceEpoch: now,
      lastUpdateTimeSinceEpoch: now,
    };
    this.modelVersions.set(version.id, version);
    return version;
  }

  #artifactsOf(versionId: string): Entity[] {
    return [...this.artifacts.values()].filter(
      a => this.artifactParents.get(a.id) === versionId,
    );
  }

  #createArtifact(
    body: Record<string, unknown>,
    versionId: string | undefined,
  ): Entity {
    if (typeof body.name === 'string') {
      const siblings = versionId
        ? this.#artifactsOf(versionId)
        : [...this.artifacts.values()].filter(
            a => !this.artifactParents.has(a.id),
          );
      if (
        siblings.some(
          a => a.name === body.name && a.artifactType === body.artifactType,
        )
      ) {
        throw new HttpError(409, `artifact ${body.name} already exists`);
      }
    }
    this.#uniqueExternalId(this.artifacts, body);
    const now = this.#stamp();
    const {
      id: _ignored,
      createTimeSinceEpoch: _c,
      lastUpdateTimeSinceEpoch: _u,
      ...fields
    } = structuredClone(body);
    const artifact: Entity = {
      customProperties: {},
      ...fields,
      id: String(++this.#artifactIds),
      createTimeSinceEpoch: now,
      lastUpdateTimeSinceEpoch: now,
    };
    this.artifacts.set(artifact.id, artifact);
    if (versionId) this.artifactParents.set(artifact.id, versionId);
    return artifact;
  }

  #patch(entity: Entity, body: Record<string, unknown>): Entity {
    Object.assign(entity, structuredClone(body), {
      lastUpdateTimeSinceEpoch: this.#stamp(),
    });
    return entity;
  }
}
