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

import {
  KubeflowArtifact,
  KubeflowModelVersion,
  KubeflowRegisteredModel,
} from '../sources/kubeflow/types';
import { Fault, FakeServer } from './fakeServer';
import { OpenApiSchemas, specPath } from './specs';

const API = '/api/model_registry/v1alpha3';

/** The item field behind each `orderBy` value of the spec's OrderByField. */
const ORDER_FIELDS: Record<
  string,
  'createTimeSinceEpoch' | 'lastUpdateTimeSinceEpoch' | 'id'
> = {
  CREATE_TIME: 'createTimeSinceEpoch',
  LAST_UPDATE_TIME: 'lastUpdateTimeSinceEpoch',
  ID: 'id',
};

/** The operations this fake serves: a path, and its template in model-registry.yaml. */
const OPERATIONS: Array<[RegExp, string]> = [
  [new RegExp(`^${API}/registered_model$`), `${API}/registered_model`],
  [new RegExp(`^${API}/registered_models$`), `${API}/registered_models`],
  [
    new RegExp(`^${API}/registered_models/[^/]+/versions$`),
    `${API}/registered_models/{registeredmodelId}/versions`,
  ],
  [
    new RegExp(`^${API}/model_versions/[^/]+/artifacts$`),
    `${API}/model_versions/{modelversionId}/artifacts`,
  ],
];

/**
 * A fake Kubeflow Model Registry (v1alpha3) serving registered models, versions and the
 * versions' artifacts with opaque page tokens. With `validate`, every body it sends is checked against
 * model-registry.yaml first, so the fake cannot drift from the real API.
 */
export class FakeKubeflowRegistry extends FakeServer {
  readonly models: KubeflowRegisteredModel[] = [];
  readonly versions = new Map<string, KubeflowModelVersion[]>();
  /** Artifacts by model version id (`GET /model_versions/{id}/artifacts`). */
  readonly artifacts = new Map<string, KubeflowArtifact[]>();
  /** Schema names of every body sent (and validated). */
  readonly validated: string[] = [];
  /** Requests whose query did not fit the spec (answered 400). */
  readonly queryErrors: string[] = [];

