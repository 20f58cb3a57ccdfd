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

/*
 * The parts of the Kubeflow Model Registry REST API (v1alpha3) that the catalog reads, as
 * specified in model-registry.yaml. Only what is used is typed.
 */

/** `MetadataValue`: a typed custom property, discriminated by `metadataType`. */
export type KubeflowMetadataValue =
  | { metadataType: 'MetadataIntValue'; int_value: string }
  | { metadataType: 'MetadataDoubleValue'; double_value: number }
  | { metadataType: 'MetadataStringValue'; string_value: string }
  | { metadataType: 'MetadataBoolValue'; bool_value: boolean }
  | { metadataType: 'MetadataStructValue'; struct_value: string }
  | { metadataType: 'MetadataProtoValue'; type: string; proto_value: string };

export type KubeflowCustomProperties = Record<string, KubeflowMetadataValue>;

export interface KubeflowRegisteredModel {
  id: string;
  name: string;
  description?: string;
  owner?: string;
  state?: 'LIVE' | 'ARCHIVED';
  createTimeSinceEpoch?: string;
  lastUpdateTimeSinceEpoch?: string;
  customProperties?: KubeflowCustomProperties;
}

export interface KubeflowModelVersion {
  id: string;
  name: string;
  registeredModelId: string;
  description?: string;
  author?: string;
  state?: 'LIVE' | 'ARCHIVED';
  createTimeSinceEpoch?: string;
  lastUpdateTimeSinceEpoch?: string;
  customProperties?: KubeflowCustomProperties;
}

export type KubeflowArtifactState =
  | 'UNKNOWN'
  | 'PENDING'
  | 'LIVE'
  | 'MARKED_FOR_DELETION'
  | 'DELETED'
  | 'ABANDONED'
  | 'REFERENCE';

/**
 * `Artifact` as `GET /model_versions/{id}/artifacts` lists it: one of model-artifact,
 * doc-artifact, dataset-artifact, metric or parameter, told apart by `artifactType`.
 */
export interface KubeflowArtifact {
  artifactType:
    | 'model-artifact'
    | 'doc-artifact'
    | 'dataset-artifact'
    | 'metric'
    | 'parameter';
  id?: string;
  name?: string;
  description?: string;
  state?: KubeflowArtifactState;
  createTimeSinceEpoch?: string;
  lastUpdateTimeSinceEpoch?: string;
  customProperties?: KubeflowCustomProperties;
  /** model-artifact, doc-artifact, dataset-artifact */
  uri?: string;
  /** metric */
  value?: number;
  /** metric: milliseconds since the epoch, as a string (int64) */
  timestamp?: string;
  /** metric */
  step?: number;
  /** model-artifact */
  modelFormatName?: string;
  modelFormatVersion?: string;
}

export interface KubeflowList<T> {
  items: T[];
  nextPageToken: string;
  pageSize: number;
  size: number;
}
