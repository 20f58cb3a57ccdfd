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

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { repoRoot } from '../goldenPath';

/**
 * The local app as `npm start` runs it (the real backend serving the production build of
 * packages/app), on a free port, with generated projects published to a temporary directory,
 * driven by Debian's headless Chromium.
 */

/** Where the browser tests leave their screenshots (git-ignored). */
export const artifactsDir = path.join(repoRoot, 'test-results/browser');

const chromiumPath = '/usr/bin/chromium';
// Nothing but 127.0.0.1: no sync, no component updates, no QUIC probes.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs Chromium when missing and builds the app when its sources changed. */
export function prepareBrowserTests() {
  execFileSync('bash', [path.join(repoRoot, 'scripts/browser-test-setup.sh')], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type LocalApp = {
  baseUrl: string;
  /** The backend's process. */
  pid: number;
  publishRoot: string;
  /** The backend's output so far, for failure messages. */
  output(): string;
  /** A guest token for the APIs, as the app gets one on sign-in. */
  guestToken(): Promise<string>;
  stop(): Promise<void>;
};

/**
 * Starts the backend (and with it the app) the way `npm start` does, on a free port.
 * `config` is layered over app-config.yaml and the test's own settings (arrays replace).
 * It is ready once it serves the app, or once `readinessPath` answers 200 when given (the
 * APIs alone, without a build of the app).
 */
export async function startLocalApp(
  options: { config?: Record<string, unknown>; readinessPath?: string } = {},
): Promise<LocalApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-app-'));
  const publishRoot = path.join(workDir, 'local-repos');
  fs.mkdirSync(publishRoot);
  const configFile = path.join(workDir, 'app-config.test.yaml');
  // Layered over the repository's app-config.yaml; JSON is YAML.
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        cors: { origin: baseUrl },
      },
      aiGoldenPath: { localPublish: { rootDirectory: publishRoot } },
    }),
  );
  const configArgs = [
    '--config',
    '../../app-config.yaml',
    '--config',
    configFile,
  ];
  if (options.config) {
    const extraFile = path.join(workDir, 'app-config.extra.yaml');
    fs.writeFileSync(extraFile, JSON.stringify(options.config));
    configArgs.push('--config', extraFile);
  }

  // What `backstage-cli package start` runs, without its file watcher: other work in the
  // repository must not restart the backend in the middle of a test.
  const transform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
    {
      paths: [path.join(repoRoot, 'node_modules/@backstage/cli')],
    },
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      transform,
      'src/index',
      ...configArgs,
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      // Its own process group, so stopping it stops the backend it forks too.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0' },
    },
  );
  let output = '';
  // The tail is enough for failure messages; the backend logs every request.
  const collect = (chunk: Buffer) =>
    (output = (output + chunk).slice(-200_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  // Should Jest exit without afterAll (a crash, a forced exit), take the backend along.
  const killOnExit = () => {
    if (!exited && child.pid) process.kill(-child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  child.on('exit', () => {
    exited = true;
    process.removeListener('exit', killOnExit);
  });

  const stop = async () => {
    if (!exited && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise(resolve => {
        const timer = setTimeout(() => {
          if (!exited) process.kill(-child.pid!, 'SIGKILL');
          resolve(undefined);
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  };

  const guestToken = async () => {
    const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!response.ok) throw new Error(`guest sign-in: HTTP ${response.status}`);
    return ((await response.json()) as any).backstageIdentity.token as string;
  };

  try {
    const { readinessPath } = options;
    await waitFor('the backend to serve the app', 90, async () => {
      if (exited) throw new Error(`the backend exited:\n${output}`);
      const response = await fetch(`${baseUrl}${readinessPath ?? ''}`).catch(
        () => undefined,
      );
      if (readinessPath) return response?.ok ? true : undefined;
      return response?.ok && (await response.text()).includes('<div id="root">')
        ? true
        : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  // eslint-disable-next-line no-control-regex
  const plainOutput = () => output.replace(/\u001b\[[0-9;]*m/g, '');
  return {
    baseUrl,
    pid: child.pid!,
    publishRoot,
    output: plainOutput,
    guestToken,
    stop,
  };
}

export async function waitFor<T>(
  what: string,
  seconds: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** Headless Debian Chromium with a fresh profile. */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  // launchPersistentContext passes the fresh profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1440, height: 1100 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as a test artifact; returns its path. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
