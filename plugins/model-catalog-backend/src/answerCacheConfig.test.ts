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

import { ConfigReader } from '@backstage/config';
import { readModelCatalogConfig } from './config';

const read = (modelCatalog: object) =>
  readModelCatalogConfig(new ConfigReader({ modelCatalog }));

describe('modelCatalog.answerCacheMegabytes', () => {
  it('defaults to 64 MiB and accepts 0 (keep no answers)', () => {
    expect(read({}).answerMemoMaxBytes).toBe(64 * 1024 * 1024);
    expect(read({ answerCacheMegabytes: 0 }).answerMemoMaxBytes).toBe(0);
    expect(read({ answerCacheMegabytes: 0.5 }).answerMemoMaxBytes).toBe(
      512 * 1024,
    );
  });

  it('names the setting when the value makes no sense', () => {
    expect(() => read({ answerCacheMegabytes: -1 })).toThrow(
      /modelCatalog\.answerCacheMegabytes/,
    );
  });
});
