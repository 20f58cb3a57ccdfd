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

import { Link, StatusError, StatusOK } from '@backstage/core-components';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { Deployment } from '@ai-golden-path/plugin-model-catalog-common';
import { safeHttpUrl } from '../../lib/model';

/** Serving workloads per environment, with readiness and replicas as the cluster reports. */
export function DeploymentsTable(props: {
  deployments: Deployment[];
  /** Clusters that could not be read: what runs there is unknown. */
  unreachable?: string[];
}) {
  const unreachable = props.unreachable ?? [];
  const deployments = [...props.deployments].sort(
    (a, b) =>
      a.environment.localeCompare(b.environment) ||
      a.cluster.localeCompare(b.cluster) ||
      a.name.localeCompare(b.name),
  );
  if (deployments.length === 0) {
    return (
      <Typography variant="body2">
        {unreachable.length > 0
          ? `Deployments unknown: ${unreachable.join(', ')} could not be read.`
          : 'No serving workload of this model was found in the configured clusters.'}
      </Typography>
    );
  }
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Deployments">
        <TableHead>
          <TableRow>
            <TableCell>Environment</TableCell>
            <TableCell>Workload</TableCell>
            <TableCell>Cluster / namespace</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>Ready</TableCell>
            <TableCell align="right">Replicas ready</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {deployments.map(d => {
            const url = safeHttpUrl(d.url);
            return (
              <TableRow key={`${d.cluster}/${d.namespace}/${d.kind}/${d.name}`}>
                <TableCell component="th" scope="row">
                  {d.environment}
                </TableCell>
                <TableCell>
                  {url ? <Link to={url}>{d.name}</Link> : d.name} ({d.kind})
                </TableCell>
                <TableCell>
                  {d.cluster} / {d.namespace}
                </TableCell>
                <TableCell>{d.modelVersion ?? 'unknown'}</TableCell>
                <TableCell>
                  {d.ready ? (
                    <StatusOK>Ready</StatusOK>
                  ) : (
                    <StatusError>
                      Not ready{d.message ? `: ${d.message}` : ''}
                    </StatusError>
                  )}
                </TableCell>
                <TableCell align="right">
                  {d.replicas
                    ? `${d.replicas.ready} of ${d.replicas.desired}`
                    : '—'}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
