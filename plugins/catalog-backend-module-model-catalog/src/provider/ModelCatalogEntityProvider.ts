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
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  DEFAULT_REGISTRY_NAME,
  MODEL_NAME_ANNOTATION,
  MODEL_REGISTRY_ANNOTATION,
  RegisteredModel,
} from '@ai-golden-path/plugin-model-catalog-common';
import { ModelListReader } from './ModelCatalogClient';
import { ModelUser, modelToEntity, ownerRef } from './modelEntity';

/** What the provider needs to find the components that use each model. */
export type ComponentReader = Pick<CatalogService, 'getEntities'>;

export interface ModelCatalogEntityProviderOptions {
  reader: ModelListReader;
  catalog: ComponentReader;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  logger: LoggerService;
  taskRunner?: SchedulerServiceTaskRunner;
  defaultOwner: string;
  pageSize: number;
  maxPages: number;
}

/** Figures of one sync, for logs and the bench. */
export interface SyncResult {
  /** Whether a full mutation was applied. */
  applied: boolean;
  entities: number;
  pages: number;
  failedRegistries: string[];
}

/**
 * Emits every registered model of every configured registry as a `Resource` of type
 * `ai-model`, owned by and a dependency of the components that name it.
 *
 * A `full` mutation deletes what it does not contain, so one is only applied from complete
 * reads. When a registry fails, its entities from the last good read are carried over; if
 * this replica has none (fresh start), nothing is applied and the catalog keeps what it had.
 */
export class ModelCatalogEntityProvider implements EntityProvider {
  readonly #options: ModelCatalogEntityProviderOptions;
  #connection?: EntityProviderConnection;
  /** The last complete read of each registry. */
  readonly #lastGood = new Map<string, RegisteredModel[]>();

  constructor(options: ModelCatalogEntityProviderOptions) {
    this.#options = options;
  }

  getProviderName(): string {
    return 'model-catalog';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  async refresh(): Promise<SyncResult> {
    const connection = this.#connection;
    if (!connection) {
      throw new Error('ModelCatalogEntityProvider is not connected');
    }
    const { logger } = this.#options;
    const registries = await this.#options.reader.listRegistries();
    const failedRegistries: string[] = [];
    const models: RegisteredModel[] = [];
    let pages = 0;
    for (const registry of registries) {
      try {
        const read = await this.#readRegistry(registry.name);
        pages += read.pages;
        this.#lastGood.set(registry.name, read.models);
        models.push(...read.models);
      } catch (error) {
        failedRegistries.push(registry.name);
        const lastGood = this.#lastGood.get(registry.name);
        logger.warn(
          `Model catalog provider could not read registry '${registry.name}'${
            lastGood ? ', keeping its last good entities' : ''
          }: ${error}`,
        );
        if (!lastGood) {
          logger.warn(
            'Model catalog provider applies no mutation: a registry never read completely',
          );
          return { applied: false, entities: 0, pages, failedRegistries };
        }
        models.push(...lastGood);
      }
    }

    const users = await this.#readModelUsers();
    const locationKey = `model-catalog:${this.getProviderName()}`;
    const entities: Entity[] = models.map(model =>
      modelToEntity({
        model,
        users: users.get(`${model.registry}\u0000${model.name}`) ?? [],
        defaultOwner: this.#options.defaultOwner,
        locationKey,
      }),
    );
    const unique = new Map(entities.map(e => [stringifyEntityRef(e), e]));
    await connection.applyMutation({
      type: 'full',
      entities: [...unique.values()].map(entity => ({ entity, locationKey })),
    });
    logger.info(
      `Model catalog provider emitted ${unique.size} models from ${registries.length} registries in ${pages} pages`,
    );
    return { applied: true, entities: unique.size, pages, failedRegistries };
  }

  async #readRegistry(
    registry: string,
  ): Promise<{ models: RegisteredModel[]; pages: number }> {
    const models: RegisteredModel[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 1; ; page++) {
      if (page > this.#options.maxPages) {
        throw new Error(
          `listing did not end after ${this.#options.maxPages} pages`,
        );
      }
      const result = await this.#options.reader.listModels(registry, {
        pageToken,
        pageSize: this.#options.pageSize,
      });
      models.push(...result.items);
      if (!result.nextPageToken) {
        return { models, pages: page };
      }
      if (seen.has(result.nextPageToken)) {
        throw new Error('listing repeated a page token, it would never end');
      }
      seen.add(result.nextPageToken);
      pageToken = result.nextPageToken;
    }
  }

  /** Components naming a model, keyed by registry and model name. */
  async #readModelUsers(): Promise<Map<string, ModelUser[]>> {
    const { items } = await this.#options.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`metadata.annotations.${MODEL_NAME_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata', 'spec.owner'],
      },
      { credentials: await this.#options.auth.getOwnServiceCredentials() },
    );
    const users = new Map<string, ModelUser[]>();
    for (const entity of items) {
      const annotations = entity.metadata.annotations ?? {};
      const modelName = annotations[MODEL_NAME_ANNOTATION];
      if (!modelName) {
        continue;
      }
      const registry =
        annotations[MODEL_REGISTRY_ANNOTATION] || DEFAULT_REGISTRY_NAME;
      const key = `${registry}\u0000${modelName}`;
      users.set(key, [
        ...(users.get(key) ?? []),
        {
          ref: stringifyEntityRef(entity),
          owner: ownerRef(entity.spec?.owner, entity.metadata.namespace),
        },
      ]);
    }
    return users;
  }
}
