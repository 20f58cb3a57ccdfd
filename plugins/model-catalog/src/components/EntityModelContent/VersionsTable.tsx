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
import { Table, type TableColumn } from '@backstage/core-components';
import { Box, Chip, TextField } from '@material-ui/core';
import {
  modelVersionStateSchema,
  type ModelVersion,
} from '@ai-golden-path/plugin-model-catalog-common';
import { formatTime, latestEvaluation } from '../../lib/model';
import { EvaluationStatus } from '../shared';

const ALL = '';

type Row = ModelVersion & { createdTime: number };

const columns: TableColumn<Row>[] = [
  {
    title: 'Version',
    field: 'name',
    highlight: true,
    // Numbers inside names compare as numbers: MLflow's 10 comes after 9, v10 after v9.
    customSort: (a, b) =>
      a.name.localeCompare(b.name, undefined, { numeric: true }),
  },
  { title: 'State', field: 'state' },
  {
    title: 'Labels',
    field: 'labels',
    sorting: false,
    render: row => (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {row.labels.map(label => (
          <Chip key={label} size="small" label={label} />
        ))}
      </Box>
    ),
    customFilterAndSearch: (term: string, row) =>
      row.labels.some(l =>
        l.toLocaleLowerCase().includes(term.toLocaleLowerCase()),
      ),
  },
  {
    title: 'Created',
    field: 'createdTime',
    defaultSort: 'desc',
    render: row => formatTime(row.createdAt),
  },
  { title: 'Author', field: 'author' },
  {
    title: 'Last evaluation',
    sorting: false,
    render: row => {
      const evaluation = latestEvaluation(row);
      return evaluation ? (
        <EvaluationStatus evaluation={evaluation} />
      ) : (
        'not evaluated'
      );
    },
  },
];

/**
 * All versions, sortable and paged by Backstage's table; state and label filters are plain
 * labelled selects above it, so they work with a keyboard and a screen reader.
 */
export function VersionsTable(props: {
  versions: ModelVersion[];
  onSelect: (version: ModelVersion) => void;
}) {
  const { versions, onSelect } = props;
  const stateId = useId();
  const labelId = useId();
  const [state, setState] = useState(ALL);
  const [label, setLabel] = useState(ALL);
  const labels = useMemo(
    () => [...new Set(versions.flatMap(v => v.labels))].sort(),
    [versions],
  );
  const rows: Row[] = useMemo(
    () =>
      versions
        .filter(v => state === ALL || v.state === state)
        .filter(v => label === ALL || v.labels.includes(label))
        .map(v => ({
          ...v,
          createdTime: v.createdAt ? Date.parse(v.createdAt) || 0 : 0,
        })),
    [versions, state, label],
  );

  return (
    <div role="region" aria-label="Model versions">
      <Box display="flex" style={{ gap: 16 }} mb={1}>
        <TextField
          id={stateId}
          select
          label="Filter by state"
          value={state}
          onChange={e => setState(e.target.value)}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 160 }}
        >
          <option value={ALL}>All states</option>
          {modelVersionStateSchema.options.map(s => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </TextField>
        <TextField
          id={labelId}
          select
          label="Filter by label"
          value={label}
          onChange={e => setLabel(e.target.value)}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 160 }}
        >
          <option value={ALL}>All labels</option>
          {labels.map(l => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </TextField>
      </Box>
      <Table<Row>
        title="Versions"
        columns={columns}
        data={rows}
        onRowClick={(_event, row) => row && onSelect(row)}
        options={{
          paging: rows.length > 10,
          pageSize: 10,
          pageSizeOptions: [10, 20, 50],
          search: true,
          padding: 'dense',
          // Draggable column headers wrap the sort buttons in another button (axe:
          // nested-interactive); reordering columns is not worth that.
          draggable: false,
        }}
        emptyContent={
          <Box p={2}>No version matches the chosen state and label.</Box>
        }
      />
    </div>
  );
}
