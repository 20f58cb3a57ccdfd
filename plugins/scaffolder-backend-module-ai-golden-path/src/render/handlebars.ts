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

import Handlebars from 'handlebars';

/**
 * What a bare `{{value}}` may print: letters, digits, `_ . - / @ +` and inner spaces. Anything
 * else (quotes, newlines, `{`, `#`, `:` followed by a space, ...) could change the meaning of the
 * Python, YAML or TOML around it, so it has to go through one of the escaping helpers below,
 * which say which syntax they escape for.
 */
const PLAIN_TOKEN = /^[A-Za-z0-9_][A-Za-z0-9_.\-/@+ ]*$/;

/** Raised when a bare `{{value}}` would print something that is not a plain token. */
export class UnsafeInterpolationError extends Error {
  constructor(readonly value: string) {
    super('unsafe interpolation');
    this.name = 'UnsafeInterpolationError';
  }
}

function plainToken(value: unknown): string {
  if (isSafeString(value)) {
    return value.toHTML();
  }
  if (value === undefined || value === null || value === '') {
    return '';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new UnsafeInterpolationError(String(value));
    }
    return String(value);
  }
  if (typeof value === 'boolean') {
    return String(value);
  }
  const text = String(value);
  if (!PLAIN_TOKEN.test(text)) {
    throw new UnsafeInterpolationError(text);
  }
  return text;
}

function isSafeString(value: unknown): value is { toHTML(): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toHTML?: unknown }).toHTML === 'function'
  );
}

/**
 * What `{{only condition}}` prints in a file name when the condition is false: the renderer
 * leaves such a file out. A file name cannot hold a block helper, since `{{/if}}` has a slash.
 */
export const LEAVE_OUT = '\u0000leave-out\u0000';

/** Raised when the skeleton reads a value the template did not pass. */
export class MissingValueError extends Error {
  constructor(readonly variable: string) {
    super(`"${variable}" not defined`);
    this.name = 'MissingValueError';
  }
}

/**
 * Wraps the values so that reading a missing field throws. Handlebars' own strict mode checks
 * only `{{name}}` lookups; helper arguments such as `{{py name}}` and `{{#if name}}` would
 * silently read `undefined`.
 */
export function strictValues<T>(values: T, prefix = ''): T {
  if (values === null || typeof values !== 'object') return values;
  const isArray = Array.isArray(values);
  return new Proxy(values as object, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !isArray && !(key in target)) {
        throw new MissingValueError(`${prefix}${key}`);
      }
      const value = Reflect.get(target, key, receiver);
      return typeof key === 'string'
        ? strictValues(value, isArray ? `${prefix}${key}.` : `${prefix}${key}.`)
        : value;
    },
  }) as T;
}

/** A JSON string literal; valid as a YAML double-quoted scalar, a TOML basic string and JSON. */
function quoted(value: unknown): string {
  if (value === undefined || value === null) {
    return '""';
  }
  return JSON.stringify(String(value));
}

