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

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import esbuild from 'esbuild';
import ts from 'typescript';
import { repoRoot } from '../goldenPath';

/**
 * The plugins are developed against the newest Backstage, but Developer Hub gives a dynamic
 * plugin its own copies of the `@backstage` packages at run time: every one of them for a
 * backend plugin (the export turns them into peer dependencies), and the shared singletons
 * (core-plugin-api, frontend-plugin-api, ...) for a frontend plugin. A name that exists only
 * in a newer release is `undefined` there, and the plugin fails when it is loaded or used.
 *
 * compat/rhdh-1.9 installs the packages of Backstage 1.45.0, the release RHDH 1.9 is built on
 * (the oldest the docs promise). These tests check the plugins against them:
 *
 * - the plugins' own code (tests excluded) type-checks with every `@backstage` import taken
 *   from those packages;
 * - the code the frontend plugin's Scalprum bundle reaches from its entry point, the bundled
 *   `@backstage` libraries included, imports from RHDH's shared singletons only names that
 *   RHDH 1.9's copies export.
 *
 * Only the packages compat/rhdh-1.9 lists are pinned; their own dependencies follow their
 * version ranges and may be newer than in RHDH 1.9 (a whole RHDH 1.9 backend cannot be
 * assembled from today's registry for that reason), so these checks read the listed ones.
 */
const hostDirectory = path.join(repoRoot, 'compat/rhdh-1.9');
const hostRequire = createRequire(path.join(hostDirectory, 'package.json'));
const hostPackageNames = Object.keys(
  JSON.parse(fs.readFileSync(path.join(hostDirectory, 'package.json'), 'utf8'))
    .dependencies,
);

interface InstalledPackage {
  name: string;
  version: string;
  directory: string;
  json: any;
}

function installedPackage(
  name: string,
  requireFrom: NodeRequire,
): InstalledPackage | undefined {
  let file: string;
  try {
    file = requireFrom.resolve(`${name}/package.json`);
  } catch {
    return undefined;
  }
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { name, version: json.version, directory: path.dirname(file), json };
}

const hostPackages = hostPackageNames.map(name => {
  const installed = installedPackage(name, hostRequire);
  if (!installed) {
    throw new Error(
      `${name} is not installed for compat/rhdh-1.9 (yarn install)`,
    );
  }
  return installed;
});

/** Module specifier (`@backstage/x`, `@backstage/x/alpha`) → its declaration file. */
function typeEntryPoints(pkg: InstalledPackage): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [subpath, target] of Object.entries<any>(pkg.json.exports ?? {})) {
    if (typeof target === 'object' && target?.types) {
      const specifier =
        subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      entries.set(specifier, path.join(pkg.directory, target.types));
    }
  }
  if (!entries.has(pkg.name) && pkg.json.types) {
    entries.set(pkg.name, path.join(pkg.directory, pkg.json.types));
  }
  return entries;
}

const hostEntryPoints = new Map(
  hostPackages.flatMap(pkg => [...typeEntryPoints(pkg)]),
);

const plugins = fs
  .readdirSync(path.join(repoRoot, 'plugins'))
  .map(dir => path.join(repoRoot, 'plugins', dir))
  .filter(dir => fs.existsSync(path.join(dir, 'package.json')));

/** A plugin's shipped code: its src/ without tests and test helpers. */
function shippedSources(pluginDirectory: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (
          !['__testUtils__', '__fixtures__', 'testUtils'].includes(entry.name)
        ) {
          walk(file);
        }
      } else if (
        /\.tsx?$/.test(entry.name) &&
        !/\.test\.tsx?$/.test(entry.name) &&
        entry.name !== 'setupTests.ts'
      ) {
        files.push(file);
      }
    }
  };
  walk(path.join(pluginDirectory, 'src'));
  return files;
}

const backstageImport =
  /(?:from\s+|require\(\s*|import\(\s*)'(@backstage\/[^']+)'/g;

