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

/** Shown when the registry knows the model but holds no version of it yet. */
export function NoVersionsYet(props: { response: EntityModelResponse }) {
  const { response } = props;
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
          title={`${error.kind === 'registry' ? 'Registry' : 'Cluster'} ${error.source} is unreachable: ${
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
