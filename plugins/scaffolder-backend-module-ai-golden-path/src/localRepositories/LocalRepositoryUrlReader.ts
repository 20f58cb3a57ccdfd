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
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import type {
  ReaderFactory,
  ReadTreeResponseFactory,
} from '@backstage/backend-defaults/urlReader';
import { NotFoundError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readOptionalLocalPublishConfig } from './config';

/**
 * Reads `file://` URLs below the local publish directory, so that `catalog:register` can
 * register what `ai-golden-path:publish:local` wrote, exactly as it registers a URL on a git
 * host. Nothing outside that one directory is readable through it.
 */
export class LocalRepositoryUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const local = readOptionalLocalPublishConfig(config);
    if (!local) return [];
    const reader = new LocalRepositoryUrlReader(local.rootDirectory, treeResponseFactory);
    return [{ reader, predicate: url => reader.covers(url) }];
  };

  constructor(
    private readonly rootDirectory: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  covers(url: URL): boolean {
    if (url.protocol !== 'file:') return false;
    const target = path.resolve(fileURLToPath(url));
    return target !== this.rootDirectory && isChildPath(this.rootDirectory, target);
  }

  private pathOf(url: string): string {
    const parsed = new URL(url);
    if (!this.covers(parsed)) {
      throw new NotFoundError(`${url} is not inside the local publish directory`);
    }
    const target = fileURLToPath(parsed);
    // A symbolic link inside a repository must not lead out of the publish directory.
    if (fs.existsSync(target) && !isChildPath(this.rootDirectory, fs.realpathSync(target))) {
      throw new NotFoundError(`${url} is not inside the local publish directory`);
    }
    return target;
  }

  async read(url: string): Promise<Buffer> {
    const response = await this.readUrl(url);
    return response.buffer();
  }

  async readUrl(
    url: string,
    _options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const target = this.pathOf(url);
    let content: Buffer;
    try {
      content = await fs.promises.readFile(target);
    } catch {
      throw new NotFoundError(`${url} does not exist`);
    }
    return { buffer: async () => content };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const root = this.pathOf(url);
    const files: { path: string; data: Readable }[] = [];
    const walk = async (directory: string) => {
      for (const entry of await fs.promises.readdir(directory, { withFileTypes: true })) {
        const absolute = path.join(directory, entry.name);
        const relative = path.relative(root, absolute);
        if (entry.name === '.git') continue;
        if (entry.isDirectory()) {
          await walk(absolute);
        } else if (entry.isFile() && (!options?.filter || options.filter(relative))) {
          files.push({ path: relative, data: fs.createReadStream(absolute) });
        }
      }
    };
    await walk(root);
    return this.treeResponseFactory.fromReadableArray(files);
  }

  async search(
    url: string,
    _options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    // Locations registered by the scaffolder name one file; a glob is not supported here.
    const response = await this.readUrl(url);
    return { files: [{ url, content: response.buffer }], etag: '' };
  }

  toString() {
    return `localRepositories{root=${this.rootDirectory}}`;
  }
}
