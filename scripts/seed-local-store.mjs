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

/*
 * Fills the local app's built-in model store (SQLite in memory, empty at every start) with
 * examples/seed/model-catalog.json, the ingest requests recorded from a real run of a generated
 * project (scripts/seed-model-catalog.sh):
 *
 *   node scripts/seed-local-store.mjs [--base-url URL] [--fixture FILE] [--wait SECONDS]
 *
 * Waits for the backend's /api/model-catalog/health, then posts each request in order to
 * /api/model-catalog/ingest, as a pipeline would. The token is MODEL_CATALOG_INGEST_TOKEN or else
 * the local trial token of app-config.yaml (backend.auth.externalAccess, subject local-seed).
 * scripts/start.sh runs it next to the backend; the browser tests run it against theirs.
 * Exit code 0 when every request answered 200/201.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);

/** The local trial token from app-config.yaml; production tokens come from the environment. */
export function localSeedToken(
  configFile = path.join(repoRoot, 'app-config.yaml'),
) {
  const config = YAML.parse(fs.readFileSync(configFile, 'utf8'));
  const entry = (config?.backend?.auth?.externalAccess ?? []).find(
    access =>
      access?.type === 'static' && access?.options?.subject === 'local-seed',
  );
  if (!entry?.options?.token) {
    throw new Error(
      `no static external access token with subject local-seed in ${configFile}; set MODEL_CATALOG_INGEST_TOKEN`,
    );
  }
  return entry.options.token;
}

/** Posts every request of the fixture in order; returns how many were new. */
export async function seedLocalStore({
  baseUrl,
  token,
  fixture = path.join(repoRoot, 'examples/seed/model-catalog.json'),
  waitSeconds = 180,
}) {
  const requests = JSON.parse(fs.readFileSync(fixture, 'utf8'));
  if (!Array.isArray(requests))
    throw new Error(`${fixture} must hold a list of ingest requests`);

  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const health = await fetch(`${baseUrl}/api/model-catalog/health`).catch(
      () => undefined,
    );
    if (health?.ok) break;
    if (Date.now() > deadline) {
      throw new Error(
        `the model catalog at ${baseUrl} did not answer within ${waitSeconds} s`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }

  let created = 0;
  for (const request of requests) {
    const response = await fetch(`${baseUrl}/api/model-catalog/ingest`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(request),
    });
    const body = await response.text();
    if (response.status !== 200 && response.status !== 201) {
      // The body is the API's error message; the token is never echoed by the backend.
      throw new Error(
        `ingest of ${request.id}: HTTP ${response.status} ${body}`,
      );
    }
    if (JSON.parse(body).created) created += 1;
  }
  return { total: requests.length, created };
}

async function main() {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string', default: 'http://localhost:7007' },
      fixture: { type: 'string' },
      wait: { type: 'string', default: '180' },
    },
  });
  const baseUrl = values['base-url'].replace(/\/$/, '');
  const token = process.env.MODEL_CATALOG_INGEST_TOKEN || localSeedToken();
  const { total, created } = await seedLocalStore({
    baseUrl,
    token,
    fixture: values.fixture ? path.resolve(values.fixture) : undefined,
    waitSeconds: Number(values.wait),
  });
  console.error(
    `seed-local-store: ${total} ingest requests from examples/seed/model-catalog.json posted to ${baseUrl} (${created} new)`,
  );
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().catch(error => {
    console.error(`seed-local-store: ${error.message}`);
    process.exit(1);
  });
}
