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
 * Latency of the model catalog API for a component whose model has 500 versions (with
 * metrics, lm-eval and GuideLLM results), read from a fake Kubeflow Model Registry with
 * realistic latency in a separate process. Cold (no cache: every request reads the
 * registry) and warm (cached), under concurrent load with autocannon.
 *
 * The router, service, registry client and cache are the plugin's own; the catalog and
 * permission lookups are in-process stubs (in a real backend they are HTTP calls to the
 * catalog and permission plugins, which add their own latency).
 *
 * Run: bash scripts/toolchain.sh node --import tsx bench/model-catalog-api.ts [versions] [latencyMs] [seconds]
 */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import autocannon from 'autocannon';
import express from 'express';
import { CacheManager } from '@backstage/backend-defaults/cache';
import type { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createRouter } from '../plugins/model-catalog-backend/src/router';
import { ModelCatalogService } from '../plugins/model-catalog-backend/src/service/ModelCatalogService';
import { KubeflowRegistrySource } from '../plugins/model-catalog-backend/src/sources/kubeflow/KubeflowRegistrySource';
import {
  percentile,
  quietLogger,
  row,
  startFakeRegistry,
} from './model-catalog-common';

const noCache: CacheService = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions: () => noCache,
};

async function startApi(
  registryUrl: string,
  cache: CacheService,
  cacheTtlMs: number,
) {
  const source = new KubeflowRegistrySource({
    name: 'rhoai',
    baseUrl: registryUrl,
    requestTimeoutMs: 10_000,
    maxPages: 1000,
  });
  const service = new ModelCatalogService({
    registries: [source],
    deploymentReaders: [],
    cache,
    logger: quietLogger,
    cacheTtlMs,
    responseDeadlineMs: 30_000,
  });
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'fraud-detector',
      namespace: 'default',
      annotations: {
        'ai-golden-path.io/model-registry': 'rhoai',
        'ai-golden-path.io/model-name': 'model-00000',
      },
    },
    spec: {},
  };
  const credentials = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/guest' },
  } as any;
  const router = await createRouter({
    service,
    store: undefined as any,
    catalog: { getEntityByRef: async () => entity } as any,
    auth: { getOwnServiceCredentials: async () => credentials } as any,
    httpAuth: { credentials: async () => credentials } as any,
    permissions: {
      authorize: async (requests: unknown[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any,
    logger: quietLogger,
    maxIngestBodyBytes: 1024 * 1024,
  });
  const app = express();
  app.use('/api/model-catalog', router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/model-catalog/entities/component/default/fraud-detector/model`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

async function sequential(url: string, count: number) {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url);
    const body = await response.text();
    samples.push(performance.now() - started);
    bytes = body.length;
    if (response.status !== 200) {
      throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), bytes };
}

/**
 * On a machine with two or more CPUs and `taskset`, the server's event loop (this process's
 * main thread) runs on CPU 0 and the load generators in their own processes on CPU 1, so that
 * they do not take turns on one core (libuv's pool and the GC helpers may use both). Without
 * it, autocannon runs in a worker thread of this process, as before.
 */
let pinned = false;
let generatorCpu: string[] = [];
/** Called once the fake registry runs: its child process must not inherit CPU 0. */
function pinServerLoop() {
  pinned =
    os.cpus().length >= 2 &&
    spawnSync('taskset', ['-pc', '0', String(process.pid)]).status === 0;
  generatorCpu = pinned ? ['taskset', '-c', '1'] : [];
}
const autocannonCli = require.resolve('autocannon/autocannon.js');

async function load(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
) {
  const cpuBefore = process.threadCpuUsage();
  const result = pinned
    ? await autocannonProcess(url, connections, seconds, headers)
    : await autocannon({
        url,
        connections,
        duration: seconds,
        headers,
        workers: 1,
      });
  const cpu = process.threadCpuUsage(cpuBefore);
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    // CPU time of the server's thread (this one) per answer: unlike latency, it barely
    // depends on what else the machine runs, so it compares the route with the baseline.
    cpuUs: (cpu.user + cpu.system) / Math.max(1, result.requests.total),
  };
}

/** autocannon's CLI in its own process on the load generator's CPU; its JSON result. */
async function autocannonProcess(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string>,
): Promise<autocannon.Result> {
  const args = [
    process.execPath,
    autocannonCli,
    '-j',
    '-c',
    String(connections),
    '-d',
    String(seconds),
  ];
  for (const [name, value] of Object.entries(headers))
    args.push('-H', `${name}=${value}`);
  args.push(url);
  const [command, ...rest] = [...generatorCpu, ...args];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', chunk => (text += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  return JSON.parse(output) as autocannon.Result;
}

/**
 * autocannon three times, the run with the median p99 (as for wrk below): on this kind of
 * VM one 10-second run's p99 can double from one run to the next, for the bare baseline too.
 */
async function loadMedian(
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await load(url, 100, seconds, headers));
  runs.sort((a, b) => a.p99 - b.p99);
  return { ...runs[1], p99Runs: runs.map(run => run.p99) };
}

/** wrk's latency figures ("99%   12.34ms") in milliseconds. */
function wrkMs(text: string, percentile: string): number {
  const match = new RegExp(
    `^\\s*${percentile}%\\s+([\\d.]+)(us|ms|s)\\b`,
    'm',
  ).exec(text);
  if (!match) return NaN;
  const factor = { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
  return Number(match[1]) * factor;
}

/**
 * The same load from wrk, a separate C process, when it is installed: autocannon decodes every
 * body in JavaScript and shares the two CPUs with the server, so on a small machine it can be
 * the bottleneck itself (route and bare baseline then show the same requests/s). wrk costs
 * far less per request, which shows what the server can do.
 */
async function wrkLoad(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(headers))
    args.push('-H', `${name}: ${value}`);
  args.push(url);
  const output = await new Promise<string>((resolve, reject) => {
    const [command, ...rest] = [...generatorCpu, 'wrk', ...args];
    const child = spawn(command, rest);
    let text = '';
    child.stdout.on('data', chunk => (text += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  return {
    p50: wrkMs(output, '50'),
    p99: wrkMs(output, '99'),
    rps: rps ? Number(rps[1]) : NaN,
    errors: non2xx ? Number(non2xx[1]) : 0,
  };
}

const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

/**
 * wrk after a warm-up, three times, the run with the median p99: every run opens its 100
 * connections at once, and one burst of connects or one old-space collection can decide the
 * p99 of a single 10-second run (seen for the bare baseline as much as for the route).
 */
async function wrkMedian(
  url: string,
  seconds: number,
  headers: Record<string, string>,
) {
  await wrkLoad(url, 100, 3, headers); // warm-up, not measured
  const runs = [];
  for (let i = 0; i < 3; i++)
    runs.push(await wrkLoad(url, 100, seconds, headers));
  runs.sort((a, b) => a.p99 - b.p99);
  return { ...runs[1], p99Runs: runs.map(run => run.p99) };
}

/** The raw bytes of an answer, as sent (fetch would decompress them). */
function rawBody(url: string, headers: Record<string, string>) {
  return new Promise<Buffer>((resolve, reject) => {
    http
      .get(url, { headers }, res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

/**
 * The same load on an Express route that only writes the same bytes: the ceiling. The very
 * bytes, not as many filler bytes: the load generator decodes each body to a string, which
 * costs it far less for ASCII filler than for gzip data, and it shares the CPUs with the
 * server (a filler baseline ran at twice the throughput of one writing the real gzip body).
 */
async function ceiling(body: Buffer, seconds: number, gzipped = true) {
  const app = express();
  app.get('/x', (_req, res) => {
    res.type('application/json');
    if (gzipped) {
      res.setHeader('Content-Encoding', 'gzip');
    }
    res.end(body);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await load(`http://127.0.0.1:${port}/x`, 100, 3); // JIT warm-up, not measured
  const result = await loadMedian(`http://127.0.0.1:${port}/x`, seconds);
  await new Promise(resolve => server.close(resolve));
  return result;
}

/** `ceiling` with wrk as the load generator. */
async function ceilingWrk(body: Buffer, seconds: number) {
  const app = express();
  app.get('/x', (_req, res) => {
    res.type('application/json');
    res.setHeader('Content-Encoding', 'gzip');
    res.end(body);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const result = await wrkMedian(`http://127.0.0.1:${port}/x`, seconds, {});
  await new Promise(resolve => server.close(resolve));
  return result;
}

interface ViewFigures {
  label: string;
  bytes: number;
  gzipBytes: number;
  sequential: { p50: number; p99: number };
  gzip: Awaited<ReturnType<typeof loadMedian>>;
  baseline: Awaited<ReturnType<typeof loadMedian>>;
  gzipWrk?: Awaited<ReturnType<typeof wrkMedian>>;
  baselineWrk?: Awaited<ReturnType<typeof wrkMedian>>;
}

/** Warm figures of one view of the answer, and the bare-Express baseline on its bytes. */
async function measureView(
  label: string,
  url: string,
  seconds: number,
): Promise<ViewFigures> {
  const gzipHeaders = { 'accept-encoding': 'gzip' };
  await sequential(url, 1); // fills this view's kept answer
  // JIT warm-up of the server and the load generator, not measured.
  await load(url, 100, 3, gzipHeaders);
  const warmSequential = await sequential(url, 200);
  const gzipBody = await rawBody(url, gzipHeaders);
  const gzip = await loadMedian(url, seconds, gzipHeaders);
  const gzipWrk = hasWrk
    ? await wrkMedian(url, seconds, gzipHeaders)
    : undefined;
  return {
    label,
    bytes: warmSequential.bytes,
    gzipBytes: gzipBody.length,
    sequential: warmSequential,
    gzip,
    gzipWrk,
    // The baselines run while the API is idle (nothing else is asked of it meanwhile).
    baseline: await ceiling(gzipBody, seconds),
    baselineWrk: hasWrk ? await ceilingWrk(gzipBody, seconds) : undefined,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A median-of-three load (`loadMedian`, `wrkMedian`): its p99 with each run's, and its req/s. */
function printMedianOfThree(
  label: string,
  result: { p99: number; p99Runs: number[]; rps: number },
  goal = '',
) {
  console.log(row(`${label}: p99 (median of 3)`, ms(result.p99), goal));
  console.log(
    row('    p99 of the three runs', result.p99Runs.map(ms).join(', ')),
  );
  console.log(row(`${label}: requests/s`, result.rps.toFixed(0)));
}

async function main() {
  const versions = Number(process.argv[2] ?? 500);
  const latencyMs = Number(process.argv[3] ?? 30);
  const seconds = Number(process.argv[4] ?? 10);
  const registry = await startFakeRegistry(1, versions, latencyMs, true);
  pinServerLoop();

  // Cold: no shared cache and no in-process copies, every request reads the registry
  // (concurrent requests still share one read, as in production).
  const cold = await startApi(registry.url, noCache, 0);
  const coldSequential = await sequential(cold.url, 20);
  const coldLoad = await load(cold.url, 100, seconds);
  await cold.close();

  const cache = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
    'model-catalog',
  );
  const warm = await startApi(registry.url, cache, 60_000);
  // What the overview card asks for on every visit of the component's page (the newest
  // version, the champion and the deployed ones), then the whole history (the Model tab).
  const card = await measureView(
    'card (?latestVersions=1)',
    `${warm.url}?latestVersions=1`,
    seconds,
  );
  const full = await measureView(
    `full history (${versions} versions)`,
    warm.url,
    seconds,
  );
  // A client that takes no gzip gets the full JSON: the worst case, for reference.
  const plainBody = await rawBody(warm.url, {});
  const plain = await load(warm.url, 100, seconds);
  await warm.close();
  const plainBaseline = await ceiling(plainBody, seconds, false);
  const requests = await registry.requestCount();
  await registry.stop();

  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `Model catalog API: one component, ${versions} versions, registry latency ${latencyMs} ms, ${os.cpus().length} CPUs, ${pinned ? 'server loop on CPU 0, load generators in their own processes on CPU 1' : 'load generator in a worker thread'}`,
  );
  console.log(row('', 'measured', 'goal (issue 6)'));
  console.log(row('cold, 1 client: p50', ms(coldSequential.p50)));
  console.log(row('cold, 1 client: p99', ms(coldSequential.p99)));
  console.log(row('cold, 100 concurrent: p50', ms(coldLoad.p50)));
  console.log(row('cold, 100 concurrent: p99', ms(coldLoad.p99)));
  console.log(row('cold, 100 concurrent: requests/s', coldLoad.rps.toFixed(0)));
  for (const view of [card, full]) {
    console.log(
      `warm, ${view.label}: ${kib(view.bytes)} JSON, ${kib(view.gzipBytes)} gzipped`,
    );
    console.log(
      row(
        '  1 client: p50, p99',
        `${ms(view.sequential.p50)}, ${ms(view.sequential.p99)}`,
      ),
    );
    console.log(row('  100 concurrent, autocannon: p50', ms(view.gzip.p50)));
    printMedianOfThree('  100 concurrent, autocannon', view.gzip, '< 50 ms');
    printMedianOfThree('  baseline (bare Express, same bytes)', view.baseline);
    console.log(
      row(
        '  p99 and requests/s vs baseline',
        `${(view.gzip.p99 / view.baseline.p99).toFixed(2)}x, ${(view.gzip.rps / view.baseline.rps).toFixed(2)}x`,
      ),
    );
    console.log(
      row(
        '  server thread CPU per answer (baseline)',
        `${view.gzip.cpuUs.toFixed(0)} µs (${view.baseline.cpuUs.toFixed(0)} µs)`,
      ),
    );
    if (view.gzipWrk && view.baselineWrk) {
      console.log(row('  wrk: p50', ms(view.gzipWrk.p50)));
      printMedianOfThree('  wrk', view.gzipWrk, '< 50 ms');
      printMedianOfThree('  wrk baseline', view.baselineWrk);
    }
  }
  if (!hasWrk) {
    console.log(
      'wrk is not installed (apt install wrk): only autocannon figures above',
    );
  }
  console.log(
    `warm, full history, client without gzip: ${kib(plainBody.length)}`,
  );
  console.log(
    row(
      '  100 concurrent, autocannon: p50, p99',
      `${ms(plain.p50)}, ${ms(plain.p99)}`,
    ),
  );
  console.log(
    row(
      '  requests/s (baseline)',
      `${plain.rps.toFixed(0)} (${plainBaseline.rps.toFixed(0)})`,
    ),
  );
  console.log(row('  baseline: p99', ms(plainBaseline.p99)));
  const errors =
    [coldLoad, card.gzip, full.gzip, plain].reduce(
      (sum, r) => sum + r.errors,
      0,
    ) +
    (card.gzipWrk?.errors ?? 0) +
    (full.gzipWrk?.errors ?? 0);
  console.log(row('errors and non-2xx answers', String(errors)));
  console.log(row('registry requests in total', String(requests)));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
