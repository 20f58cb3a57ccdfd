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

import path from 'node:path';
import { repoRoot } from '../goldenPath';

/** Templates and form values of the two LLM templates, shared by their tests. */
export const intakeTemplate = path.join(
  repoRoot,
  'templates/llm-model-intake/template.yaml',
);
export const evaluationTemplate = path.join(
  repoRoot,
  'templates/llm-model-evaluation/template.yaml',
);

export const HF_COMMIT = '0123456789abcdef0123456789abcdef01234567';
export const DIGEST = `sha256:${'ab'.repeat(32)}`;
export const SUMS_SHA256 = 'cd'.repeat(32);

/** What a ModelOps engineer enters to take in a Hugging Face model, publishing a pull request. */
export function intakeValues(overrides: Record<string, unknown> = {}) {
  return {
    name: 'granite-8b-instruct',
    description: 'Granite 3.1 8B instruct for the support assistant',
    owner: 'group:default/modelops',
    sourceKind: 'huggingface',
    hfRepo: 'ibm-granite/granite-3.1-8b-instruct',
    hfRevision: HF_COMMIT,
    licenseAllowList: ['Apache-2.0', 'MIT'],
    pipelineNamespace: 'modelops',
    sandboxNamespace: 'modelops-sandbox',
    gpuCount: 1,
    memory: '32Gi',
    maxModelLen: 8192,
    guidellmRateType: 'constant',
    guidellmRates: [1, 2.5],
    promptTokens: 512,
    outputTokens: 128,
    maxSeconds: 30,
    lmEvalTasks: ['arc_easy', 'hellaswag'],
    lmEvalFewShot: 5,
    lmEvalLimit: 200,
    modelcarRegistry: 'quay.io/my-org/models',
    modelopsImage: `quay.io/my-org/modelops@${DIGEST}`,
    guidellmImage: 'ghcr.io/vllm-project/guidellm:v0.5.0',
    lmEvalImage: 'quay.io/trustyai/ta-lmes-job:latest',
    vllmImage: 'quay.io/modh/vllm:rhoai-2.25',
    policyVersion: 3,
    publishTarget: 'github',
    repoUrl: 'github.com?owner=my-org&repo=modelops-gitops',
    ...overrides,
  };
}

/** What an AI engineer enters to evaluate an approved model on their dataset. */
export function evaluationValues(overrides: Record<string, unknown> = {}) {
  return {
    model: 'resource:default/granite-8b-instruct',
    modelVersion: HF_COMMIT,
    modelImage: `oci://quay.io/my-org/models/granite-8b-instruct@${DIGEST}`,
    name: 'support-tickets-eval',
    owner: 'group:default/support-ai',
    namespace: 'support-ai',
    datasetName: 'support-tickets',
    datasetLocation: 's3://support-data/eval/tickets-2026-10.jsonl',
    datasetSha256: SUMS_SHA256,
    datasetFormat: 'jsonl',
    promptField: 'question',
    referenceField: 'answer',
    metric: 'exact_match',
    maxGenTokens: 32,
    numFewShot: 2,
    guidellmRateType: 'sweep',
    guidellmRates: [5],
    promptTokens: 256,
    outputTokens: 64,
    maxSeconds: 20,
    gpuCount: 1,
    memory: '24Gi',
    modelopsImage: `quay.io/my-org/modelops@${DIGEST}`,
    guidellmImage: 'ghcr.io/vllm-project/guidellm:v0.5.0',
    lmEvalImage: 'quay.io/trustyai/ta-lmes-job:latest',
    vllmImage: 'quay.io/modh/vllm:rhoai-2.25',
    publishTarget: 'local',
    ...overrides,
  };
}
