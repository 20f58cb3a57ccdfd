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

import { RegisteredModelPage } from '@ai-golden-path/plugin-model-catalog-common';
import { ModelRegistrySource, ModelWithVersions } from '../types';
import { DatabaseModelStore } from './DatabaseModelStore';

/** A registry backed by the built-in store; several names may share the one database. */
export class StoreRegistrySource implements ModelRegistrySource {
  readonly type = 'store' as const;
  readonly name: string;
  readonly #store: DatabaseModelStore;

  constructor(options: { name: string; store: DatabaseModelStore }) {
    this.name = options.name;
    this.#store = options.store;
  }

  async getModel(modelName: string): Promise<ModelWithVersions | undefined> {
    return this.#store.getModel(this.name, modelName);
  }

  async listModels(options: {
    pageToken?: string;
    pageSize: number;
  }): Promise<RegisteredModelPage> {
    const afterName = options.pageToken
      ? Buffer.from(options.pageToken, 'base64url').toString('utf8')
      : undefined;
    const items = await this.#store.listModels(this.name, {
      afterName,
      limit: options.pageSize,
    });
    const last = items[items.length - 1];
    return {
      items,
      nextPageToken:
        items.length === options.pageSize && last
          ? Buffer.from(last.name, 'utf8').toString('base64url')
          : undefined,
    };
  }
}
