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
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { modelCatalogPermissions } from '@ai-golden-path/plugin-model-catalog-common';
import { readModelCatalogConfig } from './config';
import { KubernetesDeploymentReader } from './deployments/KubernetesDeploymentReader';
import { createRouter } from './router';
import { ModelCatalogService } from './service/ModelCatalogService';
import { createRegistrySources } from './sources/createRegistrySources';
import { DatabaseModelStore } from './sources/store/DatabaseModelStore';
import { migrateStore } from './sources/store/migrations';

/**
 * The model catalog backend plugin: model versions, evaluation results and deployments
 * for each catalog entity, served under `/api/model-catalog`.
 *
 * @public
 */
export const modelCatalogPlugin = createBackendPlugin({
  pluginId: 'model-catalog',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        cache: coreServices.cache,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        cache,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const options = readModelCatalogConfig(config);
        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await migrateStore(db);
        }
        const store = new DatabaseModelStore(db);
        const service = new ModelCatalogService({
          registries: createRegistrySources(options, store),
          deploymentReaders: options.clusters.map(
            cluster =>
              new KubernetesDeploymentReader({
                cluster,
                labels: options.deploymentLabels,
                requestTimeoutMs: options.requestTimeoutMs,
              }),
          ),
          cache,
          logger,
          cacheTtlMs: options.cacheTtlMs,
          responseDeadlineMs: options.responseDeadlineMs,
          failureBackoffMs: options.failureBackoffMs,
          answerMemoMaxBytes: options.answerMemoMaxBytes,
        });
        permissionsRegistry.addPermissions(modelCatalogPermissions);
        httpRouter.use(
          await createRouter({
            service,
            store,
            catalog,
            auth,
            httpAuth,
            permissions,
            logger,
            maxIngestBodyBytes: options.maxIngestBodyBytes,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info(
          `Model catalog serving registries ${options.registries
            .map(r => `${r.name} (${r.type})`)
            .join(', ')} and ${options.clusters.length} cluster(s)`,
        );
      },
    });
  },
});
