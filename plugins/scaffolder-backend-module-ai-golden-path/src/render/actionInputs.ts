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
  isChildPath,
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { fetchContents } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory inside the workspace that an action writes into, or an error naming
 * `targetPath` when it would leave the workspace.
 */
export function resolveTargetDirectory(workspacePath: string, targetPath: string): string {
  try {
    return resolveSafeChildPath(workspacePath, targetPath);
  } catch {
    throw new InputError(
      `targetPath "${targetPath}" is outside the workspace; give a path inside it`,
    );
  }
}

/**
 * Reads a directory of templates (a skeleton, a manifest set) into a temporary directory.
 * `url` is one of:
 * - relative to the template (`./manifests`);
 * - relative to the root of the repository that holds the template (`/skeleton`), the way
 *   Backstage's SCM integrations resolve a leading slash, so that several templates can share a
 *   top-level skeleton;
 * - an absolute URL that a configured integration can read.
 * A failure is an error naming `url`.
 */
export async function fetchTemplateDirectory(options: {
  ctx: {
    createTemporaryDirectory(): Promise<string>;
    templateInfo?: { baseUrl?: string };
    isDryRun?: boolean;
  };
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  url: string;
  /** What the directory is, for the error message: "the skeleton", "the manifest set". */
  what: string;
}): Promise<string> {
  const { ctx, reader, integrations, url, what } = options;
  const directory = await ctx.createTemporaryDirectory();
  const baseUrl = ctx.templateInfo?.baseUrl;
  try {
    if (isRepositoryRootPath(url) && baseUrl?.startsWith('file://')) {
      // fetchContents confines a file-located template to its own directory; a path from the
      // repository root is confined to that root instead.
      await copyFromLocalRepository({
        templateFile: fileURLToPath(baseUrl),
        isDryRun: ctx.isDryRun === true,
        url,
        outputPath: directory,
      });
    } else {
      // Templates read from a git host: the integration resolves `/skeleton` against the
      // repository root itself.
      await fetchContents({
        reader,
        integrations,
        baseUrl,
        fetchUrl: url,
        outputPath: directory,
      });
    }
  } catch (error) {
    throw new InputError(
      `url "${url}": ${what} could not be read: ${(error as Error).message}`,
    );
  }
  return directory;
}

/** `/skeleton`, not `//host/path` (a protocol-relative URL). */
function isRepositoryRootPath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}

/**
 * The root of the local repository holding a file-located template: for a dry-run, the
 * directory the caller's files were written to (the dry-run API puts the template at its
 * root, so callers send the template's repository as they want it seen); otherwise the nearest
 * enclosing git work tree.
 */
export function localRepositoryRoot(templateFile: string, isDryRun: boolean): string {
  const templateDir = path.dirname(templateFile);
  if (isDryRun) return templateDir;
  for (let dir = templateDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(
        `the template ${templateFile} is not inside a git work tree, so "/..." has no repository root; register the template from its repository or use a path relative to the template`,
      );
    }
  }
}

async function copyFromLocalRepository(options: {
  templateFile: string;
  isDryRun: boolean;
  url: string;
  outputPath: string;
}) {
  const root = localRepositoryRoot(options.templateFile, options.isDryRun);
  const source = resolveSafeChildPath(root, `.${options.url}`);
  if (!fs.statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${options.url} is not a directory of the repository at ${root}`);
  }
  const realRoot = await fs.promises.realpath(root);
  await fs.promises.cp(source, options.outputPath, {
    recursive: true,
    dereference: true,
    // A link inside the directory must not bring in files from outside the repository.
    filter: async src => isChildPath(realRoot, await fs.promises.realpath(src)),
  });
}
