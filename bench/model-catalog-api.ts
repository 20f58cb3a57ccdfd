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
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import express from 'express';
import { CacheManager } from '@backstage/backend-defaults/cache';
import type { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  autocannonLoad,
  hasWrk,
  interleavedMedians,
  LoadTarget,
  MedianOfThree,
  ms,
  ownThreadCpu,
  pinServer,
  placement,
  printMedianOfThree,
  wrkLoad,
} from './load-generators';
import {
  componentUsingModel,
  noCache,
  percentile,
  row,
  startFakeRegistry,
  startModelCatalogRouter,
} from './model-catalog-common';

async function startApi(
  registryUrl: string,
  cache: CacheService,
  cacheTtlMs: number,
) {
  const api = await startModelCatalogRouter({
    registryUrl,
    cache,
    cacheTtlMs,
    entity: componentUsingModel('fraud-detector', 'model-00000'),
  });
  return {
    url: `${api.baseUrl}/entities/component/default/fraud-detector/model`,
    close: api.close,
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

/** The server's event loop is this process's main thread. */
const load = (target: LoadTarget, seconds: number) =>
  autocannonLoad(target, seconds, ownThreadCpu);

/** The headers the plugin sets on an answer; the baselines copy them. */
const ANSWER_HEADERS = [
  'etag',
  'cache-control',
  'vary',
  'content-type',
  'content-encoding',
];

/** An answer's raw bytes, as sent (fetch would decompress them), and its headers. */
interface RawAnswer {
  body: Buffer;
  headers: Record<string, string>;
}

function rawAnswer(url: string, headers: Record<string, string>) {
  return new Promise<RawAnswer>((resolve, reject) => {
    http
      .get(url, { headers }, res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            body: Buffer.concat(chunks),
            headers: Object.fromEntries(
              ANSWER_HEADERS.filter(name => res.headers[name]).map(name => [
                name,
                String(res.headers[name]),
              ]),
            ),
          }),
        );
      })
      .on('error', reject);
  });
}

/**
 * Two Express apps beside the API that only write an answer's bytes, so that the API's figures
 * have something to be compared with on the same machine in the same minutes:
 *
 * - the same route: a router mounted at the API's own path, answering the same URL (query string
 *   included) with the same headers as the plugin, and nothing else. The difference to the API
 *   is the plugin's own work: auth, permission and entity lookups, the kept-answer lookup.
 * - the floor: one route at `/x` with only a content type (and encoding). What this machine can
 *   do at all.
 *
 * The very bytes, not as many filler bytes: the load generator decodes each body to a string,
 * which costs it far less for ASCII filler than for gzip data, and it shares the CPUs with the
 * server (a filler baseline ran at twice the throughput of one writing the real gzip body).
 */
