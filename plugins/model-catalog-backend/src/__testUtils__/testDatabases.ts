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

import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_IDS: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/**
 * The databases the store and plugin tests run on: SQLite always, and the PostgreSQL whose
 * connection string the package's Jest globalSetup (or scripts/with-postgres.sh) put in the
 * environment. Under CI a missing PostgreSQL is an error, never a silent skip: a test run
 * that only covered SQLite would pass while production (PostgreSQL) breaks.
 */
export function createTestDatabases(): TestDatabases {
  const ids: TestDatabaseId[] = POSTGRES_IDS.filter(
    id =>
      process.env[
        `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`
      ],
  );
  if (ids.length === 0 && process.env.CI) {
    throw new Error(
      'No PostgreSQL for the database tests: BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING ' +
        'is unset. The Jest globalSetup of plugins/model-catalog-backend should have started one ' +
        '(scripts/test-postgres.sh); see its error above.',
    );
  }
  return TestDatabases.create({
    ids: [...ids, 'SQLITE_3'],
    disableDocker: true,
  });
}
