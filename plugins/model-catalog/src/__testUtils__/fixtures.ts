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

import type {
  EntityModelResponse,
  ModelVersion,
} from '@ai-golden-path/plugin-model-catalog-common';
import type { Entity } from '@backstage/catalog-model';
import type {
  GetEntityModelOptions,
  ModelCatalogApi,
} from '../api/ModelCatalogApi';

/*
 * One model with three versions: v1 archived, v2 the labelled champion serving prod, v3 the
 * newest challenger with a baseline and a custom lm-eval run and a GuideLLM run. Figures are
 * chosen so each delta direction is visible: accuracy up (better), latency up (worse).
 */

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detector',
    namespace: 'default',
    annotations: {
      'ai-golden-path.io/model-name': 'fraud-detector',
      'ai-golden-path.io/model-lifecycle-stage': 'fine-tuning',
      'backstage.io/source-location':
        'url:https://git.example.com/team/fraud-detector/',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

export const entityWithoutModel: Entity = {
  ...entity,
  metadata: { name: 'plain-service', namespace: 'default', annotations: {} },
};

const v1: ModelVersion = {
  id: 'v-1',
  name: '1',
  state: 'ARCHIVED',
  labels: [],
  createdAt: '2026-11-01T10:00:00Z',
  author: 'ci',
  metrics: [
    { name: 'accuracy', value: 0.81, dataset: 'holdout', higherIsBetter: true },
  ],
  evaluations: [],
  properties: {},
};

const v2: ModelVersion = {
  id: 'v-2',
  name: '2',
  state: 'LIVE',
  labels: ['champion'],
  createdAt: '2026-11-10T10:00:00Z',
  author: 'ci',
  metrics: [
    { name: 'accuracy', value: 0.91, dataset: 'holdout', higherIsBetter: true },
    {
      name: 'latency_p95',
      value: 120,
      unit: 'ms',
      dataset: 'holdout',
      higherIsBetter: false,
    },
  ],
  evaluations: [
    {
      id: 'e-2',
      name: 'eval',
      kind: 'eval',
      dataset: 'holdout',
      evaluatedAt: '2026-11-10T11:00:00Z',
      passed: true,
      policy: 'accuracy >= 0.85',
      metrics: [],
    },
  ],
  properties: {},
};

const v3: ModelVersion = {
  id: 'v-3',
  name: '3',
  state: 'PENDING',
  labels: ['challenger'],
  createdAt: '2026-11-20T10:00:00Z',
  author: 'alice',
  pipelineRun: 'https://pipelines.example.com/runs/42',
  sourceCommit: 'abc1234def5678',
  metrics: [
    { name: 'accuracy', value: 0.93, dataset: 'holdout', higherIsBetter: true },
    {
      name: 'latency_p95',
      value: 150,
      unit: 'ms',
      dataset: 'holdout',
      higherIsBetter: false,
    },
  ],
  evaluations: [
    {
      id: 'e-3-baseline',
      name: 'lm-eval',
      kind: 'lm-eval',
      run: 'baseline',
      dataset: 'arc_easy@v1',
      toolVersion: 'lm-eval 0.4.13',
      evaluatedAt: '2026-11-20T12:00:00Z',
      passed: true,
      policy: 'intake-policy.yaml@3',
      metrics: [
        {
          name: 'acc',
          task: 'arc_easy',
          value: 0.7812,
          stderr: 0.0085,
          source: 'lm-eval',
          higherIsBetter: true,
        },
      ],
    },
    {
      id: 'e-3-custom',
      name: 'lm-eval',
      kind: 'lm-eval',
      run: 'custom-support-tickets',
      dataset: 'support-tickets@2026-11',
      toolVersion: 'lm-eval 0.4.13',
      evaluatedAt: '2026-11-21T12:00:00Z',
      passed: false,
      policy: 'custom-policy.yaml@1',
      metrics: [
        {
          name: 'acc',
          task: 'arc_easy',
          value: 0.6543,
          stderr: 0.012,
          source: 'lm-eval',
          higherIsBetter: true,
        },
      ],
    },
    {
      id: 'e-3-guidellm',
      name: 'guidellm',
      kind: 'guidellm',
      run: 'baseline',
      dataset: 'sharegpt-sample',
      toolVersion: 'guidellm 0.5.0',
      evaluatedAt: '2026-11-20T13:00:00Z',
      metrics: [
        {
          name: 'ttft_ms.p90',
          loadLevel: 'constant-4',
          value: 212.5,
          unit: 'ms',
          source: 'guidellm',
          higherIsBetter: false,
        },
        {
          name: 'ttft_ms.p90',
          loadLevel: 'synchronous',
          value: 88.25,
          unit: 'ms',
          source: 'guidellm',
          higherIsBetter: false,
        },
        {
          name: 'output_tokens_per_s.mean',
          loadLevel: 'constant-4',
          value: 431,
          unit: 'tokens/s',
          source: 'guidellm',
          higherIsBetter: true,
        },
      ],
    },
  ],
  // What the ModelOps intake writes (docs/registry-properties.md), as the backend maps it.
  properties: {
    'intake.state': 'rejected',
    'intake.policy': 'intake-policy.yaml@3',
    'intake.reasons':
      'lm_eval@baseline.arc_easy.acc 0.78 < 0.8; guidellm@baseline.constant-4.ttft_ms.p99 above 800',
  },
};

/**
 * A history of `count` versions named 1, 2, ... (one a day from 2026-01-01), each like
 * version 3 unless `customize` says otherwise.
 */
export function longHistory(
  count: number,
  customize: (index: number) => Partial<ModelVersion> = () => ({}),
): ModelVersion[] {
  return Array.from({ length: count }, (_, i) => ({
    ...v3,
    id: `m-1-${i + 1}`,
    name: String(i + 1),
    labels: [],
    createdAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    ...customize(i),
  }));
}

/** The API's error entries for a registry and a cluster that did not answer, nothing kept. */
export const registryDown: EntityModelResponse['errors'][number] = {
  source: 'registry:default',
  kind: 'registry',
  message: 'registry:default: no answer before the response deadline',
  failingSince: '2026-11-25T10:02:00Z',
};
export const clusterDown: EntityModelResponse['errors'][number] = {
  source: 'cluster:prod-east',
  kind: 'cluster',
  message: 'timeout after 3000 ms',
  failingSince: '2026-11-25T10:02:00Z',
};

export function makeResponse(
  overrides: Partial<EntityModelResponse> = {},
): EntityModelResponse {
  return {
    entityRef: 'component:default/fraud-detector',
    registry: 'default',
    modelName: 'fraud-detector',
    model: {
      registry: 'default',
      sourceType: 'kubeflow',
      id: 'm-1',
      name: 'fraud-detector',
      labels: [],
      url: 'https://registry.example.com/models/m-1',
    },
    versions: [v1, v2, v3],
    deployments: [
      {
        cluster: 'prod-east',
        environment: 'prod',
        namespace: 'fraud-prod',
        name: 'fraud-detector',
        kind: 'InferenceService',
        modelVersion: '2',
        ready: true,
        replicas: { desired: 2, ready: 2 },
      },
      {
        cluster: 'dev',
        environment: 'dev',
        namespace: 'fraud-dev',
        name: 'fraud-detector',
        kind: 'Deployment',
        modelVersion: '3',
        ready: false,
        replicas: { desired: 1, ready: 0 },
        message: 'ImagePullBackOff',
      },
    ],
    errors: [],
    generatedAt: '2026-11-25T10:00:00Z',
    ...overrides,
  };
}

/** A fake client that answers from a function, so each test picks its own state. */
export function fakeApi(
  answer: () => Promise<EntityModelResponse>,
): ModelCatalogApi & { calls: number; options: GetEntityModelOptions[] } {
  const api = {
    calls: 0,
    /** The options of each call, in order. */
    options: [] as GetEntityModelOptions[],
    getEntityModel: async (
      _ref: unknown,
      options: GetEntityModelOptions = {},
    ) => {
      api.calls += 1;
      api.options.push(options);
      return answer();
    },
  };
  return api;
}
