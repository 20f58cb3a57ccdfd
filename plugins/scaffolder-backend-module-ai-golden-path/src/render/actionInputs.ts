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
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { fetchContents } from '@backstage/plugin-scaffolder-node';

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
 * Reads a directory of templates (a skeleton, a manifest set) into a temporary directory:
 * `url` is relative to the template (`./skeleton`) or an absolute URL that a configured
 * integration can read. A failure is an error naming `url`.
 */
export async function fetchTemplateDirectory(options: {
  ctx: {
    createTemporaryDirectory(): Promise<string>;
    templateInfo?: { baseUrl?: string };
  };
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  url: string;
  /** What the directory is, for the error message: "the skeleton", "the manifest set". */
  what: string;
}): Promise<string> {
  const { ctx, reader, integrations, url, what } = options;
  const directory = await ctx.createTemporaryDirectory();
  try {
    await fetchContents({
      reader,
      integrations,
      baseUrl: ctx.templateInfo?.baseUrl,
      fetchUrl: url,
      outputPath: directory,
    });
  } catch (error) {
    throw new InputError(
      `url "${url}": ${what} could not be read: ${(error as Error).message}`,
    );
  }
  return directory;
}
