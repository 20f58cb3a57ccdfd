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

import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../goldenPath';

/** The ModelOps tool's source (a Python package), run from its venv. */
export const toolDir = path.join(repoRoot, 'tools/modelops');

/** Runs a command without a shell and collects its output. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    // Asynchronous on purpose: the fake registry answers from this process meanwhile.
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

/** The tool's venv from its exact pins, built once per hash under .cache/venvs (venv.sh). */
export async function modelopsVenv(): Promise<string> {
  const result = await run('bash', [
    path.join(repoRoot, 'test/generated-project/venv.sh'),
    toolDir,
  ]);
  if (result.code !== 0) {
    throw new Error(`venv.sh failed:\n${result.stderr}`);
  }
  return result.stdout.trim().split('\n').pop()!;
}
