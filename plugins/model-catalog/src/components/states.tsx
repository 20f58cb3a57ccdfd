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
  CodeSnippet,
  EmptyState,
  WarningPanel,
} from '@backstage/core-components';
import {
  MODEL_NAME_ANNOTATION,
  MODEL_REGISTRY_ANNOTATION,
  type EntityModelResponse,
} from '@ai-golden-path/plugin-model-catalog-common';
import { formatTime } from '../lib/model';

// Built from the annotation constants so the snippet can never drift from what the code reads.
const ANNOTATION_SNIPPET = [
  'metadata:',
  '  annotations:',
  `    ${MODEL_NAME_ANNOTATION}: fraud-detector  # the registered model's name`,
  `    ${MODEL_REGISTRY_ANNOTATION}: default     # optional: a registry configured under modelCatalog.registries`,
].join('\n');

/** Shown when the entity names no model; tells the owner how to connect one. */
export function MissingModelAnnotation() {
  return (
    <EmptyState
      missing="field"
      title="No model is connected to this component"
      description={`Add the ${MODEL_NAME_ANNOTATION} annotation to the component's catalog-info.yaml with the name the model is registered under. Components created from the AI golden path have it already.`}
      action={
        <CodeSnippet
          language="yaml"
          text={ANNOTATION_SNIPPET}
          showCopyCodeButton
        />
      }
    />
  );
}

type SourceError = EntityModelResponse['errors'][number];

/** A source's name as configured: the API names it `registry:<name>` or `cluster:<name>`. */
export function sourceName(error: SourceError): string {
  return error.source.replace(/^(registry|cluster):/, '');
}

/** The clusters that could not be read: what they run is unknown, not absent. */
export function unreachableClusters(response: EntityModelResponse): string[] {
  return response.errors
    .filter(error => error.kind === 'cluster')
    .map(sourceName);
}

/**
 * Shown when there is no version to show: the registry knows the model but holds no version
 * yet, has no such model, or could not be read (then nothing is known, and saying "no
 * model" would send the owner to fix an annotation that is right).
 */
export function NoVersionsYet(props: { response: EntityModelResponse }) {
  const { response } = props;
  const registryError = response.errors.find(
    error => error.kind === 'registry',
  );
  if (registryError && !response.model) {
    return (
      <EmptyState
        missing="data"
        title="Versions unknown"
        description={`The registry ${sourceName(
          registryError,
        )} could not be read and no earlier answer is kept, so the versions of ${
          response.modelName
        } cannot be shown. They appear once the registry answers again.`}
      />
    );
  }
  return (
    <EmptyState
      missing="data"
      title="No versions yet"
      description={
        response.model
          ? `The model ${response.modelName} is registered in ${response.registry} but has no versions. Run the training pipeline, or register a version in the registry, and it appears here.`
          : `The registry ${response.registry} has no model named ${response.modelName}. Check the ${MODEL_NAME_ANNOTATION} annotation, or run the training pipeline that registers it.`
      }
    />
  );
}

/**
 * One panel per source that could not be read: what is shown from it is its last good
 * answer, so say since when it fails and how old the data is.
 */
export function SourceErrors(props: { response: EntityModelResponse }) {
  const { errors } = props.response;
  if (errors.length === 0) {
    return null;
  }
  return (
    <>
      {errors.map(error => (
        <WarningPanel
          key={`${error.kind}:${error.source}`}
          severity="warning"
          title={`${error.kind === 'registry' ? 'Registry' : 'Cluster'} ${sourceName(
            error,
          )} is unreachable: ${
            error.lastSuccessAt
              ? `showing data last read ${formatTime(error.lastSuccessAt)}`
              : 'its data is missing'
          }`}
          message={`Failing since ${formatTime(error.failingSince)}: ${error.message}`}
        />
      ))}
    </>
  );
}
