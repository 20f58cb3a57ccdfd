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

import { useId, useMemo, useState } from 'react';
import { Box, TextField, Typography, useTheme } from '@material-ui/core';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ModelVersion } from '@ai-golden-path/plugin-model-catalog-common';
import { allMetrics, formatNumber, headlineMetrics } from '../../lib/model';

const MAX_SERIES = 5;

/**
 * Chosen figures across versions, oldest to newest. The chart is a picture; the same
 * numbers are in its text description for screen readers and in the comparison table.
 */
export function MetricChart(props: { versions: ModelVersion[] }) {
  const theme = useTheme();
  const descriptionId = useId();
  const selectId = useId();
  // Oldest first reads left to right as time.
  const chronological = useMemo(
    () => [...props.versions].reverse(),
    [props.versions],
  );
  const options = useMemo(() => {
    const byKey = new Map<string, string>();
    for (const version of chronological) {
      for (const m of allMetrics(version)) {
        byKey.set(m.key, m.label);
      }
    }
    return [...byKey.entries()].map(([key, label]) => ({ key, label }));
  }, [chronological]);
  const [selected, setSelected] = useState<string[]>(() => {
    const newest = props.versions[0];
    return newest ? headlineMetrics(newest, 1).map(m => m.key) : [];
  });

  const series = options.filter(o => selected.includes(o.key));
  const data = chronological.map(version => {
    const point: Record<string, string | number> = { version: version.name };
    for (const m of allMetrics(version)) {
      if (selected.includes(m.key)) {
        point[m.key] = m.metric.value;
      }
    }
    return point;
  });
  const description = series
    .map(s =>
      describeSeries(
        s.label,
        data
          .filter(p => p[s.key] !== undefined)
          .map(p => ({ version: String(p.version), value: Number(p[s.key]) })),
      ),
    )
    .join('. ');
  const colors = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.error.main,
    theme.palette.warning?.main ?? '#ed6c02',
    theme.palette.info?.main ?? '#0288d1',
  ];

  if (options.length === 0) {
    return (
      <Typography variant="body2">
        No version has metrics to chart yet.
      </Typography>
    );
  }
  return (
    <Box>
      <TextField
        id={selectId}
        select
        label="Metrics to chart"
        helperText={`Hold Ctrl or Shift to choose up to ${MAX_SERIES}`}
        value={selected}
        onChange={e => {
          const target = e.target as unknown as HTMLSelectElement;
          setSelected(
            Array.from(target.selectedOptions, o => o.value).slice(
              0,
              MAX_SERIES,
            ),
          );
        }}
        SelectProps={{ native: true, multiple: true }}
        InputLabelProps={{ shrink: true }}
        fullWidth
      >
        {options.map(o => (
          <option key={o.key} value={o.key}>
            {o.label}
          </option>
        ))}
      </TextField>
      <figure
        aria-label="Metrics across versions chart"
        aria-describedby={descriptionId}
        style={{ margin: 0, marginTop: 16 }}
      >
        <ResponsiveContainer
          width="100%"
          height={300}
          initialDimension={{ width: 600, height: 300 }}
        >
          <LineChart
            data={data}
            margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="version"
              label={{
                value: 'version',
                position: 'insideBottomRight',
                offset: -4,
              }}
            />
            <YAxis />
            <Tooltip formatter={(value: number) => formatNumber(value)} />
            <Legend />
            {series.map((s, i) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.label}
                stroke={colors[i % colors.length]}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        <figcaption id={descriptionId}>
          <Typography variant="caption" color="textSecondary">
            {series.length === 0 ? 'Choose a metric to chart.' : description}
          </Typography>
        </figcaption>
      </figure>
    </Box>
  );
}

/** Beyond this many points a series is described by its range, not point by point. */
const LISTED_POINTS = 12;

/**
 * The text a screen reader gets for one series: every point of a short history; for a long
 * one (hundreds of versions) where it started and ended and its extremes, not a wall of
 * numbers.
 */
function describeSeries(
  label: string,
  points: Array<{ version: string; value: number }>,
): string {
  const point = (p: { version: string; value: number }) =>
    `version ${p.version} ${formatNumber(p.value)}`;
  if (points.length <= LISTED_POINTS) {
    return `${label}: ${points.map(point).join(', ')}`;
  }
  const lowest = points.reduce((a, b) => (b.value < a.value ? b : a));
  const highest = points.reduce((a, b) => (b.value > a.value ? b : a));
  return `${label}: ${points.length} versions, from ${point(points[0])} to ${point(
    points[points.length - 1],
  )}; lowest ${point(lowest)}, highest ${point(highest)}`;
}
