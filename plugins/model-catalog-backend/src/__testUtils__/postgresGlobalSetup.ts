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

import { execFileSync } from 'node:child_process';
import path from 'node:path';

/*
 * Jest globalSetup of this package: starts a throwaway PostgreSQL server (scripts/
 * test-postgres.sh) so that the database tests run against PostgreSQL as well as SQLite in
 * the normal `npm test`, the way Backstage's TestDatabases expects it: through
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING, set here before Jest starts
 * its workers (which inherit the environment). globalTeardown stops it; a watchdog in the
 * script stops it too if Jest is killed.
 *
 * A connection string already in the environment (scripts/with-postgres.sh, a developer's
 * own server) is used as is. When no server can be started the run fails under CI
 * (`CI=true`) and falls back to SQLite only, with a warning, elsewhere.
 */

const SCRIPT = path.resolve(__dirname, '../../../../scripts/test-postgres.sh');
const STARTED_DIR = '__modelCatalogTestPostgresDir';

export function hasPostgresConnectionString(): boolean {
  return Object.entries(process.env).some(
    ([name, value]) =>
      Boolean(value) &&
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
  );
}

export default async function globalSetup(): Promise<void> {
  if (hasPostgresConnectionString()) {
    return;
  }
  let output: string;
  try {
    output = execFileSync('bash', [SCRIPT, 'start', String(process.pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const message = `Could not start PostgreSQL for the model catalog database tests: ${
      stderr || (error as Error).message
    }`;
    if (process.env.CI) {
      throw new Error(message);
    }
    // eslint-disable-next-line no-console
    console.warn(`${message}\nRunning them on SQLite only.`);
    return;
  }
  for (const line of output.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] === 'TEST_POSTGRES_DIR') {
      (globalThis as Record<string, unknown>)[STARTED_DIR] = match[2];
    } else if (match) {
      process.env[match[1]] = match[2];
    }
  }
}

/** Stops the server globalSetup started, if it started one. */
export function stopStartedServer(): void {
  const dir = (globalThis as Record<string, unknown>)[STARTED_DIR];
  if (typeof dir === 'string') {
    execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore' });
    delete (globalThis as Record<string, unknown>)[STARTED_DIR];
  }
}
