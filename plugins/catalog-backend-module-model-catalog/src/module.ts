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
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { processingExtensionPoint } from './extensionPoints';
import { ModelCatalogClient } from './provider/ModelCatalogClient';
import { ModelCatalogEntityProvider } from './provider/ModelCatalogEntityProvider';

/**
 * Catalog module that emits each registered model of the model catalog as a `Resource` of
 * type `ai-model`. The schedule runs through the scheduler service, so with several
 * backend replicas one of them syncs at a time.
 *
 * @public
 */
export const catalogModuleModelCatalog = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'model-catalog',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: processingExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({
        catalogProcessing,
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        auth,
      }) {
        const providerConfig = config.getOptionalConfig(
          'catalog.providers.modelCatalog',
        );
        const schedule = providerConfig?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              providerConfig.getConfig('schedule'),
            )
          : {
              frequency: { minutes: 30 },
              timeout: { minutes: 10 },
              initialDelay: { seconds: 15 },
            };
        catalogProcessing.addEntityProvider(
          new ModelCatalogEntityProvider({
            reader: new ModelCatalogClient({ discovery, auth }),
            catalog,
            auth,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
            defaultOwner:
              providerConfig?.getOptionalString('defaultOwner') ??
              'group:default/unknown',
            pageSize: readCount(providerConfig, 'pageSize', 500, 1000),
            maxPages: readCount(providerConfig, 'maxPages', 10000),
          }),
        );
      },
    });
  },
});

/**
 * A whole number from config, checked at start-up: a page size the model catalog API refuses
 * (above 1000) would otherwise fail every sync, half an hour later, with an HTTP 400.
 */
function readCount(
  config: Config | undefined,
  key: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `catalog.providers.modelCatalog.${key} must be a whole number from 1${
        max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`
      }, got ${value}`,
    );
  }
  return value;
}
