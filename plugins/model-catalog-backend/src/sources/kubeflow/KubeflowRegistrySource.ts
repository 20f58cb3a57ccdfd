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
  ModelVersion,
  RegisteredModel,
  RegisteredModelPage,
} from '@ai-golden-path/plugin-model-catalog-common';
import { epochMsToIso, JsonHttpClient, listItems, readAllPages } from '../http';
import { ModelRegistrySource, ModelWithVersions } from '../types';
import { ArtifactInputs, mapCustomProperties } from './customProperties';
import {
  KubeflowArtifact,
  KubeflowList,
  KubeflowModelVersion,
  KubeflowRegisteredModel,
} from './types';

const API = '/api/model_registry/v1alpha3';
const VERSION_PAGE_SIZE = 100;
/**
 * Artifacts read per version, in one request (newest first). A version carries a model
 * artifact, a few reports and its metrics; more than this is not shown.
 */
const ARTIFACT_PAGE_SIZE = 100;
/** Concurrent artifact listings while reading one model's versions. */
const ARTIFACT_FETCH_CONCURRENCY = 16;
/** Artifacts in these states are gone or going: not shown. */
const GONE_STATES = new Set(['MARKED_FOR_DELETION', 'DELETED', 'ABANDONED']);

/** Reads an OpenShift AI / Kubeflow Model Registry through its REST API (v1alpha3). */
export class KubeflowRegistrySource implements ModelRegistrySource {
  readonly type = 'kubeflow' as const;
  readonly name: string;
  readonly #client: JsonHttpClient;
  /** Names the registry in errors, e.g. `kubeflow registry 'prod'`. */
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
    this.#label = `kubeflow registry '${options.name}'`;
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
    const found = await this.#client.get<KubeflowRegisteredModel>(
      `${API}/registered_model`,
      { name: modelName },
      signal,
      { mayBeAbsent: true },
    );
    if (!found.body) {
      return undefined;
    }
    const model = found.body;
    const versions = await this.#listAll<KubeflowModelVersion>(
      `${API}/registered_models/${encodeURIComponent(model.id)}/versions`,
      VERSION_PAGE_SIZE,
      signal,
    );
    return {
      model: this.#toModel(model),
      versions: await this.#withArtifacts(versions, signal),
    };
  }

  /**
   * One `GET /model_versions/{id}/artifacts` per version, a few at a time, under the same
   * deadline signal as the rest of the read: a failure fails the read (and the service
   * answers with the last good copy and the error). Every page is read: a version that
   * logged many metric artifacts keeps all of them.
   *
   * Each version is mapped as soon as its artifacts arrive, between the reads: mapping all
   * 500 versions of a large model at the end held the event loop for 30 ms in one go.
   */
  async #withArtifacts(
    versions: KubeflowModelVersion[],
    signal: AbortSignal,
  ): Promise<ModelVersion[]> {
    const mapped = new Array<ModelVersion>(versions.length);
    let next = 0;
    const worker = async () => {
      while (next < versions.length) {
        const index = next++;
        const version = versions[index];
        const artifacts = await this.#listAll<KubeflowArtifact>(
          `${API}/model_versions/${encodeURIComponent(version.id)}/artifacts`,
          ARTIFACT_PAGE_SIZE,
          signal,
        );
        mapped[index] = this.#toVersion(version, toArtifactInputs(artifacts));
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(ARTIFACT_FETCH_CONCURRENCY, versions.length) },
        worker,
      ),
    );
    return mapped;
  }

  /**
   * Every item of a listing, newest first, following `nextPageToken` to the end: an answer
   * that is not a listing, a repeated token or more than `maxPages` pages fails the read.
   */
  #listAll<T>(
    path: string,
    pageSize: number,
    signal: AbortSignal,
  ): Promise<T[]> {
    return readAllPages<T>({
      label: this.#label,
      maxPages: this.#maxPages,
      readPage: async pageToken => {
        const { body } = await this.#client.get<KubeflowList<T>>(
          path,
          {
            pageSize: String(pageSize),
            orderBy: 'CREATE_TIME',
            sortOrder: 'DESC',
            nextPageToken: pageToken,
          },
          signal,
        );
        return {
          items: listItems<T>(body, 'items', { label: this.#label, path }),
          nextPageToken: body?.nextPageToken || undefined,
        };
      },
    });
  }

  async listModels(options: {
    pageToken?: string;
    pageSize: number;
    signal: AbortSignal;
  }): Promise<RegisteredModelPage> {
    const path = `${API}/registered_models`;
    const page = await this.#client.get<KubeflowList<KubeflowRegisteredModel>>(
      path,
      {
        pageSize: String(options.pageSize),
        orderBy: 'ID',
        nextPageToken: options.pageToken,
      },
      options.signal,
    );
    return {
      items: listItems<KubeflowRegisteredModel>(page.body, 'items', {
        label: this.#label,
        path,
      }).map(model => this.#toModel(model)),
      nextPageToken: page.body?.nextPageToken || undefined,
    };
  }

  #toModel(model: KubeflowRegisteredModel): RegisteredModel {
    const labels = Object.entries(model.customProperties ?? {})
      .filter(
        ([key, value]) =>
          !key.startsWith('_') &&
          value.metadataType === 'MetadataStringValue' &&
          value.string_value === '',
      )
      .map(([key]) => key)
      .sort();
    return {
      registry: this.name,
      sourceType: 'kubeflow',
      id: model.id,
      name: model.name,
      description: model.description || undefined,
      owner: model.owner || undefined,
      state: model.state,
      createdAt: epochMsToIso(model.createTimeSinceEpoch),
      updatedAt: epochMsToIso(model.lastUpdateTimeSinceEpoch),
      labels,
      url: this.#modelUrlTemplate
        ?.replace('{id}', encodeURIComponent(model.id))
        .replace('{name}', encodeURIComponent(model.name)),
    };
  }

  #toVersion(
    version: KubeflowModelVersion,
    artifacts?: ArtifactInputs,
  ): ModelVersion {
    const mapped = mapCustomProperties(
      version.customProperties,
      version.id,
      artifacts,
    );
    return {
      id: version.id,
      name: version.name,
      state: version.state === 'ARCHIVED' ? 'ARCHIVED' : 'LIVE',
      labels: mapped.labels,
      createdAt: epochMsToIso(version.createTimeSinceEpoch),
      updatedAt: epochMsToIso(version.lastUpdateTimeSinceEpoch),
      author: version.author || undefined,
      description: version.description || undefined,
      sourceCommit: mapped.sourceCommit,
      pipelineRun: mapped.pipelineRun,
      artifactUri: mapped.artifactUri,
      metrics: mapped.metrics,
      evaluations: mapped.evaluations,
      properties: mapped.properties,
    };
  }
}

