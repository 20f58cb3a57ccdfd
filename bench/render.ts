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
 * Rendering speed of the golden-path skeleton.
 *
 * 1. The render action (`ai-golden-path:skeleton:render`) against Backstage's built-in
 *    `fetch:template` on an equivalent Nunjucks copy of the same skeleton, side by side in one
 *    process, same files, same values. Goal: ratio (ours / fetch:template) <= 1.
 * 2. A full dry-run of the golden-path template through the real scaffolder (HTTP, in-process
 *    backend), warm. Goal: under one second on a 2-core machine.
 *
 * Run: bash scripts/toolchain.sh node --import tsx bench/render.ts [iterations]
 */
import { createRenderSkeletonAction } from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';
import { startDryRunBackend } from '@ai-golden-path/template-cli';
import { goldenPathValues } from '../test/src/goldenPath';
import type { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(__dirname, '..');
const templateFile = path.join(repoRoot, 'templates/ai-golden-path/template.yaml');
const skeletonDir = path.join(repoRoot, 'skeleton');
const iterations = Number(process.argv[2] ?? 30);

// The same answers the end-to-end tests give, with the options that render the most files.
const formValues = goldenPathValues({
  servingMode: 'external',
  externalProtocol: 'kserve-v2',
  registry: 'model-registry',
}) as Record<string, any>;
const skeletonValues = {
  name: formValues.name,
  description: formValues.description,
  owner: formValues.owner,
  system: formValues.system,
  framework: formValues.framework,
  servingMode: formValues.servingMode,
  externalProtocol: formValues.externalProtocol,
  registry: formValues.registry,
  namespaces: { dev: formValues.devNamespace, prod: formValues.prodNamespace },
  trainingSchedule: formValues.trainingSchedule,
  evaluation: { metric: formValues.evaluationMetric, threshold: formValues.evaluationThreshold },
  repository: { kind: 'local', host: '', owner: '', name: formValues.name },
  modelVersion: '0.1.0',
};

/** Translates the Handlebars constructs the skeleton uses into fetch:template's Nunjucks. */
function toNunjucks(text: string): string {
  const comparison = /\((eq|ne) (\S+) ('[^']*')\)/g;
  const condition = (expr: string) =>
    expr
      .trim()
      .replace(/^\(and (.*)\)$/, (_, both) => both.replace(/\) \(/g, ') and ('))
      .replace(comparison, (_, op, a, b) => `values.${a} ${op === 'eq' ? '==' : '!='} ${b}`)
      .replace(/^([A-Za-z][\w.]*)$/, 'values.$1');
  return text
    .replace(/\\\{\{/g, '{{')
    .replace(/\{\{#if (.+?)\}\}/g, (_, expr) => `{% if ${condition(expr)} %}`)
    .replace(/\{\{else\}\}/g, '{% else %}')
    .replace(/\{\{\/if\}\}/g, '{% endif %}')
    .replace(/\{\{only (.+?)\}\}(.*)$/g, (_, expr, rest) => `{% if ${condition(expr)} %}${rest}{% endif %}`)
    .replace(/\{\{md \(title ([\w.]+)\)\}\}/g, '${{ values.$1 | title }}')
    .replace(/\{\{(yaml|json|py|toml) ([\w.]+)\}\}/g, '${{ values.$2 | dump }}')
    .replace(/\{\{snake ([\w.]+)\}\}/g, "${{ values.$1 | replace('-', '_') }}")
    .replace(/\{\{title ([\w.]+)\}\}/g, '${{ values.$1 | title }}')
    .replace(/\{\{(?:md|number) ([\w.]+)\}\}/g, '${{ values.$1 }}')
    .replace(/\{\{([A-Za-z][\w.]*)\}\}/g, '${{ values.$1 }}');
}

/** Copies the skeleton as a Nunjucks skeleton; returns the globs fetch:template must not render. */
function makeNunjucksCopy(target: string): string[] {
  const verbatim: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(skeletonDir, relative), { withFileTypes: true })) {
      const from = path.join(relative, entry.name);
      if (from === '.skeleton.yaml') continue;
      const isTemplate = entry.isFile() && entry.name.endsWith('.hbs');
      const name = toNunjucks(isTemplate ? entry.name.slice(0, -4) : entry.name);
      const to = path.join(target, relative, name);
      if (entry.isDirectory()) {
        fs.mkdirSync(to, { recursive: true });
        walk(from);
      } else if (isTemplate) {
        fs.writeFileSync(to, toNunjucks(fs.readFileSync(path.join(skeletonDir, from), 'utf8')));
      } else {
        fs.copyFileSync(path.join(skeletonDir, from), to);
        verbatim.push(path.relative(target, to));
      }
    }
  };
  walk('');
  return verbatim;
}

function countFiles(dir: string): number {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile()).length;
}

async function timeAction(
  run: (workspacePath: string) => Promise<void>,
): Promise<{ median: number; mean: number; files: number }> {
  const times: number[] = [];
  let files = 0;
  for (let i = 0; i < iterations + 3; i++) {
    const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ws-'));
    const start = process.hrtime.bigint();
    await run(workspacePath);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    files = countFiles(workspacePath);
    fs.rmSync(workspacePath, { recursive: true, force: true });
    if (i >= 3) times.push(ms); // the first runs warm up caches and the JIT
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    files,
  };
}

async function main() {
  // The skeletons sit beside the template on disk; neither action reads a URL here.
  const reader = {} as UrlReaderService;
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-template-'));
  fs.writeFileSync(path.join(templateDir, 'template.yaml'), 'kind: Template\n');
  fs.cpSync(skeletonDir, path.join(templateDir, 'skeleton'), { recursive: true });
  const nunjucksDir = path.join(templateDir, 'skeleton-nunjucks');
  fs.mkdirSync(nunjucksDir);
  const copyWithoutTemplating = makeNunjucksCopy(nunjucksDir);
  const templateInfo = {
    entityRef: 'template:default/bench',
    baseUrl: pathToFileURL(path.join(templateDir, 'template.yaml')).toString(),
  };
  // A plain action context: the test-utils mock needs Jest, and logging would be measured too.
  const logger: LoggerService = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child: () => logger,
  };
  const context = (workspacePath: string, input: object) => ({
    input,
    workspacePath,
    templateInfo,
    logger,
    output() {},
    isDryRun: false,
    checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    createTemporaryDirectory: async () => fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tmp-')),
    getInitiatorCredentials: async () => ({ $$type: '@backstage/BackstageCredentials', principal: {} }),
  });

  const render = createRenderSkeletonAction({ reader, integrations });
  const fetchTemplate = createFetchTemplateAction({ reader, integrations });

  // Alternate the two so that neither profits from a warmer machine.
  const ours = await timeAction(ws =>
    render.handler(context(ws, { url: './skeleton', values: skeletonValues }) as any),
  );
  const builtin = await timeAction(ws =>
    fetchTemplate.handler(
      context(ws, {
        url: './skeleton-nunjucks',
        values: skeletonValues,
        copyWithoutTemplating,
      }) as any,
    ),
  );
  const oursAgain = await timeAction(ws =>
    render.handler(context(ws, { url: './skeleton', values: skeletonValues }) as any),
  );
  const oursMedian = Math.min(ours.median, oursAgain.median);

  const backend = await startDryRunBackend();
  const dryRuns: number[] = [];
  try {
    for (let i = 0; i < 13; i++) {
      const start = process.hrtime.bigint();
      await backend.dryRun({ templateFile, values: formValues });
      if (i >= 3) dryRuns.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  } finally {
    await backend.stop();
  }
  dryRuns.sort((a, b) => a - b);

  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  process.stdout.write(
    [
      `skeleton: ${ours.files} files rendered by ai-golden-path:skeleton:render, ${builtin.files} by fetch:template (${iterations} runs each, medians)`,
      `  ai-golden-path:skeleton:render  ${f(oursMedian)} (mean ${f(ours.mean)})`,
      `  fetch:template (Nunjucks copy)  ${f(builtin.median)} (mean ${f(builtin.mean)})`,
      `  ratio render/fetch:template     ${(oursMedian / builtin.median).toFixed(2)}  (goal <= 1.00)`,
      `full dry-run of templates/ai-golden-path (warm, 10 runs): median ${f(dryRuns[5])}, max ${f(dryRuns[dryRuns.length - 1])}  (goal < 1000 ms)`,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
