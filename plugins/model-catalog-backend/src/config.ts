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

import { Config } from '@backstage/config';
import { DEFAULT_REGISTRY_NAME } from '@ai-golden-path/plugin-model-catalog-common';

/** A registry as configured under `modelCatalog.registries`. */
export type RegistryConfig =
  | { name: string; type: 'store' }
  | {
      name: string;
      type: 'kubeflow' | 'mlflow';
      baseUrl: string;
      token?: string;
      caData?: string;
      modelUrlTemplate?: string;
    };

/** A cluster as configured under `modelCatalog.clusters`. */
export interface ClusterConfig {
  name: string;
  environment: string;
  url: string;
  token?: string;
  caData?: string;
  namespaces?: string[];
}

/** Everything the plugin reads from `modelCatalog`, with defaults applied. */
export interface ModelCatalogConfig {
  registries: RegistryConfig[];
  clusters: ClusterConfig[];
  deploymentLabels: {
    modelName: string;
    modelVersion: string;
    environment: string;
  };
  cacheTtlMs: number;
  requestTimeoutMs: number;
  responseDeadlineMs: number;
  failureBackoffMs: number;
  maxPages: number;
  maxIngestBodyBytes: number;
  /** Bound of the serialized answers each replica keeps in memory. */
  answerMemoMaxBytes: number;
}

const REGISTRY_NAME = /^[a-z0-9][a-z0-9-_.]{0,62}$/i;

export function readModelCatalogConfig(root: Config): ModelCatalogConfig {
  const config = root.getOptionalConfig('modelCatalog');
  const registries: RegistryConfig[] = (
    config?.getOptionalConfigArray('registries') ?? []
  ).map(registry => {
    const name = registry.getString('name');
    if (!REGISTRY_NAME.test(name)) {
      throw new Error(
        `modelCatalog.registries: invalid name '${name}' (letters, digits, - _ . only)`,
      );
    }
    const type = registry.getString('type');
    if (type === 'store') {
      return { name, type };
    }
    if (type !== 'kubeflow' && type !== 'mlflow') {
      throw new Error(
        `modelCatalog.registries: registry '${name}' has unknown type '${type}'`,
      );
    }
    const baseUrl = registry.getString('baseUrl').replace(/\/+$/, '');
    if (!/^https?:\/\//.test(baseUrl) || !URL.canParse(baseUrl)) {
      throw new Error(
        `modelCatalog.registries: registry '${name}' needs an http(s) baseUrl`,
      );
    }
    const token = registry.getOptionalString('token');
    // Plain HTTP stays possible for a registry on this host or one that needs no token
    // (an in-cluster service); a token never travels unencrypted to another host.
    if (
      token &&
      baseUrl.startsWith('http:') &&
      !isLoopback(new URL(baseUrl).hostname)
    ) {
      throw new Error(
        `modelCatalog.registries: registry '${name}' would send its token over plain HTTP; use an https baseUrl (caData for a private CA)`,
      );
    }
    return {
      name,
      type,
      baseUrl,
      token,
      caData: registry.getOptionalString('caData'),
      modelUrlTemplate: registry.getOptionalString('modelUrlTemplate'),
    };
  });
  if (registries.length === 0) {
    registries.push({ name: DEFAULT_REGISTRY_NAME, type: 'store' });
  }
  const names = new Set<string>();
  for (const { name } of registries) {
    if (names.has(name)) {
      throw new Error(`modelCatalog.registries: duplicate name '${name}'`);
    }
    names.add(name);
  }

  const clusters: ClusterConfig[] = (
    config?.getOptionalConfigArray('clusters') ?? []
  ).map(cluster => {
    const name = cluster.getString('name');
    return {
      name,
      environment: cluster.getOptionalString('environment') ?? name,
      url: cluster.getString('url').replace(/\/+$/, ''),
      token: cluster.getOptionalString('token'),
      caData: cluster.getOptionalString('caData'),
      namespaces: cluster.getOptionalStringArray('namespaces'),
    };
  });

  const labels = config?.getOptionalConfig('deploymentLabels');
  return {
    registries,
    clusters,
    deploymentLabels: {
      modelName:
        labels?.getOptionalString('modelName') ?? 'app.kubernetes.io/name',
      modelVersion:
        labels?.getOptionalString('modelVersion') ??
        'ai-golden-path.io/model-version',
      environment:
        labels?.getOptionalString('environment') ??
        'ai-golden-path.io/environment',
    },
    cacheTtlMs: (config?.getOptionalNumber('cacheTtlSeconds') ?? 60) * 1000,
    requestTimeoutMs: config?.getOptionalNumber('requestTimeoutMs') ?? 5000,
    responseDeadlineMs:
      config?.getOptionalNumber('responseDeadlineMs') ?? 10000,
    failureBackoffMs:
      readNonNegative(config, 'failureBackoffSeconds', 10, 'seconds') * 1000,
    maxPages: config?.getOptionalNumber('maxPages') ?? 10000,
    maxIngestBodyBytes:
      config?.getOptionalNumber('ingest.maxBodyBytes') ?? 1024 * 1024,
    answerMemoMaxBytes:
      readNonNegative(config, 'answerCacheMegabytes', 64, 'megabytes') *
      1024 *
      1024,
  };
}

/** A setting that must be a number, 0 or more, in `unit`; the error names the setting. */
function readNonNegative(
  config: Config | undefined,
  key: string,
  fallback: number,
  unit: string,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(
      `modelCatalog.${key} must be a number of ${unit}, 0 or more (got ${value})`,
    );
  }
  return value;
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}
