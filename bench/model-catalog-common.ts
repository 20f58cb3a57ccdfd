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

/**
 * Helpers shared by the model catalog benches: the fake registry child process, the plugin's
 * router in front of it, RSS sampling and percentiles.
 */
import { ChildProcess, fork } from 'node:child_process';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { createRouter } from '../plugins/model-catalog-backend/src/router';
import { ModelCatalogService } from '../plugins/model-catalog-backend/src/service/ModelCatalogService';
import { KubeflowRegistrySource } from '../plugins/model-catalog-backend/src/sources/kubeflow/KubeflowRegistrySource';

export interface FakeRegistryProcess {
  url: string;
  requestCount(): Promise<number>;
  stop(): Promise<void>;
}

export async function startFakeRegistry(
  models: number,
  versionsPerModel: number,
  latencyMs: number,
  rich = false,
): Promise<FakeRegistryProcess> {
  const child: ChildProcess = fork(
    path.join(__dirname, 'model-catalog-fake-registry.ts'),
    [
      String(models),
      String(versionsPerModel),
      String(latencyMs),
      rich ? 'rich' : 'plain',
    ],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: any) => {
        if (message && key in message) {
          child.off('message', onMessage);
          resolve(message[key]);
        }
      };
      child.on('message', onMessage);
      child.once('exit', code =>
        reject(new Error(`fake registry exited with ${code}`)),
      );
    });
  const url = await next<string>('url');
  return {
    url,
    async requestCount() {
      const count = next<number>('requests');
      child.send('count');
      return count;
    },
    async stop() {
      child.send('stop');
      await new Promise(resolve => child.once('exit', resolve));
    },
  };
}

/** Samples this process's RSS until stopped; returns the peak in MiB. */
export function sampleRss(intervalMs = 20): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak / 1024 / 1024;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

export const quietLogger: LoggerService = {
  error: (message: string) => console.error(message),
  warn: (message: string) => console.warn(message),
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

/** A component that uses a model of the `rhoai` registry, as the catalog returns it. */
export function componentUsingModel(
  name: string,
  model: string,
  owner?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'ai-golden-path.io/model-registry': 'rhoai',
        'ai-golden-path.io/model-name': model,
      },
    },
    spec: owner ? { owner } : {},
  };
}

export const noCache: CacheService = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions: () => noCache,
};

/**
 * The model catalog plugin's own router, service, registry client and cache in front of a
 * registry named `rhoai`, served by Express on a local port. The catalog and permission
 * lookups are in-process stubs that allow everything (in a real backend they are HTTP calls
 * to the catalog and permission plugins, which add their own latency).
 */
export async function startModelCatalogRouter(options: {
  registryUrl: string;
  cache: CacheService;
  cacheTtlMs: number;
  /** What the catalog returns for any entity ref. */
  entity?: Entity;
}) {
  const source = new KubeflowRegistrySource({
    name: 'rhoai',
    baseUrl: options.registryUrl,
    requestTimeoutMs: 10_000,
    maxPages: 1000,
  });
  const service = new ModelCatalogService({
    registries: [source],
    deploymentReaders: [],
    cache: options.cache,
    logger: quietLogger,
    cacheTtlMs: options.cacheTtlMs,
    responseDeadlineMs: 30_000,
  });
  const credentials = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/guest' },
  } as any;
  const router = await createRouter({
    service,
    store: undefined as any,
    catalog: { getEntityByRef: async () => options.entity } as any,
    auth: { getOwnServiceCredentials: async () => credentials } as any,
    httpAuth: { credentials: async () => credentials } as any,
    permissions: {
      authorize: async (requests: unknown[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any,
    logger: quietLogger,
    maxIngestBodyBytes: 1024 * 1024,
  });
  const app = express();
  app.use('/api/model-catalog', router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/model-catalog`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

export function row(label: string, value: string, goal = ''): string {
  return `${label.padEnd(44)} ${value.padStart(14)}   ${goal}`;
}
