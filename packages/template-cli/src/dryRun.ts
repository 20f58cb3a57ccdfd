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

import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  BackendFeature,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import gitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import aiGoldenPathModule from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { inMemoryDatabaseServiceFactory } from './inMemoryDatabase';

/** What the scaffolder's dry-run API answers. */
export interface DryRunResult {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  directoryContents: { path: string; base64Content: string; executable?: boolean }[];
  output: Record<string, unknown>;
  steps: { id: string; name: string; action: string }[];
}

/** A dry-run that the scaffolder refused or that failed in a step. */
export class DryRunError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'DryRunError';
  }
}

/**
 * An in-process Backstage backend with the real scaffolder and this project's actions, for
 * running templates without a UI, a git host or a catalog.
 */
export interface DryRunBackend {
  baseUrl: string;
  /** Runs a template file through `POST /api/scaffolder/v2/dry-run`. */
  dryRun(options: {
    templateFile: string;
    values: Record<string, unknown>;
    secrets?: Record<string, string>;
  }): Promise<DryRunResult>;
  stop(): Promise<void>;
}

/**
 * What the dry-run API needs to see of a template's repository: every file below the
 * template's directory, plus the directories its steps name from the repository root
 * (`url: /skeleton`). The dry-run puts the template at the root of what it is sent, so a
 * repository-root path resolves against these files as it would in the repository.
 */
export function readTemplateDirectory(templateFile: string) {
  const templateDir = path.dirname(path.resolve(templateFile));
  const contents = new Map<string, { path: string; base64Content: string }>();
  const walk = (root: string, dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') walk(root, absolute, prefix);
      } else if (entry.isFile()) {
        const relative = prefix + path.relative(root, absolute).split(path.sep).join('/');
        contents.set(relative, {
          path: relative,
          base64Content: fs.readFileSync(absolute).toString('base64'),
        });
      }
    }
  };
  walk(templateDir, templateDir, '');
  const rootPaths = repositoryRootPaths(YAML.parse(fs.readFileSync(templateFile, 'utf8')));
  if (rootPaths.length > 0) {
    const repositoryRoot = findRepositoryRoot(templateDir);
    for (const rootPath of rootPaths) {
      const source = resolveSafeChildPath(repositoryRoot, `.${rootPath}`);
      if (!fs.statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
        throw new Error(`${templateFile}: ${rootPath} is not a directory of ${repositoryRoot}`);
      }
      walk(source, source, `${rootPath.replace(/^\/+|\/+$/g, '')}/`);
    }
  }
  return [...contents.values()];
}

/** The `url: /...` inputs of a template's steps (paths from its repository's root). */
function repositoryRootPaths(template: unknown): string[] {
  const steps = (template as { spec?: { steps?: { input?: { url?: unknown } }[] } })?.spec?.steps;
  return (steps ?? [])
    .map(step => step?.input?.url)
    .filter((url): url is string => typeof url === 'string' && /^\/(?!\/)/.test(url));
}

function findRepositoryRoot(startDir: string): string {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`${startDir} is not inside a git work tree; its template names paths from the repository root`);
    }
  }
}

export async function startDryRunBackend(options?: {
  config?: Record<string, unknown>;
  features?: BackendFeature[];
}): Promise<DryRunBackend> {
  const publishRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-golden-path-dry-run-'));
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      gitlabModule,
      aiGoldenPathModule,
      // The real reader, so skeletons on a git host are read with the configured integrations.
      urlReaderServiceFactory,
      catalogServiceMock.factory(),
      // Closed on stop(), so the CLI and the tests' workers exit when they are done.
      inMemoryDatabaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:0' },
          // Dry runs never write here; the local publish step only checks its target.
          aiGoldenPath: { localPublish: { rootDirectory: publishRoot } },
          ...options?.config,
        },
      }),
      ...(options?.features ?? []),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    async dryRun({ templateFile, values, secrets }) {
      const template = YAML.parse(fs.readFileSync(templateFile, 'utf8'));
      const response = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          template,
          values,
          secrets,
          directoryContents: readTemplateDirectory(templateFile),
        }),
      });
      const body = await response.json();
      if (!response.ok) {
        const errors = (body as { errors?: { property?: string; stack?: string; message?: string }[] })
          .errors;
        const message = errors
          ? errors.map(e => e.stack ?? `${e.property} ${e.message}`).join('; ')
          : (body as { error?: { message?: string } }).error?.message ?? response.statusText;
        throw new DryRunError(message, response.status, body);
      }
      return body as DryRunResult;
    },
    async stop() {
      await backend.stop();
      fs.rmSync(publishRoot, { recursive: true, force: true });
    },
  };
}

/** The step in the log that failed, with its message, if any. */
export function failedStep(result: DryRunResult): { stepId: string; message: string } | undefined {
  const failed = result.log.find(entry => entry.body.status === 'failed');
  if (!failed) return undefined;
  const messages = result.log
    .filter(entry => entry.body.stepId === failed.body.stepId)
    .map(entry => entry.body.message);
  return { stepId: failed.body.stepId ?? '', message: messages[messages.length - 1] ?? '' };
}

/** Writes the files of a dry-run result below `outputDir`, refusing paths that leave it. */
export function writeDirectoryContents(result: DryRunResult, outputDir: string) {
  const root = path.resolve(outputDir);
  for (const file of result.directoryContents) {
    const target = resolveSafeChildPath(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}
