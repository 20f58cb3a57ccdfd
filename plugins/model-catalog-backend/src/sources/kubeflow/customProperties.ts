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
  EvaluationResult,
  Metric,
} from '@ai-golden-path/plugin-model-catalog-common';
import { KubeflowCustomProperties, KubeflowMetadataValue } from './types';

/**
 * How a Kubeflow model version's typed custom properties (and its metric artifacts) become
 * metrics, labels, evaluation results and text properties. The registry has no metric type
 * on a version, so every pipeline of the project writes its results under the names set out
 * in docs/registry-properties.md; this is the reading side of that contract:
 *
 * - `<group>[@<run>].<path>` with group `eval`, `lm_eval` or `guidellm`: one evaluation
 *   result per (group, run), a key without `@run` being the run `default`. Its one-segment
 *   attributes (`dataset`, `passed`, `policy`, `tool_version`, `report_uri`,
 *   `evaluated_at`) describe the run, its numbers are its metrics. lm-eval's
 *   `<task>.<metric>.stderr` and `.lower_is_better` describe the score next to them;
 *   GuideLLM's `<level>.<measure>.<stat>` carry a load level and a unit.
 * - `intake.*`: text properties, the intake state also as a label `intake:<state>` so
 *   that the decision shows where labels show.
 * - other numbers: the version's own (training) metrics, e.g. `accuracy`;
 * - a string with an empty value: a label (how the OpenShift AI dashboard stores labels);
 * - `source_commit` / `git_commit`, `pipeline_run` / `pipeline_run_id`, `artifact_uri`:
 *   provenance fields;
 * - anything else (string, bool, struct, proto): text properties;
 * - keys starting with `_`: the dashboard's bookkeeping, ignored.
 */
export interface MappedProperties {
  metrics: Metric[];
  labels: string[];
  evaluations: EvaluationResult[];
  properties: Record<string, string>;
  sourceCommit?: string;
  pipelineRun?: string;
  artifactUri?: string;
}

/** A number read from a metric artifact rather than a custom property. */
export interface MetricInput {
  name: string;
  value: number;
  recordedAt?: string;
  step?: number;
}

/** What the version's artifacts add to its custom properties. */
export interface ArtifactInputs {
  /** `metric` artifacts, oldest first: a later one of the same name replaces an earlier. */
  metrics?: MetricInput[];
  /** `doc-artifact`s: reports and other documents, by name. */
  documents?: Array<{ name: string; uri: string }>;
  /** The `model-artifact`'s URI: where the model's files are. */
  modelUri?: string;
}

type Group = 'eval' | 'lm_eval' | 'guidellm';

const KEY_PATTERN =
  /^(eval|lm_eval|guidellm|intake)(?:@([a-z0-9][a-z0-9-]*))?\.(.+)$/;
const DEFAULT_RUN = 'default';

const TOOL_BY_GROUP: Record<Group, string> = {
  eval: 'evaluation',
  lm_eval: 'lm-eval',
  guidellm: 'guidellm',
};

const RUN_ATTRIBUTES = new Set([
  'dataset',
  'passed',
  'policy',
  'tool_version',
  'report_uri',
  'evaluated_at',
]);

/** GuideLLM measures of the contract: readable name, unit and direction. */
const GUIDELLM_MEASURES: Record<
  string,
  { label: string; unit: string; higherIsBetter: boolean }
> = {
  ttft_ms: { label: 'time to first token', unit: 'ms', higherIsBetter: false },
  itl_ms: { label: 'inter-token latency', unit: 'ms', higherIsBetter: false },
  request_latency_s: {
    label: 'request latency',
    unit: 's',
    higherIsBetter: false,
  },
  output_tokens_per_s: {
    label: 'output tokens per second',
    unit: 'tokens/s',
    higherIsBetter: true,
  },
  requests_per_s: {
    label: 'requests per second',
    unit: 'req/s',
    higherIsBetter: true,
  },
};

interface RunFigures {
  group: Group;
  run: string;
  /** Numbers by path (`arc_easy.acc`, `constant-4.ttft_ms.p99`), in the order read. */
  numbers: Map<string, MetricInput>;
  /** Flags by path: `<path>.lower_is_better`. */
  lowerIsBetter: Map<string, boolean>;
  dataset?: string;
  passed?: boolean;
  policy?: string;
  toolVersion?: string;
  reportUrl?: string;
  evaluatedAt?: string;
}

/** The number a metadata value holds, or undefined when it holds none (or not a finite one). */
function numberOf(value: KubeflowMetadataValue): number | undefined {
  let number: number | undefined;
  if (value.metadataType === 'MetadataDoubleValue') {
    number = value.double_value;
  } else if (value.metadataType === 'MetadataIntValue') {
    // int64 travels as a string in the REST API.
    number = Number(value.int_value);
  }
  return typeof number === 'number' && Number.isFinite(number)
    ? number
    : undefined;
}

