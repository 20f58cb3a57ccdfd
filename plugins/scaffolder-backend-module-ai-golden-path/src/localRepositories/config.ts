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

import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import path from 'node:path';

export interface LocalPublishConfig {
  /** Absolute path of the directory that holds the published repositories. */
  rootDirectory: string;
  author: { name: string; email: string };
}

export function readOptionalLocalPublishConfig(
  config: Config,
): LocalPublishConfig | undefined {
  const local = config.getOptionalConfig('aiGoldenPath.localPublish');
  if (!local) return undefined;
  return {
    rootDirectory: path.resolve(local.getString('rootDirectory')),
    author: {
      name: local.getOptionalString('author.name') ?? 'Backstage Scaffolder',
      email: local.getOptionalString('author.email') ?? 'scaffolder@backstage.invalid',
    },
  };
}

export function readLocalPublishConfig(config: Config): LocalPublishConfig {
  const local = readOptionalLocalPublishConfig(config);
  if (!local) {
    throw new InputError(
      'Local publishing is not configured: set aiGoldenPath.localPublish.rootDirectory in app-config.yaml',
    );
  }
  return local;
}
