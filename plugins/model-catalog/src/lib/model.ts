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
  Deployment,
  EntityModelResponse,
  EvaluationResult,
  Metric,
  ModelVersion,
} from '@ai-golden-path/plugin-model-catalog-common';
import {
  isChampionLabel,
  sortVersionsNewestFirst,
  versionMatches,
} from '@ai-golden-path/plugin-model-catalog-common';

// The ordering and the champion rule live in the common package: the backend applies them
// when it answers with only the latest versions.
export { isChampionLabel, sortVersionsNewestFirst, versionMatches };

/*
 * Pure helpers that turn an EntityModelResponse into what the card and the tab show. Kept
 * apart from React so the rules (which version is the champion, how a delta is judged) are
 * in one place and read the same on the card and in the tab.
 */

function time(value?: string): number {
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? -Infinity : parsed;
}

/** Environments whose deployed version counts as the champion when nothing is labelled. */
const PRODUCTION_ENVIRONMENTS = ['prod', 'production', 'live'];

/** The version deployed in each environment, from the clusters' workloads. */
export function liveVersionsByEnvironment(
  response: EntityModelResponse,
): Array<{
  environment: string;
  version?: ModelVersion;
  versionRef?: string;
  deployments: Deployment[];
}> {
  const byEnvironment = new Map<string, Deployment[]>();
  for (const deployment of response.deployments) {
    const list = byEnvironment.get(deployment.environment) ?? [];
    list.push(deployment);
    byEnvironment.set(deployment.environment, list);
  }
  return [...byEnvironment.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([environment, deployments]) => {
      // Prefer a ready workload's version: during a rollout the new one may not serve yet.
      const serving =
        deployments.find(d => d.ready && d.modelVersion) ??
        deployments.find(d => d.modelVersion);
      const versionRef = serving?.modelVersion;
      return {
        environment,
        versionRef,
        version: response.versions.find(v => versionMatches(v, versionRef)),
        deployments,
      };
    });
}

/**
 * The version new ones are measured against: the one labelled champion (or the MLflow
 * `Production` stage), else the one serving a production environment. A version serving
 * only dev or staging is not a champion: deltas against it would mislead.
 */
export function findChampion(
  response: EntityModelResponse,
): ModelVersion | undefined {
  const labelled = sortVersionsNewestFirst(response.versions).find(v =>
    v.labels.some(isChampionLabel),
  );
  if (labelled) {
    return labelled;
  }
  return liveVersionsByEnvironment(response).find(
    l =>
      l.version &&
      PRODUCTION_ENVIRONMENTS.includes(
        l.environment.toLocaleLowerCase('en-US'),
      ),
  )?.version;
}

/** What a figure is, independent of its value: used to pair figures across versions. */
export function metricKey(metric: Metric, run?: string): string {
  return [
    run ?? '',
    metric.source ?? '',
    metric.task ?? '',
    metric.loadLevel ?? '',
    metric.name,
    metric.dataset ?? '',
  ].join('\u0000');
}

/** A human name for a figure: task and load level first, the run last. */
export function metricLabel(metric: Metric, run?: string): string {
  const parts = [metric.task, metric.loadLevel, metric.name].filter(Boolean);
  let label = parts.join(' · ');
  if (metric.unit) {
    label += ` (${metric.unit})`;
  }
  const context = [
    run && `run ${run}`,
    metric.dataset && `on ${metric.dataset}`,
  ]
    .filter(Boolean)
    .join(', ');
  return context ? `${label} [${context}]` : label;
}

export type LabelledMetric = { key: string; label: string; metric: Metric };

function sameFigure(a: Metric, b: Metric): boolean {
  return (
    a.name === b.name &&
    a.task === b.task &&
    a.loadLevel === b.loadLevel &&
    a.value === b.value
  );
}

/**
 * An evaluation's figures with their dataset filled in: from the figure, else from the
 * evaluation, else from the same figure among the version's own metrics (some sources record
 * the dataset only there). Without this the same number would show twice, once per dataset.
 */
export function evaluationFigures(
  version: ModelVersion,
  evaluation: ModelVersion['evaluations'][number],
): Metric[] {
  return evaluation.metrics.map(metric => ({
    ...metric,
    dataset:
      metric.dataset ??
      evaluation.dataset ??
      version.metrics.find(own => sameFigure(own, metric))?.dataset,
  }));
}

/** The dataset an evaluation ran on, as recorded or as all its figures agree. */
export function evaluationDataset(
  version: ModelVersion,
  evaluation: ModelVersion['evaluations'][number],
): string | undefined {
  if (evaluation.dataset) {
    return evaluation.dataset;
  }
  const datasets = new Set(
    evaluationFigures(version, evaluation).map(m => m.dataset),
  );
  return datasets.size === 1 ? [...datasets][0] : undefined;
}

/** Whether an own metric of the version is also a figure of one of its evaluations. */
function isEvaluationFigure(version: ModelVersion, metric: Metric): boolean {
  return version.evaluations.some(evaluation =>
    evaluationFigures(version, evaluation).some(
      figure =>
        sameFigure(figure, metric) &&
        (figure.dataset ?? '') === (metric.dataset ?? ''),
    ),
  );
}

/**
 * Every figure of a version once: evaluation figures carry their run, the version's own
 * metrics are added unless an evaluation already holds the same figure (registries list
 * evaluation figures in both places).
 */
