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

import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isBinaryFile } from 'isbinaryfile';
import YAML from 'yaml';
import {
  compileStrictCached,
  sharedSkeletonHandlebars,
  LEAVE_OUT,
  MissingValueError,
  renderStrict,
  UnsafeInterpolationError,
} from './handlebars';

/** Files with this suffix are rendered with Handlebars and written without it. */
export const TEMPLATE_SUFFIX = '.hbs';
/** The skeleton's own description (values schema); read by the action, never copied. */
export const SKELETON_MANIFEST = '.skeleton.yaml';

/** One file of the rendered tree, held in memory until the whole tree has rendered. */
export interface RenderedFile {
  /** Path relative to the target directory, with `/` separators. */
  path: string;
  content: Buffer;
  executable: boolean;
}

/** Where a skeleton file or directory name came from, for error messages. */
function describe(sourcePath: string) {
  return `skeleton file "${sourcePath}"`;
}

/** Finds where in the values a refused string came from, so the error can name the field. */
function findValuePath(
  values: unknown,
  needle: string,
  prefix = 'values',
): string | undefined {
  if (typeof values === 'string' || typeof values === 'number') {
    return String(values) === needle ? prefix : undefined;
  }
  if (Array.isArray(values)) {
    for (const [index, item] of values.entries()) {
      const found = findValuePath(item, needle, `${prefix}[${index}]`);
      if (found) return found;
    }
  } else if (values && typeof values === 'object') {
    for (const [key, item] of Object.entries(values)) {
      const found = findValuePath(item, needle, `${prefix}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** Turns Handlebars' strict-mode and helper errors into one message naming file and variable. */
function renderError(
  error: unknown,
  where: string,
  values: Record<string, unknown>,
  source: string,
): InputError {
  if (error instanceof MissingValueError) {
    const name = error.variable.split('.').pop()!;
    const lines = source.split('\n');
    const index = lines.findIndex(line =>
      new RegExp(`{{[^}]*\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(line),
    );
    const line = index >= 0 ? ` line ${index + 1}` : '';
    return new InputError(
      `${where}${line}: the variable "${error.variable}" is not defined in the values`,
    );
  }
  if (error instanceof UnsafeInterpolationError) {
    const field = findValuePath(values, error.value) ?? 'a value';
    return new InputError(
      `${where}: ${field} (${JSON.stringify(error.value)}) is not a plain name, so {{ }} may ` +
        'not print it as it is; the skeleton must print it through an escaping helper such as ' +
        '{{yaml x}}, {{py x}}, {{toml x}}, {{json x}} or {{md x}}',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const missing = /^"?([^"]+)"? not defined in .* - (\d+):(\d+)/.exec(message);
  if (missing) {
    return new InputError(
      `${where} line ${missing[2]}: the variable "${missing[1]}" is not defined in the values`,
    );
  }
  return new InputError(`${where}: ${message.split('\n')[0]}`);
}

/** A rendered path segment must be one plain file name: no separators, no `..`, no controls. */
function checkSegment(segment: string, where: string, rendered: string) {
  if (
    segment === '.' ||
    segment === '..' ||
    // eslint-disable-next-line no-control-regex
    /[\\/\u0000-\u001f]/.test(segment)
  ) {
    throw new InputError(
      `${where}: its name renders to "${rendered}", which is not a plain file name`,
    );
  }
}

/**
 * Renders every file below `sourceDir` into memory.
 *
 * - Names of files and directories are Handlebars templates; a name that renders to the empty
 *   string, or starts with `{{only condition}}` whose condition is false, leaves the file (or
 *   the whole directory) out: that is how conditional files work.
 * - Files ending in `.hbs` are rendered and written without the suffix; every other file,
 *   binary or text, is copied byte for byte.
 * - Rendered `.yaml`, `.yml` and `.json` files must parse, so a skeleton edit that breaks one
 *   fails at generation with the file named, not later in a cluster.
 *
 * Nothing is written: a failure anywhere leaves the target untouched.
 */
export async function renderTree(options: {
  sourceDir: string;
  values: Record<string, unknown>;
}): Promise<RenderedFile[]> {
  const { sourceDir, values } = options;
  const hb = sharedSkeletonHandlebars();
  const render = (source: string, where: string) => {
    try {
      return renderStrict(hb, compileStrictCached(hb, source), values);
    } catch (error) {
      throw renderError(error, where, values, source);
    }
  };

  const files: RenderedFile[] = [];
  const visit = async (relativeDir: string, targetDir: string) => {
    const entries = await fs.readdir(path.join(sourceDir, relativeDir), {
      withFileTypes: true,
    });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const sourcePath = path.posix.join(relativeDir, entry.name);
      if (sourcePath === SKELETON_MANIFEST) continue;
      const where = describe(sourcePath);
      if (entry.isSymbolicLink()) {
        throw new InputError(`${where}: symbolic links are not allowed in a skeleton`);
      }
      const isTemplate = entry.isFile() && entry.name.endsWith(TEMPLATE_SUFFIX);
      const rawName = isTemplate
        ? entry.name.slice(0, -TEMPLATE_SUFFIX.length)
        : entry.name;
      const name = render(rawName, `${where} (its name)`).trim();
      if (name === '' || name.includes(LEAVE_OUT)) continue;
      checkSegment(name, where, name);
      const targetPath = targetDir ? `${targetDir}/${name}` : name;

      if (entry.isDirectory()) {
        await visit(sourcePath, targetPath);
        continue;
      }
      if (!entry.isFile()) continue;

      const absolute = path.join(sourceDir, sourcePath);
      const stat = await fs.stat(absolute);
      const raw = await fs.readFile(absolute);
      const executable = (stat.mode & 0o111) !== 0;
      if (!isTemplate) {
        files.push({ path: targetPath, content: raw, executable });
        continue;
      }
      if (await isBinaryFile(raw, raw.length)) {
        throw new InputError(`${where}: a binary file cannot be a template; drop the .hbs suffix`);
      }
      const text = render(raw.toString('utf8'), where);
      if (text.includes(LEAVE_OUT)) {
        throw new InputError(`${where}: {{only ...}} belongs in file names, not in file contents`);
      }
      checkStructuredText(targetPath, text, where);
      files.push({ path: targetPath, content: Buffer.from(text, 'utf8'), executable });
    }
  };
  await visit('', '');

  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) {
      throw new InputError(`two skeleton files render to the same path "${file.path}"`);
    }
    seen.add(file.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function checkStructuredText(targetPath: string, text: string, where: string) {
  try {
    if (/\.ya?ml$/.test(targetPath)) {
      for (const document of YAML.parseAllDocuments(text)) {
        if (document.errors.length > 0) throw document.errors[0];
      }
    } else if (targetPath.endsWith('.json')) {
      JSON.parse(text);
    }
  } catch (error) {
    throw new InputError(
      `${where}: renders to ${targetPath}, which does not parse: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/**
 * Writes a rendered tree below `targetDir`, every path checked to stay inside it.
 */
export async function writeTree(targetDir: string, files: RenderedFile[]) {
  for (const file of files) {
    const destination = resolveSafeChildPath(targetDir, file.path);
    await fs.mkdir(path.dirname(destination), { recursive: true });
    await fs.writeFile(destination, file.content, {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}
