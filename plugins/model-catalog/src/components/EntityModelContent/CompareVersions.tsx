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

import { useId, useState } from 'react';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import type { ModelVersion } from '@ai-golden-path/plugin-model-catalog-common';
import { allMetrics, formatNumber, type LabelledMetric } from '../../lib/model';
import { MetricDelta } from '../shared';

function VersionSelect(props: {
  label: string;
  value: string;
  versions: ModelVersion[];
  onChange: (id: string) => void;
}) {
  const id = useId();
  return (
    <TextField
      id={id}
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 180 }}
    >
      {props.versions.map(v => (
        <option key={v.id} value={v.id}>
          {`${v.name}${v.labels.length ? ` (${v.labels.join(', ')})` : ''}`}
        </option>
      ))}
    </TextField>
  );
}

/**
 * Two versions side by side: every figure either has, with B − A judged by the figure's
 * direction. Figures pair up only when name, task, load level, run and dataset all match.
 */
export function CompareVersions(props: {
  versions: ModelVersion[];
  defaultA?: ModelVersion;
  defaultB?: ModelVersion;
}) {
  const { versions } = props;
  const [aId, setAId] = useState(props.defaultA?.id ?? versions[1]?.id ?? '');
  const [bId, setBId] = useState(props.defaultB?.id ?? versions[0]?.id ?? '');
  const a = versions.find(v => v.id === aId);
  const b = versions.find(v => v.id === bId);
  if (versions.length < 2) {
    // A select would show a version it has not chosen, against an empty column.
    return (
      <Typography variant="body2">
        Only one version so far: nothing to compare yet.
      </Typography>
    );
  }

  const rows = new Map<
    string,
    { label: string; a?: LabelledMetric; b?: LabelledMetric }
  >();
  for (const m of a ? allMetrics(a) : []) {
    rows.set(m.key, { label: m.label, a: m });
  }
  for (const m of b ? allMetrics(b) : []) {
    rows.set(m.key, { ...(rows.get(m.key) ?? { label: m.label }), b: m });
  }

  return (
    <Box>
      <Box display="flex" style={{ gap: 16 }} mb={2}>
        <VersionSelect
          label="Version A"
          value={aId}
          versions={versions}
          onChange={setAId}
        />
        <VersionSelect
          label="Version B"
          value={bId}
          versions={versions}
          onChange={setBId}
        />
      </Box>
      {rows.size === 0 ? (
        <Typography variant="body2">
          Neither version has metrics to compare.
        </Typography>
      ) : (
        <Box style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Version comparison">
            <TableHead>
              <TableRow>
                <TableCell>Metric</TableCell>
                <TableCell align="right">A: version {a?.name}</TableCell>
                <TableCell align="right">B: version {b?.name}</TableCell>
                <TableCell align="right">Delta (B − A)</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {[...rows.entries()].map(([key, row]) => {
                const metric = (row.b ?? row.a)!.metric;
                return (
                  <TableRow key={key}>
                    <TableCell component="th" scope="row">
                      {row.label}
                    </TableCell>
                    <TableCell align="right">
                      {row.a ? formatNumber(row.a.metric.value) : '—'}
                    </TableCell>
                    <TableCell align="right">
                      {row.b ? formatNumber(row.b.metric.value) : '—'}
                    </TableCell>
                    <TableCell align="right">
                      {row.b ? (
                        <MetricDelta
                          metric={metric}
                          from={row.a?.metric.value}
                          to={row.b.metric.value}
                        />
                      ) : (
                        '—'
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
