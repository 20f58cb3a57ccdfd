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

export interface Config {
  /** The model catalog backend plugin (`@ai-golden-path/plugin-model-catalog-backend`). */
  modelCatalog?: {
    /**
     * Where models come from. Entities name one by its `name` in the
     * `ai-golden-path.io/model-registry` annotation (default: `default`).
     * When the list is absent, one built-in store named `default` is used.
     */
    registries?: Array<
      | {
          /** The name entities use in their annotation. */
          name: string;
          /** The built-in store in Backstage's own database, filled through `POST /ingest`. */
          type: 'store';
        }
      | {
          name: string;
          /** OpenShift AI / Kubeflow Model Registry REST API (v1alpha3). */
          type: 'kubeflow';
          /** Base URL, e.g. https://registry-rest.apps.example.com (the API path is appended). */
          baseUrl: string;
          /**
           * Bearer token sent to the registry.
           * @visibility secret
           */
          token?: string;
          /**
           * Extra PEM certificate authority to trust, besides Node's default ones. TLS
           * verification cannot be turned off, and a token is never sent over plain HTTP
           * except to this host.
           */
          caData?: string;
          /** Link to the model in the registry's UI; `{id}` and `{name}` are replaced. */
          modelUrlTemplate?: string;
        }
      | {
          name: string;
          /** MLflow's model registry REST API (`/api/2.0/mlflow/...`). */
          type: 'mlflow';
          baseUrl: string;
          /**
           * Bearer token sent to MLflow.
           * @visibility secret
           */
          token?: string;
          /** As for kubeflow: an extra PEM certificate authority to trust. */
          caData?: string;
          modelUrlTemplate?: string;
        }
    >;
    /**
     * Clusters whose serving Deployments and KServe InferenceServices show where each model
     * version runs.
     */
    clusters?: Array<{
      /** Name shown with each deployment. */
      name: string;
      /** Environment this cluster serves (dev, stage, prod); defaults to `name`. */
      environment?: string;
      /** The Kubernetes API server URL. */
      url: string;
      /**
       * Service account token with `list` on deployments and inferenceservices.
       * @visibility secret
       */
      token?: string;
      /** PEM certificate authority of the API server; TLS verification is always on. */
      caData?: string;
      /** Only look in these namespaces (default: all the token may list). */
      namespaces?: string[];
    }>;
    /** Labels that tie serving workloads to a model. */
    deploymentLabels?: {
      /** Label whose value is the model name (default `app.kubernetes.io/name`). */
      modelName?: string;
      /** Label whose value is the model version (default `ai-golden-path.io/model-version`). */
      modelVersion?: string;
      /** Label that overrides the cluster's environment (default `ai-golden-path.io/environment`). */
      environment?: string;
    };
    /** How long registry and cluster reads are cached, in seconds (default 60). */
    cacheTtlSeconds?: number;
    /**
     * Memory each replica may use to keep finished answers (JSON and gzip) between requests,
     * in megabytes (default 64; 0 keeps none). A kept answer is used only while the cache
     * entries it was made from are current, so this trades memory for CPU, never freshness.
     */
    answerCacheMegabytes?: number;
    /** Per-request timeout towards a registry or cluster, in milliseconds (default 5000). */
    requestTimeoutMs?: number;
    /**
     * The API answers within this many milliseconds, with whatever sources answered in time
     * and an error entry for the others (default 10000).
     */
    responseDeadlineMs?: number;
    /**
     * After a registry or cluster read failed, for how many seconds requests for that model
     * get the last good data and the error at once, instead of waiting for the failing
     * source again (default 10; 0 asks it at every request).
     */
    failureBackoffSeconds?: number;
    /** Largest page count read from one listing before it is treated as never-ending (default 10000). */
    maxPages?: number;
    ingest?: {
      /** Largest accepted request body in bytes (default 1 MiB). */
      maxBodyBytes?: number;
    };
  };
}
