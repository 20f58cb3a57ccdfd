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

/** Paths and form values shared by the end-to-end tests. */
// These tests always run from source, so the repository is found relative to this file.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../..');
export const goldenPathTemplate = path.join(repoRoot, 'templates/ai-golden-path/template.yaml');

/** Form values a user would enter for the golden path, publishing to a local directory. */
export function goldenPathValues(overrides: Record<string, unknown> = {}) {
  return {
    name: 'fraud-detector',
    description: 'Flags card payments that look like fraud',
    owner: 'group:default/ml-engineers',
    system: 'system:default/ai-models',
    framework: 'sklearn',
    servingMode: 'embedded',
    registry: 'local',
    trainingSchedule: '0 3 * * 1',
    evaluationMetric: 'accuracy',
    evaluationThreshold: 0.8,
    devNamespace: 'models-dev',
    prodNamespace: 'models-prod',
    publishTarget: 'local',
    ...overrides,
  };
}

export function decodeFiles(contents: { path: string; base64Content: string }[]) {
  return new Map(
    contents.map(file => [file.path, Buffer.from(file.base64Content, 'base64').toString('utf8')]),
  );
}
