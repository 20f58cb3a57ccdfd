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

import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** Emits each registered model of the model catalog as a Resource of type ai-model. */
      modelCatalog?: {
        /** How often to read all registries (default: every 30 minutes, 10 minute timeout). */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Owner of models that no component uses (default `group:default/unknown`). */
        defaultOwner?: string;
        /** Page size when reading registries, 1 to 1000 (default 500). */
        pageSize?: number;
        /** Pages read from one registry before the listing counts as never-ending (default 10000). */
        maxPages?: number;
      };
    };
  };
}
