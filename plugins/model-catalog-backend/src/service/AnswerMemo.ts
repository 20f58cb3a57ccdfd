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

/** What the memo needs of an entry: its size in memory. */
export interface SizedEntry {
  readonly bytes: number;
}

/**
 * A least-recently-used map bounded by the bytes of its entries rather than their count:
 * one answer of a 500-version model is ~800 KiB, one of a fresh model a few hundred bytes,
 * so a count bound would either waste memory or hold almost nothing.
 *
 * The memo knows nothing about freshness; whoever reads it decides whether an entry is still
 * valid (and deletes it when not).
 */
export class AnswerMemo<V extends SizedEntry> {
  // Maps iterate in insertion order: re-inserting on use keeps the least recent first.
  readonly #entries = new Map<string, V>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held now (the sum of the entries' `bytes`). */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** Keeps the entry unless it alone is larger than the bound; evicts the least recent. */
  set(key: string, entry: V): void {
    this.delete(key);
    if (entry.bytes > this.maxBytes) {
      return;
    }
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    for (const [oldKey, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) {
        break;
      }
      this.#entries.delete(oldKey);
      this.#bytes -= old.bytes;
    }
  }

  /** Deletes `key`, or only if it still holds `entry` when given (a newer entry stays). */
  delete(key: string, entry?: V): void {
    const current = this.#entries.get(key);
    if (current === undefined || (entry !== undefined && current !== entry)) {
      return;
    }
    this.#entries.delete(key);
    this.#bytes -= current.bytes;
  }

  deleteWhere(predicate: (entry: V) => boolean): void {
    for (const [key, entry] of this.#entries) {
      if (predicate(entry)) {
        this.delete(key);
      }
    }
  }
}
