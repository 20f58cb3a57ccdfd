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

import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import git from 'isomorphic-git';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readLocalPublishConfig } from '../../localRepositories/config';
import { checkRepositoryName } from '../../render/names';
import { examples } from './publishLocal.examples';

export const PUBLISH_LOCAL_ACTION_ID = 'ai-golden-path:publish:local';

/** Copies a directory tree, refusing symbolic links that could point outside the workspace. */
async function copyTree(source: string, destination: string) {
  await fs.promises.mkdir(destination, { recursive: true });
  for (const entry of await fs.promises.readdir(source, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const from = path.join(source, entry.name);
    const to = path.join(destination, entry.name);
    if (entry.isSymbolicLink()) {
      throw new InputError(`sourcePath: ${entry.name} is a symbolic link; it cannot be published`);
    } else if (entry.isDirectory()) {
      await copyTree(from, to);
    } else if (entry.isFile()) {
      await fs.promises.copyFile(from, to);
      await fs.promises.chmod(to, (await fs.promises.stat(from)).mode & 0o777);
    }
  }
}

/**
 * Publishes the workspace as a git repository (one initial commit) in a local directory set in
 * config, for trying the golden path without a git host. The repository is built in a staging
 * directory and renamed into place only once its commit exists, so a failure leaves nothing
 * behind under the publish root.
 */
export function createPublishLocalAction(options: { config: Config }) {
  const { config } = options;
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      'Publishes the workspace as a new git repository (initial commit) in the local directory set by aiGoldenPath.localPublish.rootDirectory, and outputs a catalog location for catalog:register.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .describe('Name of the repository directory (lower-case letters, digits, "-", "_", ".")'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Directory inside the workspace to publish (default: the workspace root)'),
        defaultBranch: z =>
          z.string().optional().describe('Branch of the initial commit (default: main)'),
        gitCommitMessage: z =>
          z.string().optional().describe('Message of the initial commit (default: Initial commit)'),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe('Path of the catalog file inside the repository (default: /catalog-info.yaml)'),
      },
      output: {
        remoteUrl: z => z.string().describe('file:// URL of the published repository'),
        repoContentsUrl: z => z.string().describe('file:// URL of the repository contents'),
        catalogInfoUrl: z => z.string().describe('file:// URL of the catalog file, for catalog:register'),
        commitHash: z => z.string().describe('Hash of the initial commit'),
      },
    },
    async handler(ctx) {
      const publish = readLocalPublishConfig(config);
      const repoName = ctx.input.repoName;
      checkRepositoryName(repoName, 'repoName');
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,100}$/.test(defaultBranch) || defaultBranch.includes('..')) {
        throw new InputError(`defaultBranch "${defaultBranch}" is not a valid branch name`);
      }
      const message = ctx.input.gitCommitMessage ?? 'Initial commit';
      const catalogInfoPath = (ctx.input.catalogInfoPath ?? '/catalog-info.yaml').replace(/^\/+/, '');

      let sourceDir: string;
      try {
        sourceDir = resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath ?? '.');
      } catch {
        throw new InputError(`sourcePath "${ctx.input.sourcePath}" is outside the workspace`);
      }
      const target = resolveSafeChildPath(publish.rootDirectory, repoName);
      let catalogInfoFile: string;
      try {
        catalogInfoFile = resolveSafeChildPath(target, catalogInfoPath);
      } catch {
        throw new InputError(`catalogInfoPath "${ctx.input.catalogInfoPath}" is outside the repository`);
      }
      if (fs.existsSync(target)) {
        throw new InputError(
          `repoName "${repoName}": a repository of that name already exists in the local publish directory`,
        );
      }

      const remoteUrl = pathToFileURL(target).toString();
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}/`);
      ctx.output('catalogInfoUrl', pathToFileURL(catalogInfoFile).toString());

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish ${sourceDir} as ${remoteUrl}`);
        ctx.output('commitHash', '0000000000000000000000000000000000000000');
        return;
      }

      const commitHash = await ctx.checkpoint({
        key: `publish.local.${repoName}`,
        fn: async () => {
          await fs.promises.mkdir(publish.rootDirectory, { recursive: true });
          const staging = resolveSafeChildPath(
            publish.rootDirectory,
            `.staging-${repoName}-${crypto.randomUUID()}`,
          );
          try {
            await copyTree(sourceDir, staging);
            await git.init({ fs, dir: staging, defaultBranch });
            await git.add({ fs, dir: staging, filepath: '.' });
            const hash = await git.commit({
              fs,
              dir: staging,
              message,
              author: publish.author,
              committer: publish.author,
            });
            // rename() onto an existing empty directory succeeds on Linux, so check again.
            if (fs.existsSync(target)) {
              throw new InputError(
                `repoName "${repoName}": a repository of that name was created meanwhile`,
              );
            }
            await fs.promises.rename(staging, target);
            return hash;
          } finally {
            await fs.promises.rm(staging, { recursive: true, force: true });
          }
        },
      });
      ctx.logger.info(`Published ${remoteUrl} at commit ${commitHash}`);
      ctx.output('commitHash', commitHash);
    },
  });
}
