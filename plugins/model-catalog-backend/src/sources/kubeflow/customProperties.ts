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
import { KubeflowCustomProperties } from './types';

/**
 * How a Kubeflow model version's typed custom properties become metrics, labels and
 * evaluation results. The registry has no metric type of its own on a version, so the
 * golden path's pipelines write:
 *
 * - numeric properties (double, int): metrics, e.g. `accuracy`, `lm_eval.arc_easy.acc`;
 * - a string property with an empty value: a label (this is how the OpenShift AI dashboard
 *   stores labels), e.g. `champion`;
 * - `<group>.dataset` (string) and `<group>.passed` (bool) next to metrics named
 *   `<group>.<...>` (groups `lm_eval`, `guidellm`, `eval`): one evaluation result per group;
 * - `source_commit` / `git_commit`, `pipeline_run` / `pipeline_run_id`, `artifact_uri`:
 *   provenance fields;
 * - anything else (string, bool, struct, proto): shown as text properties.
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

const EVALUATION_GROUPS = new Set(['lm_eval', 'guidellm', 'eval']);
const SOURCE_BY_GROUP: Record<string, string> = {
  lm_eval: 'lm-eval',
  guidellm: 'guidellm',
};

export function mapCustomProperties(
  customProperties: KubeflowCustomProperties | undefined,
  versionId: string,
): MappedProperties {
  const result: MappedProperties = {
    metrics: [],
    labels: [],
    evaluations: [],
    properties: {},
  };
  const groups = new Map<
    string,
    { metrics: Metric[]; dataset?: string; passed?: boolean }
  >();
  const groupOf = (key: string) => {
    const group = key.split('.')[0];
    if (!EVALUATION_GROUPS.has(group) || !key.includes('.')) {
      return undefined;
    }
    let entry = groups.get(group);
    if (!entry) {
      entry = { metrics: [] };
      groups.set(group, entry);
    }
    return entry;
  };

  for (const [key, value] of Object.entries(customProperties ?? {})) {
    if (key.startsWith('_')) {
      // Dashboard bookkeeping such as `_lastModified`.
      continue;
    }
    switch (value.metadataType) {
      case 'MetadataDoubleValue':
      case 'MetadataIntValue': {
        const number =
          value.metadataType === 'MetadataDoubleValue'
            ? value.double_value
            : Number(value.int_value);
        if (!Number.isFinite(number)) {
          result.properties[key] = String(
            value.metadataType === 'MetadataDoubleValue'
              ? value.double_value
              : value.int_value,
          );
          break;
        }
        const group = groupOf(key);
        const metric: Metric = {
          name: key,
          value: number,
          source: group ? SOURCE_BY_GROUP[key.split('.')[0]] : undefined,
        };
        if (group) {
          group.metrics.push(metric);
        } else {
          result.metrics.push(metric);
        }
        break;
      }
      case 'MetadataStringValue': {
        const text = value.string_value;
        const group = groupOf(key);
        if (group && key.endsWith('.dataset')) {
          group.dataset = text;
        } else if (text === '') {
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
        break;
      }
      case 'MetadataBoolValue': {
        const group = groupOf(key);
        if (group && key.endsWith('.passed')) {
          group.passed = value.bool_value;
        } else {
          result.properties[key] = String(value.bool_value);
        }
        break;
      }
      case 'MetadataStructValue':
        result.properties[key] =
          `struct (${value.struct_value.length} base64 characters)`;
        break;
      case 'MetadataProtoValue':
        result.properties[key] = `proto ${value.type}`;
        break;
      default:
        // A metadata type newer than this plugin: keep the key visible.
        result.properties[key] = 'unsupported property type';
    }
  }

  for (const [group, entry] of groups) {
    const dataset = entry.dataset;
    const metrics = entry.metrics.map(metric => ({ ...metric, dataset }));
    result.metrics.push(...metrics);
    result.evaluations.push({
      id: `${versionId}:${group}`,
      name: SOURCE_BY_GROUP[group] ?? group,
      kind: SOURCE_BY_GROUP[group] ?? group,
      dataset,
      passed: entry.passed,
      metrics,
    });
  }
  result.labels.sort();
  return result;
}
