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

import { getModelReference } from './annotations';
import { ingestRequestSchema } from './ingest';

describe('ingestRequestSchema', () => {
  const version = {
    id: 'train-run-42',
    kind: 'version',
    model: 'fraud-detector',
    version: {
      name: '3',
      aliases: ['champion'],
      createdAt: '2026-11-25T10:00:00Z',
      metrics: [{ name: 'accuracy', value: 0.93, dataset: 'holdout' }],
    },
  };

  it('accepts versions and evaluations', () => {
    expect(ingestRequestSchema.safeParse(version).success).toBe(true);
    expect(
      ingestRequestSchema.safeParse({
        id: 'eval-1',
        kind: 'evaluation',
        model: 'fraud-detector',
        version: '3',
        evaluation: { name: 'lm-eval', passed: true, metrics: [] },
      }).success,
    ).toBe(true);
  });

  it.each([
    ['an unknown top-level field', { ...version, extra: 1 }],
    [
      'an unknown version field',
      { ...version, version: { ...version.version, nam: 'x' } },
    ],
    [
      'a non-numeric metric',
      {
        ...version,
        version: { name: '3', metrics: [{ name: 'a', value: '1' }] },
      },
    ],
    ['an id with spaces', { ...version, id: 'a b' }],
    ['a model name with a slash', { ...version, model: '../etc' }],
    ['an unknown kind', { ...version, kind: 'delete' }],
    [
      'a date that is not ISO 8601',
      { ...version, version: { name: '3', createdAt: 'yesterday' } },
    ],
  ])('refuses %s', (_, body) => {
    expect(ingestRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('getModelReference', () => {
  it('reads the annotations, with the default registry', () => {
    expect(
      getModelReference({
        metadata: { annotations: { 'ai-golden-path.io/model-name': 'm' } },
      }),
    ).toEqual({ registry: 'default', modelName: 'm' });
    expect(
      getModelReference({
        metadata: {
          annotations: {
            'ai-golden-path.io/model-name': 'm',
            'ai-golden-path.io/model-registry': 'rhoai',
          },
        },
      }),
    ).toEqual({ registry: 'rhoai', modelName: 'm' });
    expect(getModelReference({ metadata: {} })).toBeUndefined();
  });
  it('accepts what the generated project\'s evaluation job sends', () => {
    // Kept equal to the body asserted in the skeleton's tests/test_evaluation.py.
    const fromEvaluationJob = {
      id: 'evaluation:churn:0.1.0-20261125T101500Z:2026-11-25T10:15:00-00:00',
      kind: 'evaluation',
      model: 'churn',
      version: '0.1.0+20261125T101500Z',
      evaluation: {
        name: 'promotion-policy',
        kind: 'policy',
        evaluatedAt: '2026-11-25T10:15:00+00:00',
        passed: true,
        policy: 'evaluation/policy.yaml@3',
        metrics: [
          { name: 'f1', value: 0.91, source: 'training' },
          { name: 'accuracy', value: 0.93, source: 'training' },
          { name: 'rows', value: 400.0, source: 'training' },
        ],
      },
    };
    expect(ingestRequestSchema.safeParse(fromEvaluationJob).success).toBe(true);
  });
});
