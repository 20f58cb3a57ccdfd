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

import { AnswerMemo } from './AnswerMemo';

const entry = (bytes: number) => ({ bytes });

describe('AnswerMemo', () => {
  it('evicts the least recently used entries once over its byte bound', () => {
    const memo = new AnswerMemo<{ bytes: number }>(100);
    memo.set('a', entry(40));
    memo.set('b', entry(40));
    memo.get('a'); // a is now the most recent
    memo.set('c', entry(40));
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')).toBeDefined();
    expect(memo.get('c')).toBeDefined();
    expect(memo.bytes).toBe(80);
  });

  it('keeps nothing larger than the bound, and nothing at all with a bound of 0', () => {
    const memo = new AnswerMemo<{ bytes: number }>(100);
    memo.set('small', entry(10));
    memo.set('huge', entry(101));
    expect(memo.get('huge')).toBeUndefined();
    expect(memo.get('small')).toBeDefined();
    const none = new AnswerMemo<{ bytes: number }>(0);
    none.set('x', entry(1));
    expect(none.size).toBe(0);
  });

  it('replacing or deleting an entry gives its bytes back', () => {
    const memo = new AnswerMemo<{ bytes: number }>(100);
    const first = entry(30);
    memo.set('a', first);
    memo.set('a', entry(50));
    expect(memo.bytes).toBe(50);
    // Deleting a stale reference leaves the newer entry alone.
    memo.delete('a', first);
    expect(memo.bytes).toBe(50);
    memo.deleteWhere(() => true);
    expect(memo.bytes).toBe(0);
    expect(memo.size).toBe(0);
  });
});