function textOf(value: KubeflowMetadataValue): string {
  switch (value.metadataType) {
    case 'MetadataStringValue':
      return value.string_value;
    case 'MetadataDoubleValue':
      return String(value.double_value);
    case 'MetadataIntValue':
      return String(value.int_value);
    case 'MetadataBoolValue':
      return String(value.bool_value);
    case 'MetadataStructValue':
      return `struct (${value.struct_value.length} base64 characters)`;
    case 'MetadataProtoValue':
      return `proto ${value.type}`;
    default:
      // A metadata type newer than this plugin: keep the key visible.
      return 'unsupported property type';
  }
}

/** A bool, also when a pipeline wrote it as the string `true` / `false`. */
function boolOf(value: KubeflowMetadataValue): boolean | undefined {
  if (value.metadataType === 'MetadataBoolValue') {
    return value.bool_value;
  }
  if (value.metadataType === 'MetadataStringValue') {
    const text = value.string_value.trim().toLowerCase();
    if (text === 'true' || text === 'false') {
      return text === 'true';
    }
  }
  return undefined;
}

function isoOf(text: string): string | undefined {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** `constant-2_5` → `constant-2.5`: the contract writes a rate's `.` as `_`. */
function loadLevelOf(level: string): string {
  return level.replace(/(\d)_(\d)/g, '$1.$2');
}

export function mapCustomProperties(
  customProperties: KubeflowCustomProperties | undefined,
  versionId: string,
  artifacts: ArtifactInputs = {},
): MappedProperties {
  const result: MappedProperties = {
    metrics: [],
    labels: [],
    evaluations: [],
    properties: {},
  };
  const runs = new Map<string, RunFigures>();
  const runOf = (group: Group, run: string) => {
    const key = `${group}@${run}`;
    let entry = runs.get(key);
    if (!entry) {
      entry = { group, run, numbers: new Map(), lowerIsBetter: new Map() };
      runs.set(key, entry);
    }
    return entry;
  };

  const addNumber = (input: MetricInput) => {
    const match = KEY_PATTERN.exec(input.name);
    if (!match || match[1] === 'intake') {
      // A metric artifact named like a property replaces it: it carries a time and step.
      const index = result.metrics.findIndex(m => m.name === input.name);
      if (index >= 0) {
        result.metrics[index] = metricOf(input);
      } else {
        result.metrics.push(metricOf(input));
      }
      return;
    }
    const [, group, run = DEFAULT_RUN, path] = match;
    runOf(group as Group, run).numbers.set(path, input);
  };

  for (const [key, value] of Object.entries(customProperties ?? {})) {
    if (key.startsWith('_')) {
      continue;
    }
    const match = KEY_PATTERN.exec(key);
    const number = numberOf(value);

    if (match?.[1] === 'intake') {
      const text = textOf(value);
      result.properties[key] = text;
      if (match[3] === 'state' && text.trim() !== '') {
        result.labels.push(`intake:${text.trim()}`);
      }
      continue;
    }

    if (match) {
      const [, groupName, run = DEFAULT_RUN, path] = match;
      const group = groupName as Group;
      if (number !== undefined) {
        addNumber({ name: key, value: number });
        continue;
      }
      if (RUN_ATTRIBUTES.has(path)) {
        const figures = runOf(group, run);
        const text = textOf(value);
        switch (path) {
          case 'passed':
            figures.passed = boolOf(value);
            break;
          case 'dataset':
            figures.dataset = text || undefined;
            break;
          case 'policy':
            figures.policy = text || undefined;
            break;
          case 'tool_version':
            figures.toolVersion = text || undefined;
            break;
          case 'report_uri':
            figures.reportUrl = text || undefined;
            break;
          default:
            figures.evaluatedAt = isoOf(text);
        }
        continue;
      }
      if (path.endsWith('.lower_is_better')) {
        const flag = boolOf(value);
        if (flag !== undefined) {
          runOf(group, run).lowerIsBetter.set(
            path.slice(0, -'.lower_is_better'.length),
            flag,
          );
          continue;
        }
      }
      // Anything else under a group (a string the contract does not name): text below.
    } else if (number !== undefined) {
      addNumber({ name: key, value: number });
      continue;
    } else if (
      value.metadataType === 'MetadataDoubleValue' ||
      value.metadataType === 'MetadataIntValue'
    ) {
      // NaN or infinity: shown as text rather than as a number nobody can compare.
      result.properties[key] = textOf(value);
      continue;
    }

    if (value.metadataType === 'MetadataStringValue') {
      const text = value.string_value;
      if (text === '') {
        result.labels.push(key);
      } else if (key === 'source_commit' || key === 'git_commit') {
        result.sourceCommit = text;
      } else if (key === 'pipeline_run' || key === 'pipeline_run_id') {
        result.pipelineRun = text;
      } else if (key === 'artifact_uri') {
        result.artifactUri = text;
      } else {
        result.properties[key] = text;
      }
      continue;
    }
    result.properties[key] = textOf(value);
  }

  for (const artifact of artifacts.metrics ?? []) {
    addNumber(artifact);
  }
  // The `artifact_uri` property, when a pipeline wrote one, says which artifact it meant.
  if (!result.artifactUri && artifacts.modelUri) {
    result.artifactUri = artifacts.modelUri;
  }
  for (const document of artifacts.documents ?? []) {
    // A report named after its run (`lm_eval@baseline`, `lm_eval@baseline.html`) is that
    // run's report unless the run names one itself; every document is listed as well.
    const match =
      /^(eval|lm_eval|guidellm)(?:@([a-z0-9][a-z0-9-]*))?(?:\.|$)/.exec(
        document.name,
      );
    const figures = match
      ? runs.get(`${match[1]}@${match[2] ?? DEFAULT_RUN}`)
      : undefined;
    if (figures && !figures.reportUrl) {
      figures.reportUrl = document.uri;
    }
    result.properties[`document:${document.name}`] = document.uri;
  }

  for (const figures of runs.values()) {
    result.evaluations.push(toEvaluation(figures, versionId));
  }
  result.labels.sort();
  return result;
}

function metricOf(input: MetricInput): Metric {
  const metric: Metric = { name: input.name, value: input.value };
  if (input.recordedAt) {
    metric.recordedAt = input.recordedAt;
  }
  if (Number.isInteger(input.step)) {
    metric.step = input.step;
  }
  return metric;
}

function toEvaluation(
  figures: RunFigures,
  versionId: string,
): EvaluationResult {
  const tool = TOOL_BY_GROUP[figures.group];
  const metrics: Metric[] = [];
  for (const [path, input] of figures.numbers) {
    if (figures.group === 'lm_eval' && path.endsWith('.stderr')) {
      const scorePath = path.slice(0, -'.stderr'.length);
      if (figures.numbers.has(scorePath)) {
        continue; // paired with its score below
      }
    }
    const metric: Metric = {
      ...metricOf(input),
      name: path,
      source: tool,
    };
    if (figures.dataset) {
      metric.dataset = figures.dataset;
    }
    if (figures.group === 'lm_eval') {
      describeLmEval(metric, path, figures);
    } else if (figures.group === 'guidellm') {
      describeGuideLlm(metric, path);
    }
    const lower = figures.lowerIsBetter.get(path);
    if (lower !== undefined) {
      metric.higherIsBetter = !lower;
    }
    metrics.push(metric);
  }
  const evaluation: EvaluationResult = {
    id: `${versionId}:${figures.group}@${figures.run}`,
    name: figures.run === DEFAULT_RUN ? tool : `${tool} (${figures.run})`,
    kind: tool,
    run: figures.run,
    metrics,
  };
  // Only fields that were written: absent stays absent in the JSON answer.
  const optional = {
    dataset: figures.dataset,
    passed: figures.passed,
    policy: figures.policy,
    toolVersion: figures.toolVersion,
    reportUrl: figures.reportUrl,
    evaluatedAt: figures.evaluatedAt,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) {
      (evaluation as Record<string, unknown>)[key] = value;
    }
  }
  return evaluation;
}

