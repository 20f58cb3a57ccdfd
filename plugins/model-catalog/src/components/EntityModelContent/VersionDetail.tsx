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
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import type {
  EvaluationResult,
  Metric,
  ModelVersion,
} from '@ai-golden-path/plugin-model-catalog-common';
import {
  evaluationDataset,
  evaluationFigures,
  evaluationTool,
  formatNumber,
  formatTime,
  ownMetrics,
  safeHttpUrl,
  type EvaluationTool,
} from '../../lib/model';
import { EvaluationStatus } from '../shared';

type Column = { id: string; header: string; metrics: Metric[] };

const ROW_HEADERS: Record<EvaluationTool, string[]> = {
  classic: ['Metric'],
  'lm-eval': ['Task', 'Metric'],
  guidellm: ['Load level', 'Measure'],
};

function rowCells(tool: EvaluationTool, metric: Metric): string[] {
  switch (tool) {
    case 'lm-eval':
      return [metric.task ?? '—', metric.name];
    case 'guidellm':
      return [metric.loadLevel ?? '—', metric.name];
    default:
      return [metric.name];
  }
}

function formatValue(metric: Metric): string {
  let text = formatNumber(metric.value);
  if (metric.stderr !== undefined) {
    text += ` ± ${formatNumber(metric.stderr)}`;
  }
  if (metric.unit) {
    text += ` ${metric.unit}`;
  }
  return text;
}

