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

import { evaluationResultSchema } from '@ai-golden-path/plugin-model-catalog-common';
import { OpenApiSchemas, specPath } from '../../__testUtils__/specs';
import { mapCustomProperties } from './customProperties';
import { KubeflowCustomProperties, KubeflowModelVersion } from './types';

const double = (double_value: number) =>
  ({ metadataType: 'MetadataDoubleValue', double_value }) as const;
const int = (value: number) =>
  ({ metadataType: 'MetadataIntValue', int_value: String(value) }) as const;
const text = (string_value: string) =>
  ({ metadataType: 'MetadataStringValue', string_value }) as const;
const bool = (bool_value: boolean) =>
  ({ metadataType: 'MetadataBoolValue', bool_value }) as const;

/**
 * What the LLM intake pipeline and an engineer's evaluation run write on one version,
 * following docs/registry-properties.md.
 */
const LLM_VERSION: KubeflowCustomProperties = {
  'intake.state': text('approved'),
  'intake.policy': text('intake-policy.yaml@3'),
  'intake.passed': bool(true),
  source_uri: text('hf://ibm-granite/granite-3.1-2b-instruct'),
  source_revision: text('0123abcd'),
  license: text('Apache-2.0'),
  'lm_eval@baseline.arc_easy.acc': double(0.7412),
  'lm_eval@baseline.arc_easy.acc.stderr': double(0.009),
  'lm_eval@baseline.arc_easy.acc_norm': double(0.7011),
  'lm_eval@baseline.gsm8k.exact_match,strict-match': double(0.52),
  'lm_eval@baseline.gsm8k.exact_match,strict-match.stderr': double(0.0137),
  'lm_eval@baseline.wikitext.word_perplexity': double(11.2),
  'lm_eval@baseline.wikitext.word_perplexity.lower_is_better': bool(true),
  'lm_eval@baseline.dataset': text('arc_easy,gsm8k,wikitext'),
  'lm_eval@baseline.passed': bool(true),
  'lm_eval@baseline.policy': text('intake-policy.yaml@3'),
  'lm_eval@baseline.tool_version': text('lm-eval 0.4.13'),
  'lm_eval@baseline.report_uri': text(
    's3://reports/granite/lm-eval-baseline.json',
  ),
  'lm_eval@baseline.evaluated_at': text('2026-11-25T21:04:05Z'),
  'guidellm@baseline.constant-2_5.ttft_ms.p99': double(182.5),
  'guidellm@baseline.constant-2_5.itl_ms.p50': double(21.3),
  'guidellm@baseline.synchronous.request_latency_s.mean': double(2.41),
  'guidellm@baseline.throughput.output_tokens_per_s.mean': double(812.4),
  'guidellm@baseline.throughput.requests_per_s.mean': double(3.9),
  'guidellm@baseline.tool_version': text('guidellm 0.5.0'),
  'lm_eval@custom-support-tickets.support_tickets.acc': double(0.81),
  'lm_eval@custom-support-tickets.dataset': text('support-tickets@v2'),
  'lm_eval@custom-support-tickets.passed': bool(false),
  'lm_eval@custom-support-tickets.num_samples': int(500),
  _lastModified: text('bookkeeping'),
};

/** What the golden path's training and evaluation jobs write, including old-style keys. */
const GOLDEN_PATH_VERSION: KubeflowCustomProperties = {
  accuracy: double(0.93),
  epochs: int(12),
  champion: text(''),
  source_commit: text('abc123'),
  pipeline_run: text('https://pipelines.example/runs/42'),
  artifact_uri: text('s3://models/fraud/3'),
  'eval.accuracy': double(0.91),
  'eval.dataset': text('data/holdout.csv'),
  'eval.passed': bool(true),
  'eval.policy': text('accuracy >= 0.9'),
  // Keys written before the run grammar existed.
  'lm_eval.arc_easy.acc': double(0.71),
  'lm_eval.hellaswag.acc_norm': double(0.55),
  'lm_eval.dataset': text('arc_easy,hellaswag'),
  'guidellm.ttft_ms.p99': double(180.5),
  framework: text('sklearn'),
  quantized: bool(false),
  'intake.state': text(''),
  // The OpenAPI pattern allows at most nine digits.
  total_params: int(350_000_000),
};

