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
import { metricSchema, modelVersionStateSchema } from './api';

/*
 * What `POST /ingest` accepts: one model version, or one evaluation result of a version.
 * Strict objects: a typo in a field name is an error the sender sees, not a silently
 * dropped value.
 */

/** Client-supplied idempotency key: retrying with the same id never stores twice. */
const ingestIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'letters, digits and ._:/- only');

const nameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\s/][^/]*$/, 'no slashes or leading white space');

const ingestMetricsSchema = z.array(metricSchema.strict()).max(5000);

/** @public */
export const ingestVersionSchema = z.strictObject({
  id: ingestIdSchema,
  kind: z.literal('version'),
  registry: z.string().min(1).max(128).optional(),
  model: nameSchema,
  version: z.strictObject({
    name: nameSchema,
    state: modelVersionStateSchema.optional(),
    labels: z.array(z.string().min(1).max(128)).max(64).optional(),
    /** Aliases name one version at a time: `champion` moves here from any other version. */
    aliases: z.array(z.string().min(1).max(128)).max(16).optional(),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    author: z.string().max(256).optional(),
    description: z.string().max(8192).optional(),
    sourceCommit: z.string().max(256).optional(),
    pipelineRun: z.string().max(2048).optional(),
    artifactUri: z.string().max(2048).optional(),
    metrics: ingestMetricsSchema.optional(),
    properties: z.record(z.string().max(256), z.string().max(4096)).optional(),
  }),
});
/** @public */
export type IngestVersion = z.infer<typeof ingestVersionSchema>;

/** @public */
export const ingestEvaluationSchema = z.strictObject({
  id: ingestIdSchema,
  kind: z.literal('evaluation'),
  registry: z.string().min(1).max(128).optional(),
  model: nameSchema,
  version: nameSchema,
  evaluation: z.strictObject({
    name: z.string().min(1).max(256),
    kind: z.string().max(64).optional(),
    dataset: z.string().max(512).optional(),
    evaluatedAt: z.iso.datetime({ offset: true }).optional(),
    passed: z.boolean().optional(),
    policy: z.string().max(512).optional(),
    metrics: ingestMetricsSchema,
    reportUrl: z.string().max(2048).optional(),
    run: z.string().max(128).optional(),
    toolVersion: z.string().max(128).optional(),
  }),
});
/** @public */
export type IngestEvaluation = z.infer<typeof ingestEvaluationSchema>;

/** @public */
export const ingestRequestSchema = z.discriminatedUnion('kind', [
  ingestVersionSchema,
  ingestEvaluationSchema,
]);
/** @public */
export type IngestRequest = z.infer<typeof ingestRequestSchema>;

/**
 * The answer to an ingest: `created` false means the id was seen before with the same
 * content and nothing changed.
 *
 * @public
 */
export const ingestResponseSchema = z.object({
  id: z.string(),
  created: z.boolean(),
});
/** @public */
export type IngestResponse = z.infer<typeof ingestResponseSchema>;