function runHeader(evaluation: EvaluationResult, dataset?: string): string {
  return [
    `run ${evaluation.run ?? 'default'}`,
    dataset && `on ${dataset}`,
    evaluation.toolVersion,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * One table per tool with a column per run, so the ModelOps baseline and an engineer's
 * custom run of the same tool read side by side, each headed by its dataset.
 */
function MetricMatrix(props: {
  caption: string;
  tool: EvaluationTool;
  columns: Column[];
}) {
  const { caption, tool, columns } = props;
  const rows = new Map<string, Metric>();
  for (const column of columns) {
    for (const metric of column.metrics) {
      const key = rowCells(tool, metric).join('\u0000');
      if (!rows.has(key)) {
        rows.set(key, metric);
      }
    }
  }
  if (rows.size === 0) {
    return null;
  }
  return (
    <Box mb={3} style={{ overflowX: 'auto' }}>
      <Typography variant="subtitle1" component="h4">
        {caption}
      </Typography>
      <Table size="small" aria-label={caption}>
        <TableHead>
          <TableRow>
            {ROW_HEADERS[tool].map(h => (
              <TableCell key={h}>{h}</TableCell>
            ))}
            {columns.map(c => (
              <TableCell key={c.id} align="right">
                {c.header}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {[...rows.entries()].map(([key, sample]) => (
            <TableRow key={key}>
              {rowCells(tool, sample).map((cell, i) =>
                i === 0 ? (
                  <TableCell key={i} component="th" scope="row">
                    {cell}
                  </TableCell>
                ) : (
                  <TableCell key={i}>{cell}</TableCell>
                ),
              )}
              {columns.map(c => {
                const metric = c.metrics.find(
                  m => rowCells(tool, m).join('\u0000') === key,
                );
                return (
                  <TableCell key={c.id} align="right">
                    {metric ? formatValue(metric) : '—'}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

const TOOL_CAPTIONS: Record<EvaluationTool, string> = {
  classic: 'Evaluation metrics',
  'lm-eval': 'lm-eval task scores',
  guidellm: 'GuideLLM performance per load level',
};

/** Everything measured on one version: its own metrics, then each tool's runs. */
export function VersionDetail(props: { version: ModelVersion }) {
  const { version } = props;
  const own = ownMetrics(version);
  const byTool = new Map<EvaluationTool, EvaluationResult[]>();
  for (const evaluation of version.evaluations) {
    const tool = evaluationTool(evaluation);
    byTool.set(tool, [...(byTool.get(tool) ?? []), evaluation]);
  }
  const pipelineUrl = safeHttpUrl(version.pipelineRun);

  return (
    <Box>
      <Typography variant="body2" color="textSecondary" paragraph>
        {version.state}
        {version.labels.length > 0 && ` · ${version.labels.join(', ')}`} ·
        created {formatTime(version.createdAt)}
        {version.author && ` by ${version.author}`}
        {version.sourceCommit &&
          ` · commit ${version.sourceCommit.slice(0, 12)}`}
        {version.pipelineRun && (
          <>
            {' · '}
            {pipelineUrl ? (
              <Link to={pipelineUrl}>pipeline run</Link>
            ) : (
              `pipeline run ${version.pipelineRun}`
            )}
          </>
        )}
      </Typography>
      {version.description && (
        <Typography variant="body2" paragraph>
          {version.description}
        </Typography>
      )}
      <IntakeDecision version={version} />

      {own.length > 0 && (
        <MetricMatrix
          caption={`Metrics of version ${version.name}`}
          tool="classic"
          columns={[
            ...groupByDataset(own).map(([dataset, metrics]) => ({
              id: `own:${dataset}`,
              header: dataset ? `on ${dataset}` : 'value',
              metrics,
            })),
          ]}
        />
      )}

      {version.evaluations.length > 0 ? (
        <Box mb={3} style={{ overflowX: 'auto' }}>
          <Typography variant="subtitle1" component="h4">
            Evaluation runs
          </Typography>
          <Table size="small" aria-label="Evaluation runs">
            <TableHead>
              <TableRow>
                <TableCell>Evaluation</TableCell>
                <TableCell>Run</TableCell>
                <TableCell>Dataset</TableCell>
                <TableCell>Tool</TableCell>
                <TableCell>Evaluated</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell>Report</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {version.evaluations.map(evaluation => {
                const reportUrl = safeHttpUrl(evaluation.reportUrl);
                return (
                  <TableRow key={evaluation.id}>
                    <TableCell component="th" scope="row">
                      {evaluation.name}
                    </TableCell>
                    <TableCell>{evaluation.run ?? 'default'}</TableCell>
                    <TableCell>
                      {evaluationDataset(version, evaluation) ?? '—'}
                    </TableCell>
                    <TableCell>{evaluation.toolVersion ?? '—'}</TableCell>
                    <TableCell>{formatTime(evaluation.evaluatedAt)}</TableCell>
                    <TableCell>
                      <EvaluationStatus evaluation={evaluation} />
                    </TableCell>
                    <TableCell>
                      {reportUrl ? (
                        <Link to={reportUrl}>report</Link>
                      ) : (
                        (evaluation.reportUrl ?? '—')
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
      ) : (
        <Typography variant="body2" paragraph>
          Version {version.name} has no evaluation results yet.
        </Typography>
      )}

      {(['classic', 'lm-eval', 'guidellm'] as const).map(tool => {
        const evaluations = byTool.get(tool);
        if (!evaluations) {
          return null;
        }
        return (
          <MetricMatrix
            key={tool}
            caption={TOOL_CAPTIONS[tool]}
            tool={tool}
            columns={evaluations.map(e => {
              const header = runHeader(e, evaluationDataset(version, e));
              return {
                id: e.id,
                header: tool === 'classic' ? `${e.name} · ${header}` : header,
                metrics: evaluationFigures(version, e),
              };
            })}
          />
        );
      })}
    </Box>
  );
}

/**
 * The ModelOps intake's decision on the version (the `intake.*` properties the intake
 * pipeline writes), with the policy it was taken under and, when rejected, why.
 */
function IntakeDecision(props: { version: ModelVersion }) {
  const properties = props.version.properties;
  const state = properties['intake.state'];
  if (!state) {
    return null;
  }
  const policy = properties['intake.policy'];
  const reasons = (properties['intake.reasons'] ?? '')
    .split(';')
    .map(reason => reason.trim())
    .filter(Boolean);
  return (
    <Box mb={2} role="group" aria-label="Intake decision">
      <Typography variant="body2">
        <strong>Intake:</strong> {state}
        {policy && ` under ${policy}`}
      </Typography>
      {reasons.length > 0 && (
        <ul aria-label="Intake reasons">
          {reasons.map(reason => (
            <li key={reason}>
              <Typography variant="body2">{reason}</Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

function groupByDataset(metrics: Metric[]): Array<[string, Metric[]]> {
  const groups = new Map<string, Metric[]>();
  for (const metric of metrics) {
    const dataset = metric.dataset ?? '';
    groups.set(dataset, [...(groups.get(dataset) ?? []), metric]);
  }
  return [...groups.entries()];
}
