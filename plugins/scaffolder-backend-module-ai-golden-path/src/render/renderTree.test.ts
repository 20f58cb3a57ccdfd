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
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { renderTree, writeTree } from './renderTree';

function makeSkeleton(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skeleton-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

const byPath = (files: { path: string; content: Buffer }[]) =>
  Object.fromEntries(files.map(f => [f.path, f.content.toString('utf8')]));

describe('renderTree', () => {
  it('renders .hbs files, templated names and copies other files untouched', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0x00]);
    const sourceDir = makeSkeleton({
      '{{snake name}}/__init__.py.hbs': '__version__ = {{py version}}\n',
      'static.txt': 'kept {{as is}}\n',
      'logo.png': png,
      'catalog-info.yaml.hbs': 'metadata:\n  name: {{name}}\n  description: {{yaml description}}\n',
    });
    const files = await renderTree({
      sourceDir,
      values: { name: 'fraud-model', version: '0.1.0', description: 'Says: "yes"\nor no' },
    });
    const rendered = byPath(files);
    expect(rendered['fraud_model/__init__.py']).toBe('__version__ = "0.1.0"\n');
    expect(rendered['static.txt']).toBe('kept {{as is}}\n');
    expect(files.find(f => f.path === 'logo.png')!.content.equals(png)).toBe(true);
    expect(rendered['catalog-info.yaml']).toContain(
      'description: "Says: \\"yes\\"\\nor no"',
    );
  });

  it('leaves out files and directories whose names render empty', async () => {
    const sourceDir = makeSkeleton({
      "{{only (eq registry 'mlflow')}}mlflow.py.hbs": 'mlflow = {{py registry}}\n',
      "{{only (eq registry 'local')}}local/store.py": 'local\n',
      "{{snake none}}": 'left out, since its name renders empty\n',
      'always.py': 'x\n',
    });
    const mlflow = byPath(await renderTree({ sourceDir, values: { registry: 'mlflow', none: '' } }));
    expect(Object.keys(mlflow).sort()).toEqual(['always.py', 'mlflow.py']);
    expect(mlflow['mlflow.py']).toBe('mlflow = "mlflow"\n');
    const local = byPath(await renderTree({ sourceDir, values: { registry: 'local', none: '' } }));
    expect(Object.keys(local).sort()).toEqual(['always.py', 'local/store.py']);
  });

  it('names the file and the variable when a value is missing', async () => {
    const sourceDir = makeSkeleton({ 'serving/app.py.hbs': 'a\nb = {{py port}}\n' });
    await expect(renderTree({ sourceDir, values: {} })).rejects.toThrow(
      'skeleton file "serving/app.py.hbs" line 2: the variable "port" is not defined in the values',
    );
  });

  it('names the field whose value a bare {{ }} may not print', async () => {
    const sourceDir = makeSkeleton({ 'README.md.hbs': '# {{description}}\n' });
    await expect(
      renderTree({ sourceDir, values: { description: 'a: b\nc' } }),
    ).rejects.toThrow(/skeleton file "README.md.hbs": values.description .* escaping helper/);
  });

  it('names nested variables missing from the values, inside helpers and blocks too', async () => {
    const sourceDir = makeSkeleton({
      'deploy.yaml.hbs': 'a: 1\n{{#if (eq namespaces.prod "x")}}b: 2{{/if}}\n',
    });
    await expect(renderTree({ sourceDir, values: { namespaces: { dev: 'd' } } })).rejects.toThrow(
      'skeleton file "deploy.yaml.hbs" line 2: the variable "namespaces.prod" is not defined in the values',
    );
  });

  it('refuses triple-stash output and Handlebars syntax errors', async () => {
    await expect(
      renderTree({ sourceDir: makeSkeleton({ 'a.txt.hbs': '{{{raw}}}' }), values: { raw: 'x' } }),
    ).rejects.toThrow(/a.txt.hbs.*line 1: \{\{\{ \}\}\} prints a value without escaping/);
    await expect(
      renderTree({ sourceDir: makeSkeleton({ 'b.txt.hbs': '{{#if x}}' }), values: { x: 1 } }),
    ).rejects.toThrow(/skeleton file "b.txt.hbs"/);
  });

  it('refuses a rendered YAML file that does not parse', async () => {
    const sourceDir = makeSkeleton({ 'deploy.yaml.hbs': 'a: [\n' });
    await expect(renderTree({ sourceDir, values: {} })).rejects.toThrow(
      /deploy.yaml.hbs.*renders to deploy.yaml, which does not parse/,
    );
  });

  it('refuses names that render to a path instead of a file name', async () => {
    const sourceDir = makeSkeleton({ '{{dir}}.txt': 'x' });
    await expect(renderTree({ sourceDir, values: { dir: 'x/../../etc/passwd' } })).rejects.toThrow(
      /is not a plain file name/,
    );
    const dotDot = makeSkeleton({ '{{only up}}../x.txt': 'x' });
    await expect(renderTree({ sourceDir: dotDot, values: { up: true } })).rejects.toThrow(
      /renders to "..", which is not a plain file name/,
    );
  });

  it('refuses symbolic links in a skeleton', async () => {
    const sourceDir = makeSkeleton({ 'a.txt': 'x' });
    fs.symlinkSync('/etc/hostname', path.join(sourceDir, 'link'));
    await expect(renderTree({ sourceDir, values: {} })).rejects.toThrow(/symbolic links/);
  });

  it('never writes outside the target directory, whatever the values', async () => {
    const sourceDir = makeSkeleton({
      '{{name}}/{{file}}.py.hbs': 'name = {{py name}}\ndescription = {{py description}}\n',
      '{{file}}.yaml.hbs': 'name: {{yaml name}}\ndescription: {{yaml description}}\n',
      'README.md.hbs': '# {{md description}}\n',
    });
    const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-'));
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.string(),
        fc.string({ unit: 'binary' }),
        async (name, file, description) => {
          const target = fs.mkdtempSync(path.join(sandbox, 'target-'));
          // Refusing a value is fine (an InputError); anything else is a bug.
          const outcome = await renderTree({ sourceDir, values: { name, file, description } })
            .then(files => writeTree(target, files))
            .then(
              () => 'written',
              (error: Error) => error.name,
            );
          expect(['written', 'InputError']).toContain(outcome);
          // Whatever happened, every file below the sandbox is inside a target directory.
          const escaped = fs
            .readdirSync(sandbox, { recursive: true, withFileTypes: true })
            .filter(entry => entry.isFile())
            .map(entry => path.relative(sandbox, path.join(entry.parentPath, entry.name)))
            .filter(relative => !/^target-[^/]+\//.test(relative));
          expect(escaped).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
    expect(fs.readdirSync(sandbox).length).toBeGreaterThan(0);
  }, 120_000);
});
