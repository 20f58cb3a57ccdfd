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

import protobuf from 'protobufjs';
import { FakeServer } from './fakeServer';
import {
  assertMlflowQuery,
  loadMlflowProtos,
  toMlflowJson,
} from './mlflowProtos';

const API = '/api/2.0/mlflow';

/** The request message behind each endpoint this fake serves. */
const REQUEST_TYPES: Record<string, string> = {
  [`${API}/registered-models/get`]: 'mlflow.GetRegisteredModel',
  [`${API}/registered-models/search`]: 'mlflow.SearchRegisteredModels',
  [`${API}/model-versions/search`]: 'mlflow.SearchModelVersions',
  [`${API}/runs/get`]: 'mlflow.GetRun',
};

/**
 * A fake MLflow tracking server with a model registry. Every answer is built through the
 * protobuf message types of MLflow's own .proto files, so its JSON has their shape.
 */
export class FakeMlflowRegistry extends FakeServer {
  readonly root: protobuf.Root;
  readonly models: Record<string, unknown>[] = [];
  readonly versions: Record<string, unknown>[] = [];
  /** Requests whose query did not fit the request message (answered 400). */
  readonly queryErrors: string[] = [];
  readonly runs = new Map<string, Record<string, unknown>>();

  constructor() {
    const root = loadMlflowProtos();
    super(url => {
      const json = (type: string, value: Record<string, unknown>) => ({
        status: 200,
        body: toMlflowJson(root, type, value),
      });
      const path = url.pathname;
      // What the client sends is checked too, against the endpoint's request message.
      const requestType = REQUEST_TYPES[path];
      if (requestType) {
        try {
          assertMlflowQuery(root, requestType, url.searchParams);
        } catch (error) {
          this.queryErrors.push(String(error));
          return {
            status: 400,
            body: {
              error_code: 'INVALID_PARAMETER_VALUE',
              message: String(error),
            },
          };
        }
      }
      if (path === `${API}/registered-models/get`) {
        const model = this.models.find(
          m => m.name === url.searchParams.get('name'),
        );
        if (!model) {
          return {
            status: 404,
            body: {
              error_code: 'RESOURCE_DOES_NOT_EXIST',
              message: 'Registered Model not found',
            },
          };
        }
        return json('mlflow.GetRegisteredModel.Response', {
          registered_model: model,
        });
      }
      if (path === `${API}/registered-models/search`) {
        const { page, next } = this.#page(this.models, url, 100);
        return json('mlflow.SearchRegisteredModels.Response', {
          registered_models: page,
          ...(next ? { next_page_token: next } : {}),
        });
      }
      if (path === `${API}/model-versions/search`) {
        const filter = url.searchParams.get('filter') ?? '';
        const name = filter.match(/^name='(.*)'$/)?.[1];
        const matching = this.versions.filter(v => v.name === name);
        const { page, next } = this.#page(matching, url, 200000);
        return json('mlflow.SearchModelVersions.Response', {
          model_versions: page,
          ...(next ? { next_page_token: next } : {}),
        });
      }
      if (path === `${API}/runs/get`) {
        const run = this.runs.get(url.searchParams.get('run_id') ?? '');
        if (!run) {
          return {
            status: 404,
            body: {
              error_code: 'RESOURCE_DOES_NOT_EXIST',
              message: 'Run not found',
            },
          };
        }
        return json('mlflow.GetRun.Response', { run });
      }
      return undefined;
    });
    this.root = root;
  }

  #page<T>(items: T[], url: URL, defaultSize: number) {
    const size = Number(url.searchParams.get('max_results') ?? defaultSize);
    const token = url.searchParams.get('page_token');
    const offset = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
    const next = offset + size;
    return {
      page: items.slice(offset, next),
      next:
        next < items.length
          ? Buffer.from(String(next)).toString('base64')
          : undefined,
    };
  }
}
