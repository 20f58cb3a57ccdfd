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
  AppsV1Api,
  CustomObjectsApi,
  KubeConfig,
  V1Deployment,
} from '@kubernetes/client-node';
import { Deployment } from '@ai-golden-path/plugin-model-catalog-common';
import { ClusterConfig } from '../config';

/** The labels that tie a serving workload to a model and a version. */
export interface DeploymentLabels {
  modelName: string;
  modelVersion: string;
  environment: string;
}

/** A KServe InferenceService, the parts read here (serving.kserve.io/v1beta1). */
interface InferenceService {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  status?: {
    url?: string;
    conditions?: Array<{ type?: string; status?: string; message?: string }>;
  };
}

/** A cluster could not be read; the message never carries the token. */
export class ClusterReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterReadError';
  }
}

/** Label values are at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * Reads, from one configured cluster, the Deployments and KServe InferenceServices that
 * serve a model, matched by label, and reports which version each serves and whether it is
 * ready.
 */
export class KubernetesDeploymentReader {
  readonly cluster: ClusterConfig;
  readonly #apps: AppsV1Api;
  readonly #custom: CustomObjectsApi;
  readonly #labels: DeploymentLabels;
  readonly #timeoutMs: number;

  constructor(options: {
    cluster: ClusterConfig;
    labels: DeploymentLabels;
    requestTimeoutMs: number;
  }) {
    this.cluster = options.cluster;
    this.#labels = options.labels;
    this.#timeoutMs = options.requestTimeoutMs;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: options.cluster.name,
          server: options.cluster.url,
          caData: options.cluster.caData
            ? Buffer.from(options.cluster.caData, 'utf8').toString('base64')
            : undefined,
          skipTLSVerify: false,
        },
      ],
      users: [{ name: 'model-catalog', token: options.cluster.token }],
      contexts: [
        {
          name: 'model-catalog',
          cluster: options.cluster.name,
          user: 'model-catalog',
        },
      ],
      currentContext: 'model-catalog',
    });
    this.#apps = kubeConfig.makeApiClient(AppsV1Api);
    this.#custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async getDeployments(
    modelName: string,
    signal: AbortSignal,
  ): Promise<Deployment[]> {
    if (!LABEL_VALUE.test(modelName) || modelName.length > 63) {
      // No workload can carry this name as a label value.
      return [];
    }
    const labelSelector = `${this.#labels.modelName}=${modelName}`;
    const namespaces = this.cluster.namespaces?.length
      ? this.cluster.namespaces
      : [undefined];
    const results = await Promise.all(
      namespaces.map(async namespace => {
        const [deployments, inferenceServices] = await Promise.all([
          this.#call('list deployments', signal, () =>
            namespace
              ? this.#apps.listNamespacedDeployment({
                  namespace,
                  labelSelector,
                })
              : this.#apps.listDeploymentForAllNamespaces({ labelSelector }),
          ),
          this.#call(
            'list inferenceservices',
            signal,
            () =>
              namespace
                ? this.#custom.listNamespacedCustomObject({
                    group: 'serving.kserve.io',
                    version: 'v1beta1',
                    namespace,
                    plural: 'inferenceservices',
                    labelSelector,
                  })
                : this.#custom.listClusterCustomObject({
                    group: 'serving.kserve.io',
                    version: 'v1beta1',
                    plural: 'inferenceservices',
                    labelSelector,
                  }),
            // KServe not installed on this cluster: no InferenceServices, not a failure.
            { notFoundAs: { items: [] } },
          ),
        ]);
        return [
          ...(deployments.items ?? []).map(d => this.#fromDeployment(d)),
          ...(
            ((inferenceServices as { items?: InferenceService[] }).items ??
              []) as InferenceService[]
          ).map(i => this.#fromInferenceService(i)),
        ];
      }),
    );
    return results.flat();
  }

  async #call<T>(
    what: string,
    signal: AbortSignal,
    request: () => Promise<T>,
    options?: { notFoundAs?: T },
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ClusterReadError(
              `cluster '${this.cluster.name}': ${what} timed out after ${
                this.#timeoutMs
              } ms`,
            ),
          ),
        this.#timeoutMs,
      );
      onAbort = () =>
        reject(
          new ClusterReadError(
            `cluster '${this.cluster.name}': ${what} aborted at the response deadline`,
          ),
        );
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([request(), stop]);
    } catch (error) {
      if (error instanceof ClusterReadError) {
        throw error;
      }
      const code = (error as { code?: unknown }).code;
      if (code === 404 && options?.notFoundAs) {
        return options.notFoundAs;
      }
      // ApiException messages embed response bodies and headers; say only what failed.
      throw new ClusterReadError(
        `cluster '${this.cluster.name}': ${what} failed${
          typeof code === 'number' ? ` with HTTP ${code}` : ''
        }`,
      );
    } finally {
      clearTimeout(timer);
      if (onAbort) {
        signal.removeEventListener('abort', onAbort);
      }
    }
  }

  #environment(labels: Record<string, string> | undefined): string {
    return labels?.[this.#labels.environment] ?? this.cluster.environment;
  }

  #fromDeployment(deployment: V1Deployment): Deployment {
    const labels = {
      ...deployment.spec?.template?.metadata?.labels,
      ...deployment.metadata?.labels,
    };
    const desired = deployment.spec?.replicas ?? 1;
    const ready = deployment.status?.readyReplicas ?? 0;
    const available = deployment.status?.conditions?.find(
      c => c.type === 'Available',
    );
    return {
      cluster: this.cluster.name,
      environment: this.#environment(labels),
      namespace: deployment.metadata?.namespace ?? '',
      name: deployment.metadata?.name ?? '',
      kind: 'Deployment',
      modelVersion: labels[this.#labels.modelVersion],
      ready: desired > 0 && ready >= desired && available?.status !== 'False',
      replicas: { desired, ready },
      message:
        available?.status === 'False'
          ? (available.message ?? undefined)
          : undefined,
    };
  }

  #fromInferenceService(service: InferenceService): Deployment {
    const labels = service.metadata?.labels ?? {};
    const readyCondition = service.status?.conditions?.find(
      c => c.type === 'Ready',
    );
    return {
      cluster: this.cluster.name,
      environment: this.#environment(labels),
      namespace: service.metadata?.namespace ?? '',
      name: service.metadata?.name ?? '',
      kind: 'InferenceService',
      modelVersion: labels[this.#labels.modelVersion],
      ready: readyCondition?.status === 'True',
      url: service.status?.url,
      message:
        readyCondition?.status === 'True' ? undefined : readyCondition?.message,
    };
  }
}