export function allMetrics(version: ModelVersion): LabelledMetric[] {
  const result = new Map<string, LabelledMetric>();
  for (const evaluation of version.evaluations) {
    for (const metric of evaluationFigures(version, evaluation)) {
      const key = metricKey(metric, evaluation.run);
      result.set(key, {
        key,
        label: metricLabel(metric, evaluation.run),
        metric,
      });
    }
  }
  for (const metric of ownMetrics(version)) {
    const key = metricKey(metric);
    if (!result.has(key)) {
      result.set(key, { key, label: metricLabel(metric), metric });
    }
  }
  return [...result.values()];
}

/** The version's own metrics, without the ones that belong to an evaluation run. */
export function ownMetrics(version: ModelVersion): Metric[] {
  return version.metrics.filter(m => !isEvaluationFigure(version, m));
}

/** The figures the card shows for a version: a few, preferring plain scores. */
export function headlineMetrics(
  version: ModelVersion,
  count = 4,
): LabelledMetric[] {
  const all = allMetrics(version);
  const plain = all.filter(m => !m.metric.loadLevel && !m.metric.task);
  return [...plain, ...all.filter(m => !plain.includes(m))].slice(0, count);
}

export type Movement = {
  delta: number;
  /** `better`/`worse` when the figure says which way is good, else `unknown`. */
  judgement: 'better' | 'worse' | 'same' | 'unknown';
};

export function compareValues(
  metric: Metric,
  from: number,
  to: number,
): Movement {
  const delta = to - from;
  if (Math.abs(delta) < 1e-12) {
    return { delta: 0, judgement: 'same' };
  }
  const higherIsBetter = metricDirection(metric);
  if (higherIsBetter === undefined) {
    return { delta, judgement: 'unknown' };
  }
  const better = higherIsBetter ? delta > 0 : delta < 0;
  return { delta, judgement: better ? 'better' : 'worse' };
}

/** Names of figures that are better higher, whatever reported them (last name segment). */
const HIGHER_IS_BETTER =
  /^(acc|accuracy|acc_norm|balanced_accuracy|f1|f1_score|macro_f1|micro_f1|weighted_f1|precision|recall|auc|roc_auc|pr_auc|average_precision|r2|exact_match|em|bleu|rouge\w*|mcc|map|ndcg)$/;
/** Names of figures that are better lower. */
const LOWER_IS_BETTER =
  /^(loss|\w+_loss|log_?loss|error|error_rate|\w+_error|mse|rmse|mae|mape|perplexity|word_perplexity|byte_perplexity|bits_per_byte)$/;

/**
 * Whether a higher value is better: as reported, else known from the figure's name
 * (`accuracy`, `arc_easy.acc`, `val_loss`...), else unknown. Pipelines that report to the
 * built-in store or MLflow rarely say it, and a card that cannot tell better from worse for
 * plain accuracy is of little use.
 */
export function metricDirection(metric: Metric): boolean | undefined {
  if (metric.higherIsBetter !== undefined) {
    return metric.higherIsBetter;
  }
  const name =
    metric.name
      .toLocaleLowerCase('en-US')
      .split(/[.@/:]/)
      .pop()
      ?.replace(/,none$/, '') ?? '';
  if (HIGHER_IS_BETTER.test(name)) {
    return true;
  }
  if (LOWER_IS_BETTER.test(name)) {
    return false;
  }
  return undefined;
}

/** The same figure on another version, or undefined. */
export function findCounterpart(
  other: ModelVersion,
  key: string,
): Metric | undefined {
  return allMetrics(other).find(m => m.key === key)?.metric;
}

export type EvaluationTool = 'lm-eval' | 'guidellm' | 'classic';

export function evaluationTool(evaluation: EvaluationResult): EvaluationTool {
  const name = `${evaluation.kind ?? ''} ${evaluation.name}`.toLocaleLowerCase(
    'en-US',
  );
  if (
    name.includes('guidellm') ||
    evaluation.metrics.some(m => m.loadLevel !== undefined)
  ) {
    return 'guidellm';
  }
  if (
    /lm[-_]?eval/.test(name) ||
    evaluation.metrics.some(m => m.task !== undefined)
  ) {
    return 'lm-eval';
  }
  return 'classic';
}

/** The newest evaluation of a version, by when it ran. */
export function latestEvaluation(
  version: ModelVersion,
): EvaluationResult | undefined {
  return [...version.evaluations].sort(
    (a, b) => time(b.evaluatedAt) - time(a.evaluatedAt),
  )[0];
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) {
    return value.toLocaleString('en-US');
  }
  // Four significant digits: enough to tell versions apart, short enough for a card.
  return String(Number(value.toPrecision(4)));
}

export function formatDelta(delta: number): string {
  let sign = '±';
  if (delta > 0) {
    sign = '+';
  } else if (delta < 0) {
    sign = '−';
  }
  return `${sign}${formatNumber(Math.abs(delta))}`;
}

/** Times as UTC, the same for every viewer and in tests. */
export function formatTime(value?: string): string {
  if (!value) {
    return '—';
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) {
    return value;
  }
  return `${new Date(parsed).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Only http(s) links are rendered as links: registry values are not trusted markup. */
export function safeHttpUrl(value?: string): string | undefined {
  if (!value) {
    return undefined;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? url.toString()
      : undefined;
  } catch {
    return undefined;
  }
}

/** `url:https://…` source-location annotation to a link. */
export function sourceLocationUrl(annotation?: string): string | undefined {
  if (!annotation) {
    return undefined;
  }
  const match = /^url:(.*)$/.exec(annotation.trim());
  return safeHttpUrl(match ? match[1] : undefined);
}
