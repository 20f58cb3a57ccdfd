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

import { createHash } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  EvaluationResult,
  IngestRequest,
  IngestResponse,
  Metric,
  ModelVersion,
  ModelVersionState,
  RegisteredModel,
} from '@ai-golden-path/plugin-model-catalog-common';
import { ModelWithVersions } from '../types';

type VersionRow = {
  id: number | string;
  registry: string;
  model_name: string;
  name: string;
  state: string;
  labels: string;
  author: string | null;
  description: string | null;
  source_commit: string | null;
  pipeline_run: string | null;
  artifact_uri: string | null;
  metrics: string;
  properties: string;
  created_at: string;
  updated_at: string;
};

type EvaluationRow = {
  id: number | string;
  ingest_id: string;
  version_name: string;
  name: string;
  kind: string | null;
  dataset: string | null;
  evaluated_at: string;
  passed: boolean | number | null;
  policy: string | null;
  metrics: string;
  report_url: string | null;
  /** Null on rows stored before the `20261126_01_evaluation_run` migration. */
  run: string | null;
  tool_version: string | null;
};

type ModelRow = {
  registry: string;
  name: string;
  description: string | null;
  owner: string | null;
  created_at: string;
  updated_at: string;
};

/**
 * The built-in store in Backstage's own database (SQLite or PostgreSQL): versions and
 * evaluation results reported through the ingest endpoint.
 */
export class DatabaseModelStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /**
   * Stores one ingest request exactly once. A retry with the same id and the same content
   * answers `created: false`; the same id with different content is a conflict.
   */
  async ingest(
    registry: string,
    request: IngestRequest,
  ): Promise<IngestResponse> {
    const hash = contentHash(registry, request);
    const existing = await this.#findIngest(request.id);
    if (existing) {
      return this.#replayed(request.id, existing, hash);
    }
    try {
      await this.#db.transaction(async trx => {
        const now = new Date().toISOString();
        await trx('model_catalog_ingests').insert({
          id: request.id,
          kind: request.kind,
          content_hash: hash,
          received_at: now,
        });
        await trx('model_catalog_models')
          .insert({
            registry,
            name: request.model,
            created_at: now,
            updated_at: now,
          })
          .onConflict(['registry', 'name'])
          .merge(['updated_at']);
        if (request.kind === 'version') {
          await this.#upsertVersion(trx, registry, request, now);
        } else {
          await this.#insertEvaluation(trx, registry, request, now);
        }
      });
    } catch (error) {
      // A concurrent request with the same id won the race for the primary key.
      const raced = await this.#findIngest(request.id);
      if (raced) {
        return this.#replayed(request.id, raced, hash);
      }
      throw error;
    }
    return { id: request.id, created: true };
  }

  async #findIngest(id: string) {
    return (await this.#db('model_catalog_ingests').where({ id }).first()) as
      { content_hash: string } | undefined;
  }

  #replayed(
    id: string,
    existing: { content_hash: string },
    hash: string,
  ): IngestResponse {
    if (existing.content_hash !== hash) {
      throw new ConflictError(
        `Ingest id '${id}' was already used for different content`,
      );
    }
    return { id, created: false };
  }

  async #upsertVersion(
    trx: Knex.Transaction,
    registry: string,
    request: Extract<IngestRequest, { kind: 'version' }>,
    now: string,
  ) {
    const version = request.version;
    const labels = [...new Set(version.labels ?? [])].sort();
    const row = {
      registry,
      model_name: request.model,
      name: version.name,
      state: version.state ?? 'LIVE',
      labels: JSON.stringify(labels),
      author: version.author ?? null,
      description: version.description ?? null,
      source_commit: version.sourceCommit ?? null,
      pipeline_run: version.pipelineRun ?? null,
      artifact_uri: version.artifactUri ?? null,
      metrics: JSON.stringify(version.metrics ?? []),
      properties: JSON.stringify(version.properties ?? {}),
      created_at: version.createdAt ?? now,
      updated_at: now,
    };
    // A version reported again is described anew, but keeps the time it was first reported
    // unless the report says when it was created: a report that only moves `champion` must
    // not make an old version look like the newest.
    const replaced = Object.keys(row).filter(
      column => version.createdAt !== undefined || column !== 'created_at',
    );
    await trx('model_catalog_versions')
      .insert(row)
      .onConflict(['registry', 'model_name', 'name'])
      .merge(replaced);
    for (const alias of version.aliases ?? []) {
      await trx('model_catalog_aliases')
        .insert({
          registry,
          model_name: request.model,
          alias,
          version_name: version.name,
        })
        .onConflict(['registry', 'model_name', 'alias'])
        .merge(['version_name']);
    }
  }

  async #insertEvaluation(
    trx: Knex.Transaction,
    registry: string,
    request: Extract<IngestRequest, { kind: 'evaluation' }>,
    now: string,
  ) {
    // An evaluation may arrive before its version is reported: keep a placeholder version
    // so the result is not lost; a later version ingest fills it in.
    await trx('model_catalog_versions')
      .insert({
        registry,
        model_name: request.model,
        name: request.version,
        state: 'UNKNOWN',
        labels: '[]',
        metrics: '[]',
        properties: '{}',
        created_at: now,
        updated_at: now,
      })
      .onConflict(['registry', 'model_name', 'name'])
      .ignore();
    const evaluation = request.evaluation;
    await trx('model_catalog_evaluations').insert({
      ingest_id: request.id,
      registry,
      model_name: request.model,
      version_name: request.version,
      name: evaluation.name,
      kind: evaluation.kind ?? null,
      dataset: evaluation.dataset ?? null,
      evaluated_at: evaluation.evaluatedAt ?? now,
      passed: evaluation.passed ?? null,
      policy: evaluation.policy ?? null,
      metrics: JSON.stringify(evaluation.metrics),
      report_url: evaluation.reportUrl ?? null,
      run: evaluation.run ?? null,
      tool_version: evaluation.toolVersion ?? null,
    });
  }

  async getModel(
    registry: string,
    modelName: string,
  ): Promise<ModelWithVersions | undefined> {
    const model = (await this.#db('model_catalog_models')
      .where({ registry, name: modelName })
      .first()) as ModelRow | undefined;
    if (!model) {
      return undefined;
    }
    const [versionRows, evaluationRows, aliasRows] = await Promise.all([
      this.#db('model_catalog_versions')
        .where({ registry, model_name: modelName })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]) as Promise<VersionRow[]>,
      this.#db('model_catalog_evaluations')
        .where({ registry, model_name: modelName })
        .orderBy([
          { column: 'evaluated_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]) as Promise<EvaluationRow[]>,
      this.#db('model_catalog_aliases').where({
        registry,
        model_name: modelName,
      }) as Promise<Array<{ alias: string; version_name: string }>>,
    ]);
    const evaluationsByVersion = new Map<string, EvaluationResult[]>();
    for (const row of evaluationRows) {
      const list = evaluationsByVersion.get(row.version_name) ?? [];
      list.push(toEvaluation(row));
      evaluationsByVersion.set(row.version_name, list);
    }
    const aliasesByVersion = new Map<string, string[]>();
    for (const row of aliasRows) {
      aliasesByVersion.set(row.version_name, [
        ...(aliasesByVersion.get(row.version_name) ?? []),
        row.alias,
      ]);
    }
    return {
      model: toModel(model),
      versions: versionRows.map(row =>
        toVersion(
          row,
          aliasesByVersion.get(row.name) ?? [],
          evaluationsByVersion.get(row.name) ?? [],
        ),
      ),
    };
  }

  /** Models in name order after `afterName` (keyset pagination: stable under inserts). */
  async listModels(
    registry: string,
    options: { afterName?: string; limit: number },
  ): Promise<RegisteredModel[]> {
    const query = this.#db('model_catalog_models')
      .where({ registry })
      .orderBy('name')
      .limit(options.limit);
    if (options.afterName !== undefined) {
      query.where('name', '>', options.afterName);
    }
    return ((await query) as ModelRow[]).map(toModel);
  }

  /** Counts for tests and the bench. */
  async counts(): Promise<{ versions: number; evaluations: number }> {
    const [versions] = await this.#db('model_catalog_versions').count({
      count: '*',
    });
    const [evaluations] = await this.#db('model_catalog_evaluations').count({
      count: '*',
    });
    return {
      versions: Number(versions.count),
      evaluations: Number(evaluations.count),
    };
  }
}