describe('mapCustomProperties', () => {
  const schemas = OpenApiSchemas.fromYamlFile(
    specPath('model-registry', 'model-registry.yaml'),
  );
  const asVersion = (customProperties: KubeflowCustomProperties) =>
    ({
      id: '7',
      name: 'v1',
      registeredModelId: '1',
      customProperties,
    }) satisfies KubeflowModelVersion;

  it('uses fixtures the OpenAPI document accepts', () => {
    expect(() =>
      schemas.assert('ModelVersion', asVersion(LLM_VERSION)),
    ).not.toThrow();
    expect(() =>
      schemas.assert('ModelVersion', asVersion(GOLDEN_PATH_VERSION)),
    ).not.toThrow();
    // int64 is a string on the wire: a bare number is not a valid MetadataIntValue.
    expect(() =>
      schemas.assert('ModelVersion', {
        ...asVersion({}),
        customProperties: {
          n: { metadataType: 'MetadataIntValue', int_value: 5 },
        },
      }),
    ).toThrow(/does not match/);
  });

  it('makes one evaluation result per (group, run) with its attributes', () => {
    const mapped = mapCustomProperties(LLM_VERSION, '7');
    const byId = Object.fromEntries(mapped.evaluations.map(e => [e.id, e]));
    expect(Object.keys(byId).sort()).toEqual([
      '7:guidellm@baseline',
      '7:lm_eval@baseline',
      '7:lm_eval@custom-support-tickets',
    ]);
    for (const evaluation of mapped.evaluations) {
      expect(() => evaluationResultSchema.parse(evaluation)).not.toThrow();
    }
    const baseline = byId['7:lm_eval@baseline'];
    expect(baseline).toMatchObject({
      name: 'lm-eval (baseline)',
      kind: 'lm-eval',
      run: 'baseline',
      dataset: 'arc_easy,gsm8k,wikitext',
      passed: true,
      policy: 'intake-policy.yaml@3',
      toolVersion: 'lm-eval 0.4.13',
      reportUrl: 's3://reports/granite/lm-eval-baseline.json',
      evaluatedAt: '2026-11-25T21:04:05.000Z',
    });
    const custom = byId['7:lm_eval@custom-support-tickets'];
    expect(custom).toMatchObject({
      name: 'lm-eval (custom-support-tickets)',
      run: 'custom-support-tickets',
      dataset: 'support-tickets@v2',
      passed: false,
    });
    expect(custom.metrics.map(m => m.name).sort()).toEqual([
      'num_samples',
      'support_tickets.acc',
    ]);
    expect(byId['7:guidellm@baseline'].toolVersion).toBe('guidellm 0.5.0');
    expect(byId['7:guidellm@baseline'].passed).toBeUndefined();
    // Evaluation figures are not repeated among the version's own metrics.
    expect(mapped.metrics).toEqual([]);
  });

  it('pairs lm-eval scores with their standard error and direction', () => {
    const mapped = mapCustomProperties(LLM_VERSION, '7');
    const metrics = mapped.evaluations.find(
      e => e.run === 'baseline' && e.kind === 'lm-eval',
    )!.metrics;
    expect(metrics).toHaveLength(4);
    const metric = (name: string) => metrics.find(m => m.name === name);
    expect(metric('arc_easy.acc')).toEqual({
      name: 'arc_easy.acc',
      value: 0.7412,
      stderr: 0.009,
      task: 'arc_easy',
      higherIsBetter: true,
      source: 'lm-eval',
      dataset: 'arc_easy,gsm8k,wikitext',
    });
    expect(metric('arc_easy.acc_norm')?.stderr).toBeUndefined();
    expect(metric('gsm8k.exact_match,strict-match')).toMatchObject({
      value: 0.52,
      stderr: 0.0137,
      task: 'gsm8k',
    });
    expect(metric('wikitext.word_perplexity')).toMatchObject({
      value: 11.2,
      higherIsBetter: false,
    });
  });

  it('names GuideLLM figures readably, with load level and unit', () => {
    const mapped = mapCustomProperties(LLM_VERSION, '7');
    const metrics = mapped.evaluations.find(
      e => e.kind === 'guidellm',
    )!.metrics;
    expect(metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'time to first token p99 at constant-2.5',
          value: 182.5,
          loadLevel: 'constant-2.5',
          unit: 'ms',
          higherIsBetter: false,
        }),
        expect.objectContaining({
          name: 'inter-token latency p50 at constant-2.5',
          unit: 'ms',
        }),
        expect.objectContaining({
          name: 'request latency mean at synchronous',
          loadLevel: 'synchronous',
          unit: 's',
        }),
        expect.objectContaining({
          name: 'output tokens per second mean at throughput',
          unit: 'tokens/s',
          higherIsBetter: true,
        }),
        expect.objectContaining({
          name: 'requests per second mean at throughput',
          unit: 'req/s',
        }),
      ]),
    );
    expect(metrics).toHaveLength(5);
  });

  it('shows the intake decision as properties and a label', () => {
    const mapped = mapCustomProperties(LLM_VERSION, '7');
    expect(mapped.labels).toEqual(['intake:approved']);
    expect(mapped.properties).toEqual({
      'intake.state': 'approved',
      'intake.policy': 'intake-policy.yaml@3',
      'intake.passed': 'true',
      source_uri: 'hf://ibm-granite/granite-3.1-2b-instruct',
      source_revision: '0123abcd',
      license: 'Apache-2.0',
    });
  });

  it('keeps the golden path keys and the keys written before runs existed', () => {
    const mapped = mapCustomProperties(GOLDEN_PATH_VERSION, '3');
    expect(mapped).toMatchObject({
      labels: ['champion'],
      sourceCommit: 'abc123',
      pipelineRun: 'https://pipelines.example/runs/42',
      artifactUri: 's3://models/fraud/3',
      properties: {
        framework: 'sklearn',
        quantized: 'false',
        'intake.state': '',
      },
    });
    expect(mapped.metrics).toEqual([
      { name: 'accuracy', value: 0.93 },
      { name: 'epochs', value: 12 },
      { name: 'total_params', value: 350_000_000 },
    ]);
    const byId = Object.fromEntries(mapped.evaluations.map(e => [e.id, e]));
    expect(byId['3:eval@default']).toMatchObject({
      name: 'evaluation',
      run: 'default',
      dataset: 'data/holdout.csv',
      passed: true,
      policy: 'accuracy >= 0.9',
      metrics: [{ name: 'accuracy', value: 0.91, dataset: 'data/holdout.csv' }],
    });
    expect(byId['3:lm_eval@default']).toMatchObject({
      name: 'lm-eval',
      dataset: 'arc_easy,hellaswag',
    });
    expect(byId['3:lm_eval@default'].metrics).toEqual([
      expect.objectContaining({
        name: 'arc_easy.acc',
        value: 0.71,
        task: 'arc_easy',
        dataset: 'arc_easy,hellaswag',
      }),
      expect.objectContaining({ name: 'hellaswag.acc_norm', value: 0.55 }),
    ]);
    expect(byId['3:guidellm@default'].metrics).toEqual([
      expect.objectContaining({
        name: 'time to first token p99',
        value: 180.5,
        unit: 'ms',
      }),
    ]);
    expect(byId['3:guidellm@default'].metrics[0].loadLevel).toBeUndefined();
  });

  it('adds metric artifacts, model and report links from the artifacts', () => {
    const mapped = mapCustomProperties(
      {
        accuracy: double(0.9),
        'eval.f1': double(0.8),
        'lm_eval@custom-tickets.tickets.acc': double(0.7),
        'lm_eval@custom-tickets.report_uri': text('s3://reports/own.json'),
      },
      '3',
      {
        metrics: [
          {
            name: 'accuracy',
            value: 0.95,
            recordedAt: '2026-11-25T10:00:00.000Z',
            step: 3,
          },
          { name: 'loss', value: 0.12 },
          { name: 'lm_eval@baseline.mmlu.acc', value: 0.6 },
        ],
        documents: [
          { name: 'lm_eval@baseline.html', uri: 'https://reports.example/b' },
          { name: 'lm_eval@custom-tickets', uri: 's3://reports/other.json' },
          { name: 'model-card', uri: 'https://docs.example/card' },
        ],
        modelUri: 's3://models/fraud/3',
      },
    );
    // A metric artifact replaces the property of the same name: it has time and step.
    expect(mapped.metrics).toEqual([
      {
        name: 'accuracy',
        value: 0.95,
        recordedAt: '2026-11-25T10:00:00.000Z',
        step: 3,
      },
      { name: 'loss', value: 0.12 },
    ]);
    const byId = Object.fromEntries(mapped.evaluations.map(e => [e.id, e]));
    expect(Object.keys(byId)).toEqual([
      '3:eval@default',
      '3:lm_eval@custom-tickets',
      '3:lm_eval@baseline',
    ]);
    expect(byId['3:lm_eval@baseline']).toMatchObject({
      reportUrl: 'https://reports.example/b',
      metrics: [expect.objectContaining({ name: 'mmlu.acc', value: 0.6 })],
    });
    // The run's own report_uri wins over a document named after it.
    expect(byId['3:lm_eval@custom-tickets'].reportUrl).toBe(
      's3://reports/own.json',
    );
    expect(mapped.artifactUri).toBe('s3://models/fraud/3');
    expect(mapped.properties).toEqual({
      'document:lm_eval@baseline.html': 'https://reports.example/b',
      'document:lm_eval@custom-tickets': 's3://reports/other.json',
      'document:model-card': 'https://docs.example/card',
    });
    // An artifact_uri property says which model artifact is meant.
    expect(
      mapCustomProperties({ artifact_uri: text('oci://quay.io/m:1') }, '3', {
        modelUri: 's3://models/fraud/3',
      }).artifactUri,
    ).toBe('oci://quay.io/m:1');
  });

  it('refuses keys that only look like the grammar and ignores bookkeeping', () => {
    const mapped = mapCustomProperties(
      {
        'lm_eval@Bad Run.arc.acc': double(0.1),
        'lm_evaluation.arc.acc': double(0.2),
        'lm_eval@baseline.note': text('run by hand'),
        'eval.passed': text('yes'),
        _registeredFrom: text('x'),
      },
      '1',
    );
    expect(mapped.metrics.map(m => m.name)).toEqual([
      'lm_eval@Bad Run.arc.acc',
      'lm_evaluation.arc.acc',
    ]);
    expect(mapped.properties).toEqual({
      'lm_eval@baseline.note': 'run by hand',
    });
    // A `passed` that is not a bool is not guessed at.
    expect(mapped.evaluations).toEqual([
      expect.objectContaining({ id: '1:eval@default', metrics: [] }),
    ]);
    expect(mapped.evaluations[0].passed).toBeUndefined();
  });
});
