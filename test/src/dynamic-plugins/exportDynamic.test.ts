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

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../goldenPath';

/**
 * Every plugin of plugins/ exports as a Red Hat Developer Hub dynamic plugin with the RHDH CLI
 * (npm run export-dynamic, scripts/export-dynamic-plugins.sh), and what it exports loads the way
 * RHDH loads it:
 *
 * - backend plugins and modules: dist-dynamic is copied to a clean directory outside the
 *   repository (as RHDH's install-dynamic-plugins does) and require()d by a fresh Node process
 *   whose module lookup falls back to the host's node_modules, which is what Backstage's
 *   CommonJSModuleLoader (@backstage/backend-dynamic-feature-service) does for RHDH. The module
 *   must have a `default` BackendFeature or a `dynamicPluginInstaller`; the @backstage packages
 *   must come from the host (peer dependencies, one copy shared with RHDH) and every other
 *   dependency must be installed in the plugin's own node_modules. The same is done once more
 *   with RHDH 1.9's @backstage packages (compat/rhdh-1.9) as the host's: every service and
 *   extension point the plugin asks for must be found there too.
 * - frontend plugins: the Scalprum plugin-manifest.json exists and names the exposed modules.
 *
 * Measured on 2 CPUs: 15-30 s per backend plugin (build + yarn install of the private
 * dependencies, which needs the configured npm registry) and about 90 s for the frontend plugin
 * (webpack), 2.5 min in all; up to 7 min when the machine is busy with other jobs.
 * SKIP_DYNAMIC_EXPORT_TESTS=1 skips it.
 */
const describeExport =
  process.env.SKIP_DYNAMIC_EXPORT_TESTS === '1' ? describe.skip : describe;

type PluginPackage = {
  dir: string;
  name: string;
  role: string;
};

const plugins: PluginPackage[] = fs
  .readdirSync(path.join(repoRoot, 'plugins'))
  .map(dir => path.join(repoRoot, 'plugins', dir))
  .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
  .map(dir => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
    );
    return { dir, name: pkg.name, role: pkg.backstage?.role ?? 'none' };
  });
const backendPlugins = plugins.filter(p =>
  ['backend-plugin', 'backend-plugin-module'].includes(p.role),
);
const frontendPlugins = plugins.filter(p => p.role === 'frontend-plugin');

/** Runs the repository's export script for one plugin; the output is in its dist-dynamic. */
function exportPlugin(plugin: PluginPackage) {
  execFileSync(
    'bash',
    [
      path.join(repoRoot, 'scripts/export-dynamic-plugins.sh'),
      path.relative(repoRoot, plugin.dir),
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 600_000,
      env: { ...process.env, EXPORT_DYNAMIC_SCALPRUM_ONLY: '1' },
    },
  );
  return path.join(plugin.dir, 'dist-dynamic');
}

/*
 * Loads the plugin like RHDH: node_modules lookups from inside the plugin directory also search
 * the host's node_modules (CommonJSModuleLoader.bootstrap), then the module's default export or
 * dynamicPluginInstaller is taken (the dynamic plugin scanner). Prints what it found as JSON.
 */
const loaderScript = `
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const [pluginDir, hostNodeModulesList] = process.argv.slice(1);
const hostNodeModules = hostNodeModulesList.split(path.delimiter);
const original = Module._nodeModulePaths;
Module._nodeModulePaths = function (from) {
  const paths = original.call(this, from);
  return path.resolve(from).startsWith(pluginDir) ? [...paths, ...hostNodeModules] : paths;
};
const plugin = require(pluginDir);
const feature = plugin.default;
const loaded = Object.keys(require.cache);
const origin = prefix => [...new Set(loaded
  .filter(file => file.includes('/node_modules/' + prefix))
  .map(file => file.startsWith(pluginDir) ? 'plugin' : file.startsWith(hostNodeModules[0]) ? 'host' : file))];
// The version of a host package the plugin got.
const versionOf = name => {
  const file = loaded.find(f => f.includes('/node_modules/' + name + '/') && !f.startsWith(pluginDir));
  return file && JSON.parse(fs.readFileSync(file.slice(0, file.indexOf('/node_modules/' + name + '/')) + '/node_modules/' + name + '/package.json', 'utf8')).version;
};
// What the plugin or module asks the backend for: service and extension point refs. A name the
// host's packages lack shows up here as a missing id.
const registrations = feature && typeof feature.getRegistrations === 'function' ? feature.getRegistrations() : [];
const dependencies = registrations.flatMap(r => Object.entries((r.init && r.init.deps) || {})
  .map(([key, ref]) => key + '=' + (ref && ref.id)));
// The scaffolder module validates manifests against schemas it ships next to its package.json.
const schemas = plugin.ManifestSchemas && plugin.ManifestSchemas.bundled();
console.log(JSON.stringify({
  defaultType: feature && feature.$$type,
  installer: plugin.dynamicPluginInstaller ? plugin.dynamicPluginInstaller.kind : undefined,
  backstageFrom: origin('@backstage/'),
  backendPluginApi: versionOf('@backstage/backend-plugin-api'),
  dependencies,
  bundledSchemas: schemas ? schemas.knows('tekton.dev/v1', 'Task') : undefined,
}));
`;

