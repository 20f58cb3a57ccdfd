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

import { execFile } from 'node:child_process';

/**
 * Runs a command of a generated project (its venv's python, the venv script) and resolves with
 * its exit code and output, never rejecting, so a test can show what a failed run printed.
 */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string; output: string }> {
  return new Promise(resolve => {
    execFile(
      command,
      args,
      { ...options, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error
            ? Number(typeof error.code === 'number' ? error.code : 1)
            : 0,
          stdout,
          stderr,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}