/** Metric values, report links and the model's location from a version's artifacts. */
function toArtifactInputs(items: KubeflowArtifact[]): ArtifactInputs {
  const inputs: Required<ArtifactInputs> = {
    metrics: [],
    documents: [],
    modelUri: '',
  };
  const live = items.filter(item => !GONE_STATES.has(item.state ?? ''));
  // Oldest first, so that a later measurement of the same metric replaces an earlier one.
  const byTime = [...live].sort(
    (a, b) => timeOf(a) - timeOf(b) || Number(a.id ?? 0) - Number(b.id ?? 0),
  );
  for (const item of byTime) {
    if (
      item.artifactType === 'metric' &&
      item.name &&
      typeof item.value === 'number' &&
      Number.isFinite(item.value)
    ) {
      inputs.metrics.push({
        name: item.name,
        value: item.value,
        recordedAt: epochMsToIso(item.timestamp ?? item.createTimeSinceEpoch),
        step: item.step,
      });
    } else if (item.artifactType === 'doc-artifact' && item.uri) {
      inputs.documents.push({
        name: item.name || `doc-${item.id}`,
        uri: item.uri,
      });
    } else if (item.artifactType === 'model-artifact' && item.uri) {
      // The newest model artifact is where the version's files are.
      inputs.modelUri = item.uri;
    }
  }
  return {
    metrics: inputs.metrics,
    documents: inputs.documents,
    modelUri: inputs.modelUri || undefined,
  };
}

function timeOf(item: KubeflowArtifact): number {
  const ms = Number(item.timestamp ?? item.createTimeSinceEpoch);
  return Number.isFinite(ms) ? ms : 0;
}