/**
 * The names docs/install.md imports from a frontend plugin's Scalprum container, read from
 * its `dynamicPlugins.frontend.<name>` block: `importName:` values and the conditions in `if`.
 */
function documentedFrontendImports(scalprumName: string): string[] {
  const doc = fs.readFileSync(path.join(repoRoot, 'docs/install.md'), 'utf8');
  const start = doc.indexOf(`${scalprumName}:`);
  if (start < 0) {
    return [];
  }
  const block = doc.slice(start, doc.indexOf('```', start));
  const names = new Set<string>();
  for (const match of block.matchAll(/importName:\s*(\w+)/g)) {
    names.add(match[1]);
  }
  for (const match of block.matchAll(/allOf:\s*\[([^\]]*)\]/g)) {
    for (const name of match[1].split(',')) {
      names.add(name.trim());
    }
  }
  return [...names];
}

describeExport('RHDH dynamic plugin export', () => {
  it('reads the names docs/install.md imports from the model catalog frontend', () => {
    expect(
      documentedFrontendImports('ai-golden-path.plugin-model-catalog').sort(),
    ).toEqual(['EntityModelCard', 'EntityModelContent', 'isModelAvailable']);
  });

  it('covers every plugin of plugins/ except the libraries', () => {
    expect(backendPlugins.map(p => p.name)).toEqual(
      expect.arrayContaining([
        '@ai-golden-path/plugin-model-catalog-backend',
        '@ai-golden-path/plugin-catalog-backend-module-model-catalog',
        '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path',
      ]),
    );
    expect(frontendPlugins.map(p => p.name)).toEqual([
      '@ai-golden-path/plugin-model-catalog',
    ]);
    const others = plugins.filter(
      p => !backendPlugins.includes(p) && !frontendPlugins.includes(p),
    );
    for (const library of others) expect(library.role).toMatch(/library$/);
  });

  describe.each(backendPlugins.map(p => [p.name, p] as const))(
    '%s',
    (_name, plugin) => {
      it('exports a self-contained package that RHDH can load', () => {
        const distDynamic = exportPlugin(plugin);
        const manifest = JSON.parse(
          fs.readFileSync(path.join(distDynamic, 'package.json'), 'utf8'),
        );
        expect(manifest.name).toBe(`${plugin.name}-dynamic`);
        // Backstage packages are provided by RHDH: peers, never bundled.
        const bundled = Object.keys(manifest.dependencies ?? {});
        expect(bundled.filter(dep => dep.startsWith('@backstage/'))).toEqual(
          [],
        );
        expect(Object.keys(manifest.peerDependencies ?? {})).toContain(
          '@backstage/backend-plugin-api',
        );
        expect(
          fs.existsSync(path.join(distDynamic, 'node_modules/@backstage')),
        ).toBe(false);
        // Everything else travels with the plugin (RHDH installs nothing for it).
        const missing = bundled.filter(
          dep =>
            !fs.existsSync(
              path.join(distDynamic, 'node_modules', dep, 'package.json'),
            ),
        );
        expect(missing).toEqual([]);

        // A clean directory with nothing of the repository above it.
        const installRoot = fs.mkdtempSync(
          path.join(os.tmpdir(), 'dynamic-plugins-root-'),
        );
        try {
          const pluginDir = path.join(installRoot, path.basename(plugin.dir));
          fs.cpSync(distDynamic, pluginDir, {
            recursive: true,
            dereference: true,
          });
          const load = (hostNodeModules: string[]) =>
            JSON.parse(
              execFileSync(
                process.execPath,
                [
                  '-e',
                  loaderScript,
                  pluginDir,
                  hostNodeModules.join(path.delimiter),
                ],
                { cwd: installRoot, encoding: 'utf8', timeout: 120_000 },
              )
                .trim()
                .split('\n')
                .pop()!,
            );
          const loaded = load([path.join(repoRoot, 'node_modules')]);
          expect(
            loaded.defaultType === '@backstage/BackendFeature' ||
              loaded.installer !== undefined,
          ).toBe(true);
          expect(loaded.backstageFrom).toEqual(['host']);
          expect(loaded.bundledSchemas).toBe(
            plugin.name.includes('scaffolder-backend-module')
              ? true
              : undefined,
          );

          // The same package in an RHDH 1.9 backend: the host's @backstage packages are
          // Backstage 1.45.0's (compat/rhdh-1.9), everything else as before. Every service
          // and extension point the plugin asks for must exist there.
          const inRhdh19 = load([
            path.join(repoRoot, 'compat/rhdh-1.9/node_modules'),
            path.join(repoRoot, 'node_modules'),
          ]);
          expect(inRhdh19.defaultType).toBe('@backstage/BackendFeature');
          expect(inRhdh19.backendPluginApi).toBe('1.5.0');
          expect(inRhdh19.dependencies.length).toBeGreaterThan(2);
          expect(
            inRhdh19.dependencies.filter((dependency: string) =>
              dependency.endsWith('=undefined'),
            ),
          ).toEqual([]);
          expect(inRhdh19.dependencies).toEqual(loaded.dependencies);
        } finally {
          fs.rmSync(installRoot, { recursive: true, force: true });
        }
      }, 600_000);
    },
  );

  describe.each(frontendPlugins.map(p => [p.name, p] as const))(
    '%s',
    (_name, plugin) => {
      it('exports Scalprum assets whose manifest names the plugin and its exposed modules', () => {
        const distDynamic = exportPlugin(plugin);
        const scalprumDir = path.join(distDynamic, 'dist-scalprum');
        const manifestFile = path.join(scalprumDir, 'plugin-manifest.json');
        expect(fs.existsSync(manifestFile)).toBe(true);
        const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
        // The name dynamic-plugins.yaml uses under dynamicPlugins.frontend.
        const pkg = JSON.parse(
          fs.readFileSync(path.join(plugin.dir, 'package.json'), 'utf8'),
        );
        const scalprumName =
          pkg.scalprum?.name ?? pkg.name.replace(/^@/, '').replace('/', '.');
        expect(manifest.name).toBe(scalprumName);
        expect(manifest.loadScripts?.length).toBeGreaterThan(0);
        const entry = manifest.loadScripts
          .map((script: string) =>
            fs.readFileSync(path.join(scalprumDir, script), 'utf8'),
          )
          .join('\n');
        // The container registers itself under that name and exposes each module
        // (PluginRoot unless package.json has a scalprum configuration).
        expect(entry).toContain(scalprumName);
        const exposed = Object.keys(
          pkg.scalprum?.exposedModules ?? { PluginRoot: './src/index.ts' },
        );
        for (const module of exposed) {
          expect(entry).toContain(`"exposed-${module}"`);
        }
        // Every name docs/install.md tells RHDH to import (mount points' importName and
        // their `if` conditions) is an export the bundle carries.
        const documented = documentedFrontendImports(scalprumName);
        const bundle = fs
          .readdirSync(scalprumDir, { recursive: true, encoding: 'utf8' })
          .filter(file => file.endsWith('.js'))
          .map(file => fs.readFileSync(path.join(scalprumDir, file), 'utf8'))
          .join('\n');
        for (const name of documented) {
          expect(bundle).toMatch(new RegExp(`\\b${name}\\b`));
        }
      }, 900_000);
    },
  );
});