function contentHash(registry: string, request: IngestRequest): string {
  return createHash('sha256')
    .update(canonicalJson({ registry, request }))
    .digest('hex');
}

/** JSON with sorted keys, so that key order in the request does not change the hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter(key => (value as Record<string, unknown>)[key] !== undefined)
      .map(
        key =>
          `${JSON.stringify(key)}:${canonicalJson(
            (value as Record<string, unknown>)[key],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function toModel(row: ModelRow): RegisteredModel {
  return {
    registry: row.registry,
    sourceType: 'store',
    id: row.name,
    name: row.name,
    description: row.description ?? undefined,
    owner: row.owner ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    labels: [],
  };
}

function toVersion(
  row: VersionRow,
  aliases: string[],
  evaluations: EvaluationResult[],
): ModelVersion {
  const labels = new Set<string>([
    ...(JSON.parse(row.labels) as string[]),
    ...aliases,
  ]);
  return {
    id: String(row.id),
    name: row.name,
    state: row.state as ModelVersionState,
    labels: [...labels].sort(),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    author: row.author ?? undefined,
    description: row.description ?? undefined,
    sourceCommit: row.source_commit ?? undefined,
    pipelineRun: row.pipeline_run ?? undefined,
    artifactUri: row.artifact_uri ?? undefined,
    metrics: JSON.parse(row.metrics) as Metric[],
    evaluations,
    properties: JSON.parse(row.properties) as Record<string, string>,
  };
}

function toEvaluation(row: EvaluationRow): EvaluationResult {
  return {
    id: row.ingest_id,
    name: row.name,
    kind: row.kind ?? undefined,
    dataset: row.dataset ?? undefined,
    evaluatedAt: row.evaluated_at,
    passed: row.passed === null ? undefined : Boolean(row.passed),
    policy: row.policy ?? undefined,
    metrics: JSON.parse(row.metrics) as Metric[],
    reportUrl: row.report_url ?? undefined,
    run: row.run ?? undefined,
    toolVersion: row.tool_version ?? undefined,
  };
}
