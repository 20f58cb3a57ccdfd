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
 * The parts of MLflow's REST API (model_registry.proto, service.proto) that the catalog
 * reads, in MLflow's JSON form: proto field names kept, int64 as numbers or strings.
 */

type Int64 = number | string;

export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp?: Int64;
  last_updated_timestamp?: Int64;
  user_id?: string;
  description?: string;
  tags?: Array<{ key: string; value?: string }>;
  aliases?: Array<{ alias: string; version: string }>;
}

export interface MlflowModelMetric {
  key: string;
  value?: number;
  timestamp?: Int64;
  step?: Int64;
  dataset_name?: string;
  dataset_digest?: string;
  run_id?: string;
}

export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp?: Int64;
  last_updated_timestamp?: Int64;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  status_message?: string;
  tags?: Array<{ key: string; value?: string }>;
  run_link?: string;
  aliases?: string[];
  model_metrics?: MlflowModelMetric[];
}

export interface MlflowRun {
  info?: { run_id?: string; user_id?: string; status?: string };
  data?: {
    metrics?: Array<{
      key: string;
      value?: number;
      timestamp?: Int64;
      step?: Int64;
    }>;
    tags?: Array<{ key: string; value?: string }>;
  };
}
