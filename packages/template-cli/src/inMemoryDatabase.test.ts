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
import { startTestBackend } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { inMemoryDatabaseServiceFactory } from './inMemoryDatabase';

/** A plugin that hands its database client to the test once the backend has started. */
function pluginWithDatabase(
  pluginId: string,
  onClient: (client: Knex) => void,
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { database: coreServices.database },
        async init({ database }) {
          onClient(await database.getClient());
        },
      });
    },
  });
}

describe('inMemoryDatabaseServiceFactory', () => {
  it('gives each plugin a database of its own', async () => {
    const clients: Record<string, Knex> = {};
    const backend = await startTestBackend({
      features: [
        inMemoryDatabaseServiceFactory,
        pluginWithDatabase('first', c => (clients.first = c)),
        pluginWithDatabase('second', c => (clients.second = c)),
      ],
    });
    try {
      await clients.first.schema.createTable('tasks', table =>
        table.string('id'),
      );
      await clients.first('tasks').insert({ id: 'a' });

      expect(await clients.first('tasks').select('id')).toEqual([{ id: 'a' }]);
      expect(await clients.second.schema.hasTable('tasks')).toBe(false);
    } finally {
      await backend.stop();
    }
  });

  it('closes the database when the backend stops, after a query that was still to come', async () => {
    let client: Knex | undefined;
    const backend = await startTestBackend({
      features: [
        inMemoryDatabaseServiceFactory,
        pluginWithDatabase('first', c => (client = c)),
      ],
    });
    await client!.raw('select 1');
    // Like the scaffolder's task watcher: one more poll a second after the last one.
    const lateQuery = new Promise(resolve => setTimeout(resolve, 1_000)).then(
      () => client!.raw('select 1 as answer'),
    );

    await backend.stop();

    await expect(lateQuery).resolves.toEqual([{ answer: 1 }]);
    await expect(client!.raw('select 1')).rejects.toThrow(
      'Unable to acquire a connection',
    );
  });
});