/** `<task>.<metric>`: the task, its standard error, higher is better unless flagged. */
function describeLmEval(metric: Metric, path: string, figures: RunFigures) {
  const dot = path.indexOf('.');
  if (dot <= 0) {
    return;
  }
  metric.task = path.slice(0, dot);
  const stderr = figures.numbers.get(`${path}.stderr`);
  if (stderr) {
    metric.stderr = stderr.value;
  }
  metric.higherIsBetter = true;
}

/** `[<level>.]<measure>.<stat>`: a readable name, the load level, unit and direction. */
function describeGuideLlm(metric: Metric, path: string) {
  const parts = path.split('.');
  const shaped = parts.length === 2 || parts.length === 3;
  const level = parts.length === 3 ? parts[0] : undefined;
  const [measureKey, stat] = shaped ? parts.slice(-2) : [];
  const measure = measureKey ? GUIDELLM_MEASURES[measureKey] : undefined;
  if (!measure) {
    const unit =
      unitFromSuffix(parts[parts.length - 1]) ??
      (parts.length > 1 ? unitFromSuffix(parts[parts.length - 2]) : undefined);
    if (unit) {
      metric.unit = unit;
    }
    return;
  }
  metric.unit = measure.unit;
  metric.higherIsBetter = measure.higherIsBetter;
  if (level) {
    metric.loadLevel = loadLevelOf(level);
  }
  metric.name = `${measure.label} ${stat}${
    level ? ` at ${loadLevelOf(level)}` : ''
  }`;
}

/** Units of measures the contract does not list yet, from their names. */
function unitFromSuffix(name: string): string | undefined {
  if (name.endsWith('_per_s')) {
    return name.startsWith('request') ? 'req/s' : 'tokens/s';
  }
  if (name.endsWith('_ms')) {
    return 'ms';
  }
  if (name.endsWith('_s')) {
    return 's';
  }
  return undefined;
}
