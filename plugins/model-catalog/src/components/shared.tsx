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
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core';
import type {
  EvaluationResult,
  Metric,
} from '@ai-golden-path/plugin-model-catalog-common';
import { compareValues, formatDelta } from '../lib/model';

// The themes' main green and red are too light for text on a light background (axe:
// color-contrast); their dark shades are not, and the light shades on a dark background.
const useStyles = makeStyles(theme => {
  const light = theme.palette.type !== 'dark';
  const shade = (color: { dark: string; light: string }) =>
    light ? color.dark : color.light;
  return {
    better: { color: shade(theme.palette.success ?? theme.palette.primary) },
    worse: { color: shade(theme.palette.error) },
    neutral: { color: theme.palette.text.secondary },
  };
});

/**
 * How a figure moved from a reference value: an arrow, the signed delta, and in words whether
 * that is better or worse (colour alone does not reach everyone).
 */
export function MetricDelta(props: {
  metric: Metric;
  from?: number;
  to: number;
}) {
  const classes = useStyles();
  const { metric, from, to } = props;
  if (from === undefined) {
    return <span className={classes.neutral}>—</span>;
  }
  const { delta, judgement } = compareValues(metric, from, to);
  if (judgement === 'same') {
    return <span className={classes.neutral}>= no change</span>;
  }
  const arrow = delta > 0 ? '▲' : '▼';
  const classNames = {
    better: classes.better,
    worse: classes.worse,
    unknown: classes.neutral,
  };
  const className = classNames[judgement];
  return (
    <span className={className}>
      <span aria-hidden="true">{arrow} </span>
      {formatDelta(delta)}
      {judgement !== 'unknown' && ` (${judgement})`}
    </span>
  );
}

/** Passed / failed under the named policy, or that no policy was applied. */
export function EvaluationStatus(props: { evaluation: EvaluationResult }) {
  const { evaluation } = props;
  const policy = evaluation.policy ? ` (${evaluation.policy})` : '';
  if (evaluation.passed === true) {
    return <StatusOK>Passed{policy}</StatusOK>;
  }
  if (evaluation.passed === false) {
    return <StatusError>Failed{policy}</StatusError>;
  }
  return <StatusPending>No policy applied{policy}</StatusPending>;
}
