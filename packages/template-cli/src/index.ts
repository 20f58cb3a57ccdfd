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
 * render-template: runs a software template through the real scaffolder engine (the dry-run
 * API of an in-process backend) with a values file, prints the step log and writes the
 * generated files to a directory. For platform teams trying a template without a UI or a git
 * host.
 */
import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  DryRunError,
  failedStep,
  startDryRunBackend,
  writeDirectoryContents,
} from './dryRun';

export * from './dryRun';
export { inMemoryDatabaseServiceFactory } from './inMemoryDatabase';

async function main(argv: string[]) {
  const program = new Command()
    .name('render-template')
    .description(
      'Render a software template through the real scaffolder (dry run) and write the result',
    )
    .requiredOption('-t, --template <file>', 'template.yaml of the template to run')
    .requiredOption('-v, --values <file>', 'YAML or JSON file with the form values')
    .requiredOption('-o, --output <dir>', 'directory to write the generated files to (must be empty or absent)')
    .option('-s, --secrets <file>', 'YAML or JSON file with secrets for the template')
    .parse(argv);
  const options = program.opts<{
    template: string;
    values: string;
    output: string;
    secrets?: string;
  }>();

  // npm and yarn run scripts from the repository root; paths are meant from where the user is.
  const fromUser = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  const readData = (file: string, what: string) => {
    const data = YAML.parse(fs.readFileSync(fromUser(file), 'utf8'));
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw new Error(`${what} file ${file} must hold a mapping of names to values`);
    }
    return data as Record<string, unknown>;
  };
  const values = readData(options.values, 'values');
  const secrets = options.secrets
    ? (readData(options.secrets, 'secrets') as Record<string, string>)
    : undefined;
  const output = fromUser(options.output);
  if (fs.existsSync(output) && fs.readdirSync(output).length > 0) {
    throw new Error(`output directory ${output} is not empty`);
  }

  const backend = await startDryRunBackend();
  try {
    const result = await backend.dryRun({
      templateFile: fromUser(options.template),
      values,
      secrets,
    });
    // The scaffolder's logger colours its lines; a file or a pipe wants plain text.
    const plain = (text: string) =>
      // eslint-disable-next-line no-control-regex
      process.stdout.isTTY ? text : text.replace(/\u001b\[[0-9;]*m/g, '');
    for (const entry of result.log) {
      const step = entry.body.stepId ? `[${entry.body.stepId}] ` : '';
      process.stdout.write(plain(`${step}${entry.body.message}\n`));
    }
    const failed = failedStep(result);
    if (failed) {
      throw new Error(`step ${failed.stepId} failed: ${failed.message}`);
    }
    writeDirectoryContents(result, output);
    process.stdout.write(
      `\nWrote ${result.directoryContents.length} files to ${output}\n` +
        `Output: ${JSON.stringify(result.output, null, 2)}\n`,
    );
  } finally {
    await backend.stop();
  }
}

if (require.main === module) {
  main(process.argv).then(
    () => process.exit(0),
    (error: unknown) => {
      const message =
        error instanceof DryRunError
          ? `The scaffolder refused the run (${error.status}): ${error.message}`
          : (error as Error).message;
      process.stderr.write(`render-template: ${message}\n`);
      process.exit(1);
    },
  );
}
