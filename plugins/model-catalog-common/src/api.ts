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

import { z } from 'zod';

/*
 * The model catalog's REST API, as zod schemas so the backend validates what it sends and
 * receives and the frontend gets the same types. Times are ISO 8601 strings.
 */

/**
 * One number measured on a model version: a training metric, an lm-eval task score, a
 * GuideLLM latency. `dataset` says what it was measured on.
 *
 * @public
 */
export const metricSchema = z.object({
  name: z.string().min(1).max(256),
  value: z.number(),
  dataset: z.string().max(512).optional(),
  step: z.number().int().optional(),
  recordedAt: z.string().optional(),
  /** The tool or stage that produced it: training, lm-eval, guidellm, ... */
  source: z.string().max(128).optional(),
  /** Standard error of `value` (lm-eval writes one per task and metric when it can). */
  stderr: z.number().optional(),
  /** Unit of `value`, such as `ms`, `s`, `tokens/s`; absent for ratios and scores. */
  unit: z.string().max(32).optional(),
  /** The lm-eval task (or group) the value is a score of. */
  task: z.string().max(256).optional(),
  /** The GuideLLM load level the value was measured at, such as `constant-4` or `synchronous`. */
  loadLevel: z.string().max(128).optional(),
  /** Whether a larger value is better; absent when unknown. */
  higherIsBetter: z.boolean().optional(),
});
/** @public */
export type Metric = z.infer<typeof metricSchema>;

/**
 * One evaluation run of a model version and its outcome under the project's policy.
 *
 * @public
 */
export const evaluationResultSchema = z.object({
  id: z.string(),
  name: z.string().min(1).max(256),
  kind: z.string().max(64).optional(),
  dataset: z.string().max(512).optional(),
  evaluatedAt: z.string().optional(),
  /** Pass/fail under `policy`; absent when no policy was applied. */
  passed: z.boolean().optional(),
  policy: z.string().max(512).optional(),
  metrics: z.array(metricSchema),
  reportUrl: z.string().max(2048).optional(),
  /**
   * Which run of the tool this is on the version: `baseline` for the ModelOps intake
   * benchmarks, `custom-<dataset>` for an AI engineer's evaluation on their own data.
   */
  run: z.string().max(128).optional(),
  /** Tool and version that produced the figures, such as `lm-eval 0.4.13`. */
  toolVersion: z.string().max(128).optional(),
});
/** @public */
export type EvaluationResult = z.infer<typeof evaluationResultSchema>;

/** @public */
export const modelVersionStateSchema = z.enum([
  'LIVE',
  'ARCHIVED',
  'PENDING',
  'FAILED',
  'UNKNOWN',
]);
/** @public */
export type ModelVersionState = z.infer<typeof modelVersionStateSchema>;

/**
 * A version of a registered model.
 *
 * @public
 */
export const modelVersionSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: modelVersionStateSchema,
  /** Aliases and labels such as `champion`, `challenger`, MLflow stages. */
  labels: z.array(z.string()),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  author: z.string().optional(),
  description: z.string().optional(),
  sourceCommit: z.string().optional(),
  pipelineRun: z.string().optional(),
  artifactUri: z.string().optional(),
  metrics: z.array(metricSchema),
  evaluations: z.array(evaluationResultSchema),
  /** Non-numeric custom properties, as text. */
  properties: z.record(z.string(), z.string()),
});
/** @public */
export type ModelVersion = z.infer<typeof modelVersionSchema>;

/** @public */
export const registrySourceTypeSchema = z.enum(['kubeflow', 'mlflow', 'store']);
/** @public */
export type RegistrySourceType = z.infer<typeof registrySourceTypeSchema>;

/**
 * A registered model as a registry lists it, without its versions.
 *
 * @public
 */
export const registeredModelSchema = z.object({
  registry: z.string(),
  sourceType: registrySourceTypeSchema,
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  owner: z.string().optional(),
  state: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  labels: z.array(z.string()),
  /** A link to the model in the registry's own UI, when configured. */
  url: z.string().optional(),
});
/** @public */
export type RegisteredModel = z.infer<typeof registeredModelSchema>;

/**
 * A serving workload of the model found in a configured cluster.
 *
 * @public
 */
export const deploymentSchema = z.object({
  cluster: z.string(),
  environment: z.string(),
  namespace: z.string(),
  name: z.string(),
  kind: z.enum(['Deployment', 'InferenceService']),
  modelVersion: z.string().optional(),
  ready: z.boolean(),
  replicas: z
    .object({ desired: z.number().int(), ready: z.number().int() })
    .optional(),
  url: z.string().optional(),
  message: z.string().optional(),
});
/** @public */
export type Deployment = z.infer<typeof deploymentSchema>;

/**
 * A source (registry or cluster) that could not be read; what is shown from it is missing
 * or stale since `failingSince`.
 *
 * @public
 */
export const sourceErrorSchema = z.object({
  source: z.string(),
  kind: z.enum(['registry', 'cluster']),
  message: z.string(),
  failingSince: z.string(),
  /** When data from this source was last read successfully, if ever. */
  lastSuccessAt: z.string().optional(),
});
/** @public */
export type SourceError = z.infer<typeof sourceErrorSchema>;

/**
 * `GET /entities/:kind/:namespace/:name/model`: everything about an entity's model.
 *
 * @public
 */
export const entityModelResponseSchema = z.object({
  entityRef: z.string(),
  registry: z.string(),
  modelName: z.string(),
  model: registeredModelSchema.nullable(),
  /**
   * The model's versions: all of them, or with `?latestVersions=n` the n newest plus the
   * champion and every version a deployment serves (see `selectLatestVersions`).
   */
  versions: z.array(modelVersionSchema),
  /** How many versions the model has in all (more than `versions` holds when limited). */
  versionCount: z.number().int().nonnegative().optional(),
  deployments: z.array(deploymentSchema),
  errors: z.array(sourceErrorSchema),
  generatedAt: z.string(),
});
/** @public */
export type EntityModelResponse = z.infer<typeof entityModelResponseSchema>;

/**
 * `GET /registries/:registry/models`: one page of a registry's models.
 *
 * @public
 */
export const registeredModelPageSchema = z.object({
  items: z.array(registeredModelSchema),
  nextPageToken: z.string().optional(),
});
/** @public */
export type RegisteredModelPage = z.infer<typeof registeredModelPageSchema>;
