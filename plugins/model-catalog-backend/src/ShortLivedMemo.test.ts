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

import { ShortLivedMemo } from './ShortLivedMemo';

/** A load that resolves when told to, counting its calls. */
function controlledLoad<T>() {
  let calls = 0;
  const pending: Array<{ resolve(v: T): void; reject(e: Error): void }> = [];
  return {
    load: () =>
      new Promise<T>((resolve, reject) => {
        calls++;
        pending.push({ resolve, reject });
      }),
    calls: () => calls,
    resolve: (value: T) => pending.shift()!.resolve(value),
    reject: (error: Error) => pending.shift()!.reject(error),
  };
}

describe('ShortLivedMemo', () => {
  afterEach(() => jest.useRealTimers());

  it('lets concurrent requests for a missing key share one load', async () => {
    const memo = new ShortLivedMemo<string>(5000, 10);
    const source = controlledLoad<string>();
    const answers = Array.from({ length: 20 }, () =>
      memo.get('component:default/a', source.load),
    );
    source.resolve('model-a');
    await expect(Promise.all(answers)).resolves.toEqual(
      Array(20).fill('model-a'),
    );
    expect(source.calls()).toBe(1);
    await expect(memo.get('component:default/a', source.load)).resolves.toBe(
      'model-a',
    );
    expect(source.calls()).toBe(1);
  });

  it('loads once more when the entry expired, shared again', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'queueMicrotask'] });
    const memo = new ShortLivedMemo<string>(5000, 10);
    const source = controlledLoad<string>();
    const first = memo.get('k', source.load);
    source.resolve('old');
    await first;
    jest.setSystemTime(4999);
    await expect(memo.get('k', source.load)).resolves.toBe('old');
    jest.setSystemTime(5000);
    const again = [memo.get('k', source.load), memo.get('k', source.load)];
    source.resolve('new');
    await expect(Promise.all(again)).resolves.toEqual(['new', 'new']);
    expect(source.calls()).toBe(2);
  });

  it('gives every waiter the error of a failed load and does not remember it', async () => {
    const memo = new ShortLivedMemo<string>(5000, 10);
    const source = controlledLoad<string>();
    const waiters = [memo.get('k', source.load), memo.get('k', source.load)];
    source.reject(new Error('No entity component:default/k'));
    for (const waiter of waiters) {
      await expect(waiter).rejects.toThrow('No entity component:default/k');
    }
    const retry = memo.get('k', source.load);
    source.resolve('registered since');
    await expect(retry).resolves.toBe('registered since');
    expect(source.calls()).toBe(2);
  });

  it('forgets the oldest key beyond its bound', async () => {
    const memo = new ShortLivedMemo<string>(5000, 2);
    const loads = { a: 0, b: 0, c: 0 };
    const get = (key: 'a' | 'b' | 'c') =>
      memo.get(key, async () => {
        loads[key]++;
        return key;
      });
    await get('a');
    await get('b');
    await get('c');
    await get('b');
    await get('c');
    expect(loads).toEqual({ a: 1, b: 1, c: 1 });
    await get('a');
    expect(loads.a).toBe(2);
  });
});
