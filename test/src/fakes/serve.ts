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
 * The fake Kubeflow Model Registry as a process, for tests outside Jest (e.g. pytest):
 *
 *   node --import tsx test/src/fakes/serve.ts
 *
 * prints `{"url": "http://127.0.0.1:<port>"}` on one line of stdout once it listens, and stops
 * on SIGTERM/SIGINT or when stdin closes. With FAKE_REGISTRY_TOKEN set, API requests need
 * `Authorization: Bearer <that token>`. Control endpoints: see kubeflowModelRegistry.ts.
 */

import { FakeKubeflowModelRegistry } from './kubeflowModelRegistry';

async function main() {
  const registry = new FakeKubeflowModelRegistry({
    token: process.env.FAKE_REGISTRY_TOKEN || undefined,
  });
  const url = await registry.start();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  const stop = async () => {
    await registry.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
