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
 * Full sync of the model catalog's entity provider against a fake Kubeflow Model Registry
 * with 10,000 registered models and 50,000 versions, served with realistic latency from a
 * separate process. Prints the sync time, the peak RSS of this process and the number of
 * registry requests, next to the goals of issue 6.
 *
 * The path is the production one: the catalog module's provider asks the model-catalog
 * plugin's API for each page (its HTTP client, `GET /registries/rhoai/models`), and the
 * plugin's router reads it from the registry through its Kubeflow client. Both run in this
 * process, as they do in one backend; the catalog and permission lookups are stubs.
 *
 * Run: bash scripts/toolchain.sh node --import tsx bench/model-catalog-sync.ts [models] [versionsPerModel] [latencyMs]
 */
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { ModelCatalogClient } from '../plugins/catalog-backend-module-model-catalog/src/provider/ModelCatalogClient';
import { ModelCatalogEntityProvider } from '../plugins/catalog-backend-module-model-catalog/src/provider/ModelCatalogEntityProvider';
import {
  componentUsingModel,
  noCache,
  quietLogger,
  row,
  sampleRss,
  startFakeRegistry,
  startModelCatalogRouter,
} from './model-catalog-common';

async function main() {
  const models = Number(process.argv[2] ?? 10_000);
  const versionsPerModel = Number(process.argv[3] ?? 5);
  const latencyMs = Number(process.argv[4] ?? 50);
  const pageSize = 500;

  const registry = await startFakeRegistry(models, versionsPerModel, latencyMs);
  // Registry listings are not cached by the plugin, so the cache plays no part here.
  const api = await startModelCatalogRouter({
    registryUrl: registry.url,
    cache: noCache,
    cacheTtlMs: 0,
  });
  const serviceCredentials = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'plugin:catalog' },
  } as any;
  const auth = {
    getOwnServiceCredentials: async () => serviceCredentials,
    getPluginRequestToken: async () => ({ token: 'bench' }),
  } as any;
  // 1,000 components that use a model each, as the catalog would return them.
  const components = Array.from({ length: 1000 }, (_, i) =>
    componentUsingModel(
      `service-${i}`,
      `model-${String(i * 7).padStart(5, '0')}`,
      `group:default/team-${i % 20}`,
    ),
  );
  let emitted = 0;
  const connection: EntityProviderConnection = {
    async applyMutation(mutation) {
      emitted = mutation.type === 'full' ? mutation.entities.length : emitted;
    },
    async refresh() {},
  };
  const provider = new ModelCatalogEntityProvider({
    reader: new ModelCatalogClient({
      discovery: { getBaseUrl: async () => api.baseUrl } as any,
      auth,
    }),
    catalog: { getEntities: async () => ({ items: components }) },
    auth,
    logger: quietLogger,
    defaultOwner: 'group:default/ml-platform',
    pageSize,
    maxPages: 10_000,
  });
  await provider.connect(connection);

  global.gc?.();
  const baselineRss = process.memoryUsage().rss / 1024 / 1024;
  const rss = sampleRss();
  const started = performance.now();
  const result = await provider.refresh();
  const seconds = (performance.now() - started) / 1000;
  const peakRss = rss.stop();
  const requests = await registry.requestCount();
  await api.close();
  await registry.stop();

  console.log(
    `Model catalog provider full sync through the model-catalog API: ${models} models, ${models * versionsPerModel} versions in the registry, ${latencyMs} ms latency per request, page size ${pageSize}`,
  );
  console.log(row('', 'measured', 'goal (issue 6)'));
  console.log(row('full sync time', `${seconds.toFixed(2)} s`, '< 60 s'));
  console.log(
    row(
      'peak RSS of the syncing process',
      `${peakRss.toFixed(0)} MiB`,
      '< 400 MiB',
    ),
  );
  console.log(row('RSS before the sync', `${baselineRss.toFixed(0)} MiB`));
  console.log(
    row(
      'registry requests',
      String(requests),
      `>= ${Math.ceil(models / pageSize)} pages`,
    ),
  );
  console.log(row('entities in the full mutation', String(emitted)));
  console.log(row('mutation applied', String(result.applied)));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