async function startBaselines(answer: RawAnswer) {
  const sameRoute = express.Router();
  sameRoute.get('/entities/:kind/:namespace/:name/model', (_req, res) => {
    for (const [name, value] of Object.entries(answer.headers)) {
      res.setHeader(name, value);
    }
    res.end(answer.body);
  });
  const app = express();
  app.use('/api/model-catalog', sameRoute);
  app.get('/x', (_req, res) => {
    res.type('application/json');
    const encoding = answer.headers['content-encoding'];
    if (encoding) {
      res.setHeader('Content-Encoding', encoding);
    }
    res.end(answer.body);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The same path and query as `apiUrl`, on the baseline app. */
    sameRouteUrl: (apiUrl: string) => {
      const { pathname, search } = new URL(apiUrl);
      return `http://127.0.0.1:${port}${pathname}${search}`;
    },
    floorUrl: `http://127.0.0.1:${port}/x`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

interface ViewFigures {
  label: string;
  bytes: number;
  gzipBytes: number;
  sequential: { p50: number; p99: number };
  /** The API, the same route writing the same bytes, the floor: autocannon. */
  route: MedianOfThree;
  sameRoute: MedianOfThree;
  floor: MedianOfThree;
  /** The API and the same route: wrk. */
  routeWrk?: MedianOfThree;
  sameRouteWrk?: MedianOfThree;
}

/** Warm figures of one view of the answer, beside the baselines on its bytes. */
async function measureView(
  label: string,
  url: string,
  seconds: number,
): Promise<ViewFigures> {
  const gzipHeaders = { 'accept-encoding': 'gzip' };
  await sequential(url, 1); // fills this view's kept answer
  const answer = await rawAnswer(url, gzipHeaders);
  const baselines = await startBaselines(answer);
  // The baselines run while the API is idle (nothing else is asked of it meanwhile).
  const targets: LoadTarget[] = [
    { url, headers: gzipHeaders },
    { url: baselines.sameRouteUrl(url), headers: gzipHeaders },
    { url: baselines.floorUrl, headers: gzipHeaders },
  ];
  // JIT warm-up of the servers and the load generator, not measured.
  for (const target of targets) await load(target, 3);
  const warmSequential = await sequential(url, 200);
  const [route, sameRoute, floor] = await interleavedMedians(targets, target =>
    load(target, seconds),
  );
  let wrk: MedianOfThree[] = [];
  if (hasWrk) {
    // Every wrk run opens its 100 connections at once, after a warm-up of its own.
    for (const target of targets.slice(0, 2))
      await wrkLoad(target, 3, ownThreadCpu);
    wrk = await interleavedMedians(targets.slice(0, 2), target =>
      wrkLoad(target, seconds, ownThreadCpu),
    );
  }
  await baselines.close();
  return {
    label,
    bytes: warmSequential.bytes,
    gzipBytes: answer.body.length,
    sequential: warmSequential,
    route,
    sameRoute,
    floor,
    routeWrk: wrk[0],
    sameRouteWrk: wrk[1],
  };
}

const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`;

async function main() {
  const versions = Number(process.argv[2] ?? 500);
  const latencyMs = Number(process.argv[3] ?? 30);
  const seconds = Number(process.argv[4] ?? 10);
  const registry = await startFakeRegistry(1, versions, latencyMs, true);
  // Once the fake registry runs: its process must not inherit CPU 0.
  const pinned = pinServer(process.pid, false);

  // Cold: no shared cache and no in-process copies, every request reads the registry
  // (concurrent requests still share one read, as in production).
  const cold = await startApi(registry.url, noCache, 0);
  const coldSequential = await sequential(cold.url, 20);
  const coldLoad = await load({ url: cold.url, headers: {} }, seconds);
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
  const plainAnswer = await rawAnswer(warm.url, {});
  const plainBaselines = await startBaselines(plainAnswer);
  const [plain, plainSameRoute] = await interleavedMedians(
    [
      { url: warm.url, headers: {} },
      { url: plainBaselines.sameRouteUrl(warm.url), headers: {} },
    ],
    target => load(target, seconds),
  );
  await plainBaselines.close();
  await warm.close();
  const requests = await registry.requestCount();
  await registry.stop();

  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `Model catalog API: one component, ${versions} versions, registry latency ${latencyMs} ms, ${os.cpus().length} CPUs, ${placement(pinned)}`,
  );
  console.log(
    'Baselines: "same route" answers the same URL with the same headers and bytes in an Express app, and nothing else; "floor" writes the bytes at /x.',
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
    console.log(row('  100 concurrent, autocannon: p50', ms(view.route.p50)));
    printMedianOfThree('  autocannon, API', view.route, '< 50 ms');
    printMedianOfThree('  autocannon, same route', view.sameRoute);
    printMedianOfThree('  autocannon, floor', view.floor);
    console.log(
      row(
        '  API vs same route: p99, req/s, CPU',
        `${ratio(view.route.p99, view.sameRoute.p99)}, ${ratio(view.route.rps, view.sameRoute.rps)}, ${ratio(view.route.cpuUs, view.sameRoute.cpuUs)}`,
      ),
    );
    if (view.routeWrk && view.sameRouteWrk) {
      console.log(row('  wrk: p50', ms(view.routeWrk.p50)));
      printMedianOfThree('  wrk, API', view.routeWrk, '< 50 ms');
      printMedianOfThree('  wrk, same route', view.sameRouteWrk);
    }
  }
  if (!hasWrk) {
    console.log(
      'wrk is not installed (apt install wrk): only autocannon figures above',
    );
  }
  console.log(
    `warm, full history, client without gzip: ${kib(plainAnswer.body.length)}`,
  );
  printMedianOfThree('  autocannon, API', plain);
  printMedianOfThree('  autocannon, same route', plainSameRoute);
  const errors = [
    coldLoad,
    card.route,
    full.route,
    plain,
    card.routeWrk,
    full.routeWrk,
  ].reduce((sum, r) => sum + (r?.errors ?? 0), 0);
  console.log(row('errors and non-2xx answers (API)', String(errors)));
  console.log(row('registry requests in total', String(requests)));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
