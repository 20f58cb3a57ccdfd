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
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import knexFactory from 'knex';

/** Longer than the scaffolder's task watcher sleeps between two polls. */
const QUIET_MS = 1_200;
const MAX_DRAIN_MS = 5_000;

/**
 * Gives each plugin of an in-process backend its own in-memory SQLite database and closes it
 * when the backend stops.
 *
 * Backstage's own database service never closes SQLite connections, so a process that starts
 * and stops a backend (a CLI run, a Jest worker) stays alive on the connection pool's timers
 * after `stop()`.
 */
export const inMemoryDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: { rootLifecycle: coreServices.rootLifecycle },
  async factory({ rootLifecycle }) {
    const client = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
      // better-sqlite3 enforces foreign keys by default, as Backstage's connector makes sure.
      pool: {
        // One connection: every connection to ':memory:' is a database of its own.
        min: 1,
        max: 1,
      },
    });
    let lastUse = Date.now();
    const pool = client.client.pool as {
      on(event: 'release', listener: () => void): void;
      numUsed(): number;
      numPendingAcquires(): number;
    };
    pool.on('release', () => {
      lastUse = Date.now();
    });
    // After every plugin has shut down, as Backstage closes its other databases, and once the
    // database has been quiet for a while: the scaffolder's task watcher polls each second
    // until it has seen its task complete, and a query after the close is an unhandled
    // rejection.
    rootLifecycle.addShutdownHook(async () => {
      const started = Date.now();
      while (
        Date.now() - started < MAX_DRAIN_MS &&
        (pool.numUsed() > 0 ||
          pool.numPendingAcquires() > 0 ||
          Date.now() - lastUse < QUIET_MS)
      ) {
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      await client.destroy();
    });
    return { getClient: async () => client };
  },
});