function finiteNumber(value: unknown, helper: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'boolean' || value === '' || !Number.isFinite(number)) {
    throw new Error(`the ${helper} helper needs a finite number, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** A Python literal for JSON-like data: str, int/float, bool, None, list, dict. */
function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    return String(finiteNumber(value, 'py'));
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([key, item]) => `${JSON.stringify(key)}: ${pythonLiteral(item)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  throw new Error(`the py helper cannot write a ${typeof value}`);
}

/** Markdown text on one line: control characters and line breaks folded, HTML escaped. */
function markdownText(value: unknown): string {
  return String(value ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .trim();
}

type HelperArgs = unknown[];
/** Handlebars passes its options object last; helpers see only the real arguments. */
const args = (all: HelperArgs) => all.slice(0, -1);

/**
 * Creates an isolated Handlebars environment for skeletons whose helpers print user input
 * escaped for one syntax each.
 */
export function createSkeletonHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  const safe = (text: string) => new hb.SafeString(text);

  hb.registerHelper({
    /** `{{yaml description}}`: a double-quoted YAML scalar. */
    yaml: (value: unknown) => safe(quoted(value)),
    /** `{{json value}}`: any JSON value on one line. */
    json: (value: unknown) => safe(JSON.stringify(value ?? null)),
    /** `{{toml description}}`: a TOML basic string. */
    toml: (value: unknown) => safe(quoted(value)),
    /** `{{py value}}`: a Python literal. */
    py: (value: unknown) => safe(pythonLiteral(value)),
    /** `{{only (eq registry 'mlflow')}}mlflow.py`: the file exists only when the condition holds. */
    only: (condition: unknown) => (condition ? '' : safe(LEAVE_OUT)),
    /** `{{md description}}`: text for Markdown, one line, HTML escaped. */
    md: (value: unknown) => safe(markdownText(value)),
    /** `{{number threshold}}`: a finite number, refused otherwise. */
    number: (value: unknown) => safe(String(finiteNumber(value, 'number'))),
    /** `{{snake name}}`: `my-model` becomes `my_model` (Python package names). */
    snake: (value: unknown) => String(value ?? '').replace(/-/g, '_'),
    /** `{{title name}}`: `my-model` becomes `My Model`. */
    title: (value: unknown) =>
      String(value ?? '')
        .split(/[-_\s]+/)
        .filter(Boolean)
        .map(word => word[0].toUpperCase() + word.slice(1))
        .join(' '),
    eq: (...all: HelperArgs) => args(all)[0] === args(all)[1],
    ne: (...all: HelperArgs) => args(all)[0] !== args(all)[1],
    and: (...all: HelperArgs) => args(all).every(Boolean),
    or: (...all: HelperArgs) => args(all).some(Boolean),
    not: (value: unknown) => !value,
    includes: (list: unknown, item: unknown) =>
      Array.isArray(list) && list.includes(item),
  });
  return hb;
}

/**
 * Compiles one template text in strict mode: a variable missing from the values is an error,
 * and `{{{ }}}` (unescaped output) is not allowed, since it would bypass the plain-token check.
 */
export function compileStrict(
  hb: typeof Handlebars,
  source: string,
): Handlebars.TemplateDelegate {
  const ast = hb.parse(source);
  const visitor = new Handlebars.Visitor();
  let tripleStash: { line: number } | undefined;
  visitor.MustacheStatement = function visitMustache(statement) {
    if (!statement.escaped && !tripleStash) {
      tripleStash = { line: statement.loc.start.line };
    }
    return Handlebars.Visitor.prototype.MustacheStatement.call(this, statement);
  };
  visitor.accept(ast);
  if (tripleStash) {
    throw new Error(
      `line ${tripleStash.line}: {{{ }}} prints a value without escaping; use a helper such as {{yaml x}} or {{py x}}`,
    );
  }
  return hb.compile(ast, { strict: true, noEscape: false });
}

let shared: typeof Handlebars | undefined;

/**
 * One environment for every render: the helpers depend on nothing but their arguments, so
 * templates compiled in it can be reused across renders and values.
 */
export function sharedSkeletonHandlebars(): typeof Handlebars {
  shared ??= createSkeletonHandlebars();
  return shared;
}

/** Compiled templates by source text; a long-running scaffolder renders the same files again. */
const compiled = new Map<string, Handlebars.TemplateDelegate>();
const MAX_COMPILED = 2000;

/**
 * `compileStrict` with a bounded cache for the shared environment. Only templates that passed
 * the checks are kept, so a bad template fails on every render.
 */
export function compileStrictCached(
  hb: typeof Handlebars,
  source: string,
): Handlebars.TemplateDelegate {
  if (hb !== shared) return compileStrict(hb, source);
  const hit = compiled.get(source);
  if (hit) return hit;
  const template = compileStrict(hb, source);
  if (compiled.size >= MAX_COMPILED) {
    // Oldest first: Map keeps insertion order.
    compiled.delete(compiled.keys().next().value as string);
  }
  compiled.set(source, template);
  return template;
}

type EscapingUtils = { escapeExpression: (value: unknown) => string };

/**
 * Renders a compiled template with the plain-token check in place of HTML escaping.
 *
 * Handlebars has no per-environment escaping hook: compiled templates call the shared
 * `Utils.escapeExpression` for every `{{ }}`. Rendering is synchronous, so the function is
 * swapped in for the duration of this call only and no other code can observe it.
 */
export function renderStrict(
  hb: typeof Handlebars,
  template: Handlebars.TemplateDelegate,
  values: Record<string, unknown>,
): string {
  const utils = hb.Utils as unknown as EscapingUtils;
  const htmlEscape = utils.escapeExpression;
  utils.escapeExpression = plainToken;
  try {
    return template(strictValues(values));
  } finally {
    utils.escapeExpression = htmlEscape;
  }
}