describe('the plugins against the packages RHDH 1.9 provides (Backstage 1.45.0)', () => {
  it('installs the Backstage 1.45.0 versions, not newer ones', () => {
    const versions = Object.fromEntries(
      hostPackages.map(pkg => [pkg.name, pkg.version]),
    );
    expect(versions).toMatchObject({
      '@backstage/backend-plugin-api': '1.5.0',
      '@backstage/plugin-catalog-node': '1.20.0',
      '@backstage/plugin-scaffolder-node': '0.12.1',
      '@backstage/core-plugin-api': '1.12.0',
      '@backstage/frontend-plugin-api': '0.13.0',
      '@backstage/plugin-catalog-react': '1.21.3',
    });
  });

  it("type-checks the plugins' own code with every @backstage import taken from RHDH 1.9", () => {
    const sources = plugins.flatMap(shippedSources);
    const imported = new Set<string>();
    for (const file of sources) {
      for (const match of fs
        .readFileSync(file, 'utf8')
        .matchAll(backstageImport)) {
        imported.add(match[1]);
      }
    }
    // Every @backstage module the plugins use is one RHDH 1.9 provides, so none of them is
    // checked against the newer copy the workspace has.
    expect(
      [...imported].filter(specifier => !hostEntryPoints.has(specifier)),
    ).toEqual([]);
    expect(imported.size).toBeGreaterThan(10);

    const rootConfig = ts.getParsedCommandLineOfConfigFile(
      path.join(repoRoot, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const program = ts.createProgram({
      rootNames: [
        ...sources,
        ...plugins
          .map(dir => path.join(dir, 'config.d.ts'))
          .filter(file => fs.existsSync(file)),
      ],
      options: {
        ...rootConfig.options,
        noEmit: true,
        incremental: false,
        tsBuildInfoFile: undefined,
        baseUrl: repoRoot,
        paths: Object.fromEntries(
          [...hostEntryPoints].map(([specifier, file]) => [specifier, [file]]),
        ),
      },
    });
    const errors = ts.getPreEmitDiagnostics(program).map(diagnostic =>
      ts.formatDiagnostic(diagnostic, {
        getCanonicalFileName: name => name,
        getCurrentDirectory: () => repoRoot,
        getNewLine: () => '\n',
      }),
    );
    expect(errors).toEqual([]);

    // The check read RHDH 1.9's declarations, not the workspace's newer ones.
    const readFromWorkspace = program
      .getSourceFiles()
      .map(file => path.relative(repoRoot, file.fileName))
      .filter(file =>
        hostPackageNames.some(name => file.startsWith(`node_modules/${name}/`)),
      );
    expect(readFromWorkspace).toEqual([]);
    const readFromHost = program
      .getSourceFiles()
      .filter(file => file.fileName.startsWith(hostDirectory));
    expect(readFromHost.length).toBeGreaterThan(10);
  }, 120_000);

  it('bundles into the frontend plugin only code whose imports from the shared singletons RHDH 1.9 has', async () => {
    // The modules Scalprum shares with the host, as the RHDH CLI that exports the plugin lists them.
    const { sharedModules } = require(
      path.join(
        repoRoot,
        'node_modules/@red-hat-developer-hub/cli/dist/lib/bundler/scalprumConfig.cjs.js',
      ),
    ) as { sharedModules: Record<string, unknown> };
    const sharedBackstage = Object.keys(sharedModules).filter(name =>
      name.startsWith('@backstage/'),
    );
    expect(sharedBackstage).toEqual(
      expect.arrayContaining([
        '@backstage/core-plugin-api',
        '@backstage/frontend-plugin-api',
      ]),
    );
    const isShared = (specifier: string) =>
      sharedBackstage.some(
        name => specifier === name || specifier.startsWith(`${name}/`),
      );

    const exportsCache = new Map<string, Set<string>>();
    const hostExports = (specifier: string) => {
      if (!exportsCache.has(specifier)) {
        const file = hostEntryPoints.get(specifier);
        const names = new Set<string>();
        if (file) {
          const program = ts.createProgram([file], {
            noEmit: true,
            skipLibCheck: true,
            types: [],
          });
          const checker = program.getTypeChecker();
          const moduleSymbol = checker.getSymbolAtLocation(
            program.getSourceFile(file)!,
          );
          for (const symbol of checker.getExportsOfModule(moduleSymbol!)) {
            names.add(symbol.getName());
          }
        } else if (
          !hostPackageNames.some(name => specifier.startsWith(`${name}/`))
        ) {
          throw new Error(
            `${specifier} is shared with the host but compat/rhdh-1.9 does not install it`,
          );
        } // else: a subpath RHDH 1.9's copy does not have, so nothing can be imported from it
        exportsCache.set(specifier, names);
      }
      return exportsCache.get(specifier)!;
    };

    // What webpack puts into the Scalprum bundle: the modules reachable from the plugin's
    // entry point (PluginRoot, its package main), followed into the @backstage libraries it
    // bundles and stopping at the shared singletons. esbuild walks the same import graph.
    const frontendPlugins = plugins.filter(
      dir =>
        JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
          .backstage?.role === 'frontend-plugin',
    );
    expect(frontendPlugins.length).toBeGreaterThan(0);
    const bundled = new Set<string>();
    for (const dir of frontendPlugins) {
      const json = JSON.parse(
        fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      );
      const result = await esbuild.build({
        entryPoints: [path.join(dir, json.main)],
        absWorkingDir: repoRoot,
        bundle: true,
        write: false,
        metafile: true,
        logLevel: 'silent',
        format: 'esm',
        platform: 'browser',
        jsx: 'automatic',
        loader: { '.svg': 'empty', '.png': 'empty', '.css': 'empty' },
        plugins: [
          {
            name: 'backstage-libraries-only',
            setup(build) {
              build.onResolve({ filter: /^[^./]/ }, args =>
                isShared(args.path) ||
                !/^@(backstage|ai-golden-path)\//.test(args.path)
                  ? { path: args.path, external: true }
                  : undefined,
              );
            },
          },
        ],
      });
      for (const file of Object.keys(result.metafile!.inputs)) {
        if (file.includes('node_modules/@backstage/')) {
          bundled.add(path.resolve(repoRoot, file));
        }
      }
    }
    expect(bundled.size).toBeGreaterThan(50);

    const missing: string[] = [];
    let checkedImports = 0;
    const importStatement =
      /(?:import|export)\s*\{([^}]*)\}\s*from\s*'(@backstage\/[^']+)'/g;
    for (const file of bundled) {
      const code = fs.readFileSync(file, 'utf8');
      for (const [, names, specifier] of code.matchAll(importStatement)) {
        if (!isShared(specifier)) continue;
        for (const imported of names.split(',')) {
          const name = imported.trim().split(/\s+as\s+/)[0];
          if (!name) continue;
          checkedImports++;
          if (!hostExports(specifier).has(name)) {
            const library = file.replace(
              /.*node_modules\/(@backstage\/[^/]+)\/.*/,
              '$1',
            );
            missing.push(
              `${library} (${path.relative(repoRoot, file)}) imports ${name} from ${specifier}`,
            );
          }
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
    expect(checkedImports).toBeGreaterThan(50);
  }, 120_000);
});
