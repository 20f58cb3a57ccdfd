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
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Grid, TextField } from '@material-ui/core';
import type { EntityModelResponse } from '@ai-golden-path/plugin-model-catalog-common';
import { useEntityModel } from '../useEntityModel';
import {
  MissingModelAnnotation,
  NoVersionsYet,
  SourceErrors,
  unreachableClusters,
} from '../states';
import { findChampion, sortVersionsNewestFirst } from '../../lib/model';
import { VersionsTable } from './VersionsTable';
import { VersionDetail } from './VersionDetail';
import { CompareVersions } from './CompareVersions';
import { MetricChart } from './MetricChart';
import { DeploymentsTable } from './DeploymentsTable';

// Section titles are headings (h2) so people and browser tests can jump between them.
const heading = { component: 'h2', variant: 'h5' } as const;

function ModelTab(props: { response: EntityModelResponse }) {
  const { response } = props;
  const versions = sortVersionsNewestFirst(response.versions);
  const champion = findChampion(response);
  const selectId = useId();
  const [detailId, setDetailId] = useState(versions[0]?.id);
  const detail = versions.find(v => v.id === detailId) ?? versions[0];

  return (
    <Grid container spacing={3}>
      {response.errors.length > 0 && (
        <Grid item xs={12}>
          <SourceErrors response={response} />
        </Grid>
      )}
      {versions.length === 0 ? (
        <Grid item xs={12}>
          <NoVersionsYet response={response} />
        </Grid>
      ) : (
        <>
          <Grid item xs={12}>
            <VersionsTable
              versions={versions}
              onSelect={v => setDetailId(v.id)}
            />
          </Grid>
          <Grid item xs={12}>
            <InfoCard
              title="Version details"
              titleTypographyProps={heading}
              action={
                <TextField
                  id={selectId}
                  select
                  label="Version to show"
                  value={detail.id}
                  onChange={e => setDetailId(e.target.value)}
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                  style={{ minWidth: 180, marginTop: 8 }}
                >
                  {versions.map(v => (
                    <option key={v.id} value={v.id}>
                      {v.name}
                    </option>
                  ))}
                </TextField>
              }
            >
              <VersionDetail version={detail} />
            </InfoCard>
          </Grid>
          <Grid item xs={12} lg={6}>
            <InfoCard title="Compare versions" titleTypographyProps={heading}>
              <CompareVersions
                versions={versions}
                defaultA={
                  champion && champion !== versions[0] ? champion : versions[1]
                }
                defaultB={versions[0]}
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12} lg={6}>
            <InfoCard
              title="Metrics across versions"
              titleTypographyProps={heading}
            >
              <MetricChart versions={versions} />
            </InfoCard>
          </Grid>
        </>
      )}
      <Grid item xs={12}>
        <InfoCard title="Deployments" titleTypographyProps={heading}>
          <DeploymentsTable
            deployments={response.deployments}
            unreachable={unreachableClusters(response)}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * The "Models" tab of a component: every version with its metrics and evaluation runs,
 * a comparison of two versions, a chart across versions and where the model is deployed.
 *
 * @public
 */
export function EntityModelContent() {
  const { reference, loading, error, value } = useEntityModel();
  if (!reference) {
    return <MissingModelAnnotation />;
  }
  if (loading && !value) {
    return <Progress aria-label="Loading the model" />;
  }
  if (error) {
    return (
      <ResponseErrorPanel error={error} title="Could not load the model" />
    );
  }
  if (!value) {
    return null;
  }
  return <ModelTab response={value} />;
}