  constructor(
    options: { validate?: boolean; tls?: { key: string; cert: string } } = {},
  ) {
    const schemas = options.validate
      ? OpenApiSchemas.fromYamlFile(
          specPath('model-registry', 'model-registry.yaml'),
        )
      : undefined;
    for (const schema of [
      'RegisteredModel',
      'RegisteredModelList',
      'ModelVersionList',
      'ArtifactList',
      'Error',
    ]) {
      schemas?.compile(schema);
    }
    super(
      url => {
        const send = (schema: string, body: unknown) => {
          if (schemas) {
            schemas.assert(schema, body);
            this.validated.push(schema);
          }
          return { status: 200, body };
        };
        // The API's own answer for a resource that does not exist (the spec's NotFound).
        const notFound = (message: string) => {
          const body = { code: '404', message };
          if (schemas) {
            schemas.assert('Error', body);
            this.validated.push('Error');
          }
          return { status: 404, body };
        };
        const path = url.pathname;
        // What the client sends is checked too: a query parameter the operation does not
        // declare, or a value its schema refuses, is the API's 400.
        const template = OPERATIONS.find(([pattern]) =>
          pattern.test(path),
        )?.[1];
        if (schemas && template) {
          try {
            schemas.assertQuery(template, url.searchParams);
          } catch (error) {
            this.queryErrors.push(String(error));
            const body = { code: '400', message: String(error) };
            schemas.assert('Error', body);
            return { status: 400, body };
          }
        }
        if (path === `${API}/registered_model`) {
          const model = this.models.find(
            m => m.name === url.searchParams.get('name'),
          );
          return model
            ? send('RegisteredModel', model)
            : notFound('no registered model found');
        }
        if (path === `${API}/registered_models`) {
          return send('RegisteredModelList', this.#page(this.models, url));
        }
        const versionsMatch = path.match(
          new RegExp(`^${API}/registered_models/([^/]+)/versions$`),
        );
        if (versionsMatch) {
          const id = decodeURIComponent(versionsMatch[1]);
          if (!this.models.some(m => m.id === id)) {
            return notFound(`no registered model found for id ${id}`);
          }
          return send(
            'ModelVersionList',
            this.#page(this.versions.get(id) ?? [], url),
          );
        }
        const artifactsMatch = path.match(
          new RegExp(`^${API}/model_versions/([^/]+)/artifacts$`),
        );
        if (artifactsMatch) {
          const id = decodeURIComponent(artifactsMatch[1]);
          const known = [...this.versions.values()].some(list =>
            list.some(v => v.id === id),
          );
          if (!known) {
            return notFound(`no model version found for id ${id}`);
          }
          const type = url.searchParams.get('artifactType');
          const items = (this.artifacts.get(id) ?? []).filter(
            a => !type || a.artifactType === type,
          );
          return send('ArtifactList', this.#page(items, url));
        }
        return undefined;
      },
      { tls: options.tls },
    );
  }

  /** Adds a model with `versionCount` versions; returns the model. */
  addModel(
    name: string,
    versionCount: number,
    customize?: (version: KubeflowModelVersion, index: number) => void,
  ): KubeflowRegisteredModel {
    const id = String(this.models.length + 1);
    const created = Date.UTC(2026, 0, 1) + this.models.length * 1000;
    const model: KubeflowRegisteredModel = {
      id,
      name,
      description: `The ${name} model`,
      owner: 'ml-team',
      state: 'LIVE',
      createTimeSinceEpoch: String(created),
      lastUpdateTimeSinceEpoch: String(created),
      customProperties: {
        production: { metadataType: 'MetadataStringValue', string_value: '' },
      },
    };
    this.models.push(model);
    const versions: KubeflowModelVersion[] = [];
    for (let i = 0; i < versionCount; i++) {
      const version: KubeflowModelVersion = {
        id: `${id}${String(i + 1).padStart(5, '0')}`,
        name: `v${i + 1}`,
        registeredModelId: id,
        author: 'pipeline',
        state: 'LIVE',
        createTimeSinceEpoch: String(created + (i + 1) * 60_000),
        lastUpdateTimeSinceEpoch: String(created + (i + 1) * 60_000),
        customProperties: {
          accuracy: {
            metadataType: 'MetadataDoubleValue',
            double_value: 0.8 + (i % 10) / 100,
          },
          epochs: { metadataType: 'MetadataIntValue', int_value: '10' },
        },
      };
      customize?.(version, i);
      versions.push(version);
    }
    this.versions.set(id, versions);
    return model;
  }

  /** One page, in the order asked for (`orderBy`, `sortOrder`; ASC by default, as the API). */
  #page<
    T extends {
      id?: string;
      createTimeSinceEpoch?: string;
      lastUpdateTimeSinceEpoch?: string;
    },
  >(unordered: T[], url: URL) {
    const field = ORDER_FIELDS[url.searchParams.get('orderBy') ?? 'ID'] ?? 'id';
    const direction = url.searchParams.get('sortOrder') === 'DESC' ? -1 : 1;
    // Ids and epoch milliseconds are numeric strings: compared as numbers; ties by id.
    const items = [...unordered].sort(
      (a, b) =>
        direction *
        (Number(a[field] ?? 0) - Number(b[field] ?? 0) ||
          Number(a.id ?? 0) - Number(b.id ?? 0)),
    );
    const pageSize = Number(url.searchParams.get('pageSize') ?? 100);
    const token = url.searchParams.get('nextPageToken');
    const offset = token
      ? Number(Buffer.from(token, 'base64').toString('utf8').split(':')[1])
      : 0;
    const page = items.slice(offset, offset + pageSize);
    const next = offset + pageSize;
    return {
      items: page,
      nextPageToken:
        next < items.length
          ? Buffer.from(`offset:${next}`, 'utf8').toString('base64')
          : '',
      pageSize,
      size: page.length,
    };
  }
}

/**
 * A fault for the version listing: empty pages that always name a next page, `token(n)` for
 * the n-th (by default the same token every time). A client must give up, not loop.
 */
export function endlessVersionListing(
  token: (page: number) => string = () => 'same-token-forever',
): (url: URL) => Fault | undefined {
  let page = 0;
  return url =>
    url.pathname.endsWith('/versions')
      ? {
          type: 'status',
          status: 200,
          body: JSON.stringify({
            items: [],
            nextPageToken: token(page++),
            pageSize: 100,
            size: 0,
          }),
        }
      : undefined;
}
