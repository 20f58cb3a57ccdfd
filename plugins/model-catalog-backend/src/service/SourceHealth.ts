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

import { SourceError } from '@ai-golden-path/plugin-model-catalog-common';

/**
 * Remembers, per source, since when it has been failing and when it last answered, so that
 * a partial answer can say "registry X unreachable since 10:02, data from 09:58".
 * Kept in memory: each backend replica reports what it saw itself.
 */
export class SourceHealth {
  readonly #state = new Map<
    string,
    { failingSince?: string; lastSuccessAt?: string }
  >();

  succeeded(source: string, at = new Date()): void {
    this.#state.set(source, { lastSuccessAt: at.toISOString() });
  }

  failed(
    source: string,
    kind: SourceError['kind'],
    message: string,
    at = new Date(),
  ): SourceError {
    const state = this.#state.get(source) ?? {};
    if (!state.failingSince) {
      state.failingSince = at.toISOString();
      this.#state.set(source, state);
    }
    return {
      source,
      kind,
      message,
      failingSince: state.failingSince,
      lastSuccessAt: state.lastSuccessAt,
    };
  }
}
