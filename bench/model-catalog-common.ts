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

/**
 * Helpers shared by the model catalog benches: the fake registry child process, RSS
 * sampling and percentiles.
 */
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';

export interface FakeRegistryProcess {
  url: string;
  requestCount(): Promise<number>;
  stop(): Promise<void>;
}

export async function startFakeRegistry(
  models: number,
  versionsPerModel: number,
  latencyMs: number,
  rich = false,
): Promise<FakeRegistryProcess> {
  const child: ChildProcess = fork(
    path.join(__dirname, 'model-catalog-fake-registry.ts'),
    [
      String(models),
      String(versionsPerModel),
      String(latencyMs),
      rich ? 'rich' : 'plain',
    ],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: any) => {
        if (message && key in message) {
          child.off('message', onMessage);
          resolve(message[key]);
        }
      };
      child.on('message', onMessage);
      child.once('exit', code =>
        reject(new Error(`fake registry exited with ${code}`)),
      );
    });
  const url = await next<string>('url');
  return {
    url,
    async requestCount() {
      const count = next<number>('requests');
      child.send('count');
      return count;
    },
    async stop() {
      child.send('stop');
      await new Promise(resolve => child.once('exit', resolve));
    },
  };
}

/** Samples this process's RSS until stopped; returns the peak in MiB. */
export function sampleRss(intervalMs = 20): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak / 1024 / 1024;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

export const quietLogger: LoggerService = {
  error: (message: string) => console.error(message),
  warn: (message: string) => console.warn(message),
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

export function row(label: string, value: string, goal = ''): string {
  return `${label.padEnd(44)} ${value.padStart(14)}   ${goal}`;
}
