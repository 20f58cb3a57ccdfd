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
  Metric,
  ModelVersion,
  ModelVersionState,
  RegisteredModel,
  RegisteredModelPage,
} from '@ai-golden-path/plugin-model-catalog-common';
import { epochMsToIso, JsonHttpClient, listItems, readAllPages } from '../http';
import { ModelRegistrySource, ModelWithVersions } from '../types';
import { MlflowModelVersion, MlflowRegisteredModel, MlflowRun } from './types';

const API = '/api/2.0/mlflow';
/** MLflow's own ceiling for search pages of model versions is high; keep pages small. */
const VERSION_PAGE_SIZE = 200;
/** Concurrent `runs/get` calls while reading one model's versions. */
const RUN_FETCH_CONCURRENCY = 8;

/** Reads MLflow's model registry: models, versions, aliases and the metrics of each run. */
export class MlflowRegistrySource implements ModelRegistrySource {
  readonly type = 'mlflow' as const;
  readonly name: string;
  readonly #client: JsonHttpClient;
  /** Names the registry in errors, e.g. `mlflow registry 'research'`. */
  readonly #label: string;
  readonly #maxPages: number;
  readonly #modelUrlTemplate?: string;

  constructor(options: {
    name: string;
    baseUrl: string;
    token?: string;
    caData?: string;
    requestTimeoutMs: number;
    maxPages: number;
    modelUrlTemplate?: string;
  }) {
    this.name = options.name;
    this.#label = `mlflow registry '${options.name}'`;
    this.#client = new JsonHttpClient({
      label: this.#label,
      baseUrl: options.baseUrl,
      token: options.token,
      caData: options.caData,
      requestTimeoutMs: options.requestTimeoutMs,
    });
    this.#maxPages = options.maxPages;
    this.#modelUrlTemplate = options.modelUrlTemplate;
  }

  get requestCount(): number {
    return this.#client.requestCount;
  }

  async getModel(
    modelName: string,
    { signal }: { signal: AbortSignal },
  ): Promise<ModelWithVersions | undefined> {
    const found = await this.#client.get<{
      registered_model?: MlflowRegisteredModel;
    }>(`${API}/registered-models/get`, { name: modelName }, signal, {
      mayBeAbsent: true,
    });
    const model = found.body?.registered_model;
    if (!model) {
      return undefined;
    }
    const versions = await readAllPages<MlflowModelVersion>({
      label: this.#label,
      maxPages: this.#maxPages,
      readPage: async pageToken => {
        const page = await this.#client.get<{
          model_versions?: MlflowModelVersion[];
          next_page_token?: string;
        }>(
          `${API}/model-versions/search`,
          {
            filter: `name='${modelName.replace(/'/g, "\\'")}'`,
            max_results: String(VERSION_PAGE_SIZE),
            page_token: pageToken,
          },
          signal,
        );
        return {
          items: listItems<MlflowModelVersion>(page.body, 'model_versions', {
            label: this.#label,
            path: `${API}/model-versions/search`,
            optional: true,
          }),
          nextPageToken: page.body?.next_page_token || undefined,
        };
      },
    });

    const runs = await this.#readRuns(versions, signal);
    const aliasesByVersion = new Map<string, string[]>();
    for (const { alias, version } of model.aliases ?? []) {
      aliasesByVersion.set(version, [
        ...(aliasesByVersion.get(version) ?? []),
        alias,
      ]);
    }
    return {
      model: this.#toModel(model),
      versions: versions
        .map(version =>
          this.#toVersion(
            version,
            aliasesByVersion.get(version.version) ?? [],
            version.run_id ? runs.get(version.run_id) : undefined,
          ),
        )
        .sort((a, b) => Number(b.name) - Number(a.name)),
    };
  }

  async listModels(options: {
    pageToken?: string;
    pageSize: number;
    signal: AbortSignal;
  }): Promise<RegisteredModelPage> {
    const page = await this.#client.get<{
      registered_models?: MlflowRegisteredModel[];
      next_page_token?: string;
    }>(
      `${API}/registered-models/search`,
      {
        max_results: String(Math.min(options.pageSize, 1000)),
        page_token: options.pageToken,
      },
      options.signal,
    );
    return {
      items: listItems<MlflowRegisteredModel>(page.body, 'registered_models', {
        label: this.#label,
        path: `${API}/registered-models/search`,
        optional: true,
      }).map(model => this.#toModel(model)),
      nextPageToken: page.body?.next_page_token || undefined,
    };
  }

  /**
   * The run behind each version holds its metrics, unless MLflow 3 already attached
   * `model_metrics` to the version. Runs are read with bounded concurrency.
   */
  async #readRuns(
    versions: MlflowModelVersion[],
    signal: AbortSignal,
  ): Promise<Map<string, MlflowRun>> {
    const runIds = [
      ...new Set(
        versions
          .filter(v => v.run_id && !(v.model_metrics?.length ?? 0))
          .map(v => v.run_id!),
      ),
    ];
    const runs = new Map<string, MlflowRun>();
    let next = 0;
    const worker = async () => {
      while (next < runIds.length) {
        const runId = runIds[next++];
        const { body } = await this.#client.get<{ run?: MlflowRun }>(
          `${API}/runs/get`,
          { run_id: runId },
          signal,
          // A run deleted since: the version shows without its run's metrics.
          { mayBeAbsent: true },
        );
        if (body?.run) {
          runs.set(runId, body.run);
        }
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(RUN_FETCH_CONCURRENCY, runIds.length) },
        worker,
      ),
    );
    return runs;
  }

  #toModel(model: MlflowRegisteredModel): RegisteredModel {
    return {
      registry: this.name,
      sourceType: 'mlflow',
      id: model.name,
      name: model.name,
      description: model.description || undefined,
      owner: model.user_id || undefined,
      createdAt: epochMsToIso(model.creation_timestamp),
      updatedAt: epochMsToIso(model.last_updated_timestamp),
      labels: (model.tags ?? [])
        .filter(tag => !tag.value)
        .map(tag => tag.key)
        .sort(),
      url: this.#modelUrlTemplate
        ?.replace('{id}', encodeURIComponent(model.name))
        .replace('{name}', encodeURIComponent(model.name)),
    };
  }

  #toVersion(
    version: MlflowModelVersion,
    aliases: string[],
    run: MlflowRun | undefined,
  ): ModelVersion {
    const labels = new Set([...aliases, ...(version.aliases ?? [])]);
    if (version.current_stage && version.current_stage !== 'None') {
      labels.add(version.current_stage.toLowerCase());
    }
    const tags = new Map<string, string>();
    for (const tag of [...(run?.data?.tags ?? []), ...(version.tags ?? [])]) {
      tags.set(tag.key, tag.value ?? '');
    }
    const properties: Record<string, string> = {};
    for (const [key, value] of tags) {
      if (value === '' && !key.startsWith('mlflow.')) {
        labels.add(key);
      } else if (!key.startsWith('mlflow.')) {
        properties[key] = value;
      }
    }
    const metrics: Metric[] = version.model_metrics?.length
      ? version.model_metrics.map(metric => ({
          name: metric.key,
          value: Number(metric.value ?? NaN),
          dataset: metric.dataset_name || undefined,
          step: metric.step !== undefined ? Number(metric.step) : undefined,
          recordedAt: epochMsToIso(metric.timestamp),
        }))
      : (run?.data?.metrics ?? []).map(metric => ({
          name: metric.key,
          value: Number(metric.value ?? NaN),
          step: metric.step !== undefined ? Number(metric.step) : undefined,
          recordedAt: epochMsToIso(metric.timestamp),
        }));
    return {
      id: `${version.name}/${version.version}`,
      name: version.version,
      state: toState(version),
      labels: [...labels].sort(),
      createdAt: epochMsToIso(version.creation_timestamp),
      updatedAt: epochMsToIso(version.last_updated_timestamp),
      author: version.user_id || run?.info?.user_id || undefined,
      description: version.description || undefined,
      sourceCommit: tags.get('mlflow.source.git.commit') || undefined,
      pipelineRun: version.run_link || version.run_id || undefined,
      artifactUri: version.source || undefined,
      metrics: metrics.filter(metric => Number.isFinite(metric.value)),
      evaluations: [],
      properties,
    };
  }
}

function toState(version: MlflowModelVersion): ModelVersionState {
  if (version.current_stage === 'Archived') {
    return 'ARCHIVED';
  }
  switch (version.status) {
    case 'PENDING_REGISTRATION':
      return 'PENDING';
    case 'FAILED_REGISTRATION':
      return 'FAILED';
    default:
      return 'LIVE';
  }
}
