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
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ANNOTATION_SOURCE_LOCATION } from '@backstage/catalog-model';
import {
  MODEL_LIFECYCLE_STAGE_ANNOTATION,
  type EntityModelResponse,
} from '@ai-golden-path/plugin-model-catalog-common';
import { useEntityModel } from '../useEntityModel';
import {
  MissingModelAnnotation,
  NoVersionsYet,
  SourceErrors,
  unreachableClusters,
} from '../states';
import { EvaluationStatus, MetricDelta } from '../shared';
import {
  findChampion,
  findCounterpart,
  formatNumber,
  formatTime,
  headlineMetrics,
  latestEvaluation,
  liveVersionsByEnvironment,
  safeHttpUrl,
  sortVersionsNewestFirst,
  sourceLocationUrl,
} from '../../lib/model';

const TITLE = 'Model';
/**
 * The card shows the newest version, the champion and what runs where: the backend sends
 * those and leaves the rest of a long history (hundreds of versions) to the Model tab.
 */
const CARD_OPTIONS = { latestVersions: 1 };

function CardBody(props: {
  response: EntityModelResponse;
  repositoryUrl?: string;
  lifecycleStage?: string;
}) {
  const { response, repositoryUrl, lifecycleStage } = props;
  const versions = sortVersionsNewestFirst(response.versions);
  const newest = versions[0];
  const champion = findChampion(response);
  const live = liveVersionsByEnvironment(response);
  const unreachable = unreachableClusters(response);
  const registryUrl = safeHttpUrl(response.model?.url);
  const pipelineUrl = safeHttpUrl(newest?.pipelineRun);
  const evaluation = newest ? latestEvaluation(newest) : undefined;
  const headline = newest ? headlineMetrics(newest) : [];

  return (
    <>
      <SourceErrors response={response} />
      <Box mb={2}>
        <Typography variant="subtitle2" component="h3">
          Registered model
        </Typography>
        <Typography variant="body1">
          {registryUrl ? (
            <Link to={registryUrl}>{response.modelName}</Link>
          ) : (
            response.modelName
          )}{' '}
          <Typography component="span" variant="body2" color="textSecondary">
            in registry {response.registry}
            {response.model ? ` (${response.model.sourceType})` : ''}
          </Typography>
        </Typography>
        {lifecycleStage && (
          <Chip
            size="small"
            label={`Lifecycle stage: ${lifecycleStage}`}
            style={{ marginTop: 4 }}
          />
        )}
      </Box>

      {!newest ? (
        <NoVersionsYet response={response} />
      ) : (
        <>
          <Box mb={2}>
            <Typography variant="subtitle2" component="h3">
              Champion and live versions
            </Typography>
            <List dense disablePadding aria-label="Champion and live versions">
              {champion && (
                <ListItem disableGutters>
                  <ListItemText
                    primary={`Champion: version ${champion.name}`}
                    secondary={champion.labels.join(', ') || undefined}
                  />
                </ListItem>
              )}
              {live.map(l => {
                const ready = l.deployments.filter(d => d.ready).length;
                return (
                  <ListItem disableGutters key={l.environment}>
                    <ListItemText
                      primary={`${l.environment}: ${
                        l.versionRef
                          ? `version ${l.versionRef}`
                          : 'version unknown'
                      }`}
                      secondary={`${ready} of ${l.deployments.length} workload${
                        l.deployments.length === 1 ? '' : 's'
                      } ready`}
                    />
                  </ListItem>
                );
              })}
              {!champion && live.length === 0 && (
                <ListItem disableGutters>
                  <ListItemText
                    primary={
                      unreachable.length > 0
                        ? `No champion labelled; deployments unknown (${unreachable.join(
                            ', ',
                          )} unreachable)`
                        : 'No champion labelled and no deployment found'
                    }
                  />
                </ListItem>
              )}
            </List>
          </Box>

          <Box mb={2}>
            <Typography variant="subtitle2" component="h3">
              Newest version: {newest.name}
            </Typography>
            {response.versionCount !== undefined &&
              response.versionCount > 1 && (
                <Typography variant="body2" color="textSecondary">
                  {response.versionCount.toLocaleString('en-US')} versions in
                  all
                </Typography>
              )}
            <Typography variant="body2" color="textSecondary">
              {newest.state}
              {newest.labels.length > 0 && ` · ${newest.labels.join(', ')}`} ·
              created {formatTime(newest.createdAt)}
            </Typography>
            {headline.length > 0 && (
              <Table size="small" aria-label="Headline metrics">
                <TableHead>
                  <TableRow>
                    <TableCell>Metric</TableCell>
                    <TableCell align="right">Value</TableCell>
                    <TableCell align="right">
                      {champion && champion !== newest
                        ? `vs champion ${champion.name}`
                        : 'vs champion'}
                    </TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {headline.map(({ key, label, metric }) => {
                    const reference =
                      champion && champion !== newest
                        ? findCounterpart(champion, key)
                        : undefined;
                    return (
                      <TableRow key={key}>
                        <TableCell component="th" scope="row">
                          {label}
                        </TableCell>
                        <TableCell align="right">
                          {formatNumber(metric.value)}
                        </TableCell>
                        <TableCell align="right">
                          {champion === newest ? (
                            'is champion'
                          ) : (
                            <MetricDelta
                              metric={metric}
                              from={reference?.value}
                              to={metric.value}
                            />
                          )}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
          </Box>

          <Box mb={2}>
            <Typography variant="subtitle2" component="h3">
              Last evaluation
            </Typography>
            {evaluation ? (
              <Typography variant="body2" component="div">
                <EvaluationStatus evaluation={evaluation} /> {evaluation.name}
                {evaluation.run && ` · run ${evaluation.run}`}
                {evaluation.dataset && ` · on ${evaluation.dataset}`}
                {evaluation.evaluatedAt &&
                  ` · ${formatTime(evaluation.evaluatedAt)}`}
              </Typography>
            ) : (
              <Typography variant="body2" color="textSecondary">
                Version {newest.name} has not been evaluated yet.
              </Typography>
            )}
          </Box>
        </>
      )}

      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {registryUrl && <Link to={registryUrl}>Open in registry</Link>}
        {pipelineUrl && <Link to={pipelineUrl}>Pipeline run</Link>}
        {repositoryUrl && <Link to={repositoryUrl}>Repository</Link>}
      </Box>
    </>
  );
}

/**
 * The model card for a component's overview: the registered model, the champion and what
 * runs where, the newest version's headline figures against the champion, the last
 * evaluation's verdict and links out.
 *
 * @public
 */
export function EntityModelCard() {
  const { entity, reference, loading, error, value } =
    useEntityModel(CARD_OPTIONS);
  const annotations = entity.metadata.annotations ?? {};
  const lifecycleStage = annotations[MODEL_LIFECYCLE_STAGE_ANNOTATION];
  const repositoryUrl = sourceLocationUrl(
    annotations[ANNOTATION_SOURCE_LOCATION],
  );

  let content;
  if (!reference) {
    content = <MissingModelAnnotation />;
  } else if (loading && !value) {
    content = <Progress aria-label="Loading the model" />;
  } else if (error) {
    content = (
      <ResponseErrorPanel error={error} title="Could not load the model" />
    );
  } else if (value) {
    content = (
      <CardBody
        response={value}
        repositoryUrl={repositoryUrl}
        lifecycleStage={lifecycleStage}
      />
    );
  }
  return (
    <InfoCard
      title={TITLE}
      subheader={reference ? reference.modelName : undefined}
      titleTypographyProps={{ component: 'h2', variant: 'h5' }}
    >
      {content}
    </InfoCard>
  );
}
