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

// Imported first, so that its after-all hooks (stopping the test backends) run before the
// one below removes the directory those backends work in.
import '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Each test file gets a temporary directory of its own, removed after the file: the
// directories the tests make, the scaffolder's workspaces, the mock action context's temporary
// directories and the temporary files of the Python processes the tests start (pytest's,
// torch's) would otherwise stay behind in /tmp after every run. Backstage's
// createMockDirectory does the same, but keeps its directory when CI is set, as it is here.
const systemTmpdir = os.tmpdir;
const fileTmpdir = fs.mkdtempSync(
  path.join(systemTmpdir(), 'ai-golden-path-test-'),
);
os.tmpdir = () => fileTmpdir;
// For child processes started with this file's process.env (Jest gives each file a copy).
process.env.TMPDIR = fileTmpdir;

afterAll(() => {
  os.tmpdir = systemTmpdir;
  fs.rmSync(fileTmpdir, { recursive: true, force: true, maxRetries: 5 });
});
