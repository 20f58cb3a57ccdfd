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

/**
 * The model catalog API inside the real local Backstage backend (`packages/backend`, started
 * the way `npm start` starts it): the root router's middleware (helmet, CORS, compression,
 * request logging), a guest user's token verified on every request, the permission framework
 * on (the allow-all policy, asked over HTTP by the plugin), the catalog in SQLite. The model
 * comes from the fake Kubeflow registry (500 versions, 30 ms per request) in its own process.
 *
 * `bench/model-catalog-api.ts` measures the plugin's router with in-process stubs for catalog,
 * auth and permissions; this bench measures what a user of a real backend sees. Beside the
 * card, in turns with it, two routes of the same backend that do no model work:
 * `GET /api/model-catalog/registries` (verifies the token, writes a few bytes) and
 * `GET /api/model-catalog/health` (no token).
 *
 * `--permissions-off` turns the permission framework off (`permission.enabled: false`): the
 * plugin's check then allows without asking the permission backend, which shows what that
 * call costs.
 *
 * Run: bash scripts/toolchain.sh node --import tsx bench/model-catalog-api-backend.ts [seconds] [--permissions-off]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startLocalApp, waitFor } from '../test/src/browser/localApp';
import {
  autocannonLoad,
  interleavedMedians,
  LoadTarget,
  pinServer,
  placement,
  printMedianOfThree,
  processCpu,
} from './load-generators';
import { row, startFakeRegistry } from './model-catalog-common';

async function main() {
  const args = process.argv.slice(2);
  const permissionsOn = !args.includes('--permissions-off');
  const seconds = Number(args.find(arg => !arg.startsWith('--')) ?? 10);
  const registry = await startFakeRegistry(1, 500, 30, true);
  const workDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'model-catalog-bench-'),
  );
  const entityFile = path.join(workDir, 'catalog-info.yaml');
  fs.writeFileSync(
    entityFile,
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'fraud-detector',
        annotations: {
          'ai-golden-path.io/model-registry': 'rhoai',
          'ai-golden-path.io/model-name': 'model-00000',
        },
      },
      spec: { type: 'service', lifecycle: 'experimental', owner: 'guests' },
    }),
  );
  const app = await startLocalApp({
    readinessPath: '/api/model-catalog/health',
    config: {
      permission: { enabled: permissionsOn },
      catalog: { locations: [{ type: 'file', target: entityFile }] },
      modelCatalog: {
        registries: [
          { name: 'rhoai', type: 'kubeflow', baseUrl: registry.url },
        ],
        // Nothing expires during the runs: warm means warm.
        cacheTtlSeconds: 3600,
      },
    },
  });
  try {
    const pinned = pinServer(app.pid, true);
    const serverCpu = processCpu(app.pid);
    const token = await app.guestToken();
    const api = `${app.baseUrl}/api/model-catalog`;
    const withToken = {
      authorization: `Bearer ${token}`,
      'accept-encoding': 'gzip',
    };
    const card: LoadTarget = {
      url: `${api}/entities/component/default/fraud-detector/model?latestVersions=1`,
      headers: withToken,
    };
    const coldStarted = performance.now();
    // The catalog reads the location in the background; the first answer reads the registry.
    await waitFor('the component and its model', 120, async () => {
      const response = await fetch(card.url, { headers: card.headers });
      return response.ok ? true : undefined;
    });
    const firstAnswerMs = performance.now() - coldStarted;
    const targets: LoadTarget[] = [
      card,
      { url: `${api}/registries`, headers: withToken },
      { url: `${api}/health`, headers: {} },
    ];
    const load = (target: LoadTarget, runSeconds: number) =>
      autocannonLoad(target, runSeconds, serverCpu);
    for (const target of targets) await load(target, 3); // warm-up, not measured
    const [cardFigures, registries, health] = await interleavedMedians(
      targets,
      target => load(target, seconds),
    );

    console.log(
      `Model catalog API in the local Backstage backend (${permissionsOn ? 'permissions on, allow-all policy' : 'permissions off'}; guest token): one component, 500 versions, ${os.cpus().length} CPUs, ${placement(pinned)}`,
    );
    console.log(row('', 'measured', 'goal (issue 6)'));
    console.log(
      row(
        'first answer (catalog + cold registry read)',
        `${(firstAnswerMs / 1000).toFixed(1)} s`,
      ),
    );
    console.log('warm, 100 concurrent, autocannon:');
    printMedianOfThree('  card (?latestVersions=1)', cardFigures, '< 50 ms');
    printMedianOfThree('  GET /registries (token only)', registries);
    printMedianOfThree('  GET /health (no token)', health);
    const errors = cardFigures.errors + registries.errors + health.errors;
    console.log(row('errors and non-2xx answers', String(errors)));
  } finally {
    await app.stop();
    await registry.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
