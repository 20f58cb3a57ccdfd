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

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import YAML from 'yaml';
import {
  BUILT_IN_KINDS,
  CRD_FILES,
  NAMED_DEFINITIONS,
  OBJECT_META,
  PROTO_DIR,
  PROTO_FILES,
  SchemaBundle,
  SWAGGER_FILES,
  TRIGGERS_SCHEMAS,
} from './validate';

/**
 * Builds the schema bundle that ships with the module (schemas/manifest-schemas.json.gz) from a
 * directory laid out as shared/specs. scripts/bundle-manifest-schemas.ts writes it; a test checks
 * that the committed file is what this produces from the specs today.
 *
 * The bundle holds the same documents ManifestSchemas reads from a specs directory, reduced so
 * that it stays small: only the kinds the manifest sets of templates/* produce (plus a few that
 * platform teams commonly add and the bootstrap action creates), the definitions those refer to
 * ($ref closure), and no descriptions. Validation reads them with the same code either way.
 */

/** Kinds the action writes itself (compiled pipelines, src/manifests/kfp.ts), not a template. */
const ACTION_KINDS = [
  'pipelines.kubeflow.org/v2beta1/Pipeline',
  'pipelines.kubeflow.org/v2beta1/PipelineVersion',
  ...BUILT_IN_KINDS,
];

/**
 * Kinds no template uses today that a platform team is likely to add to a manifest set (the
 * closure of Deployment already holds most of what they refer to, so they cost little), and
 * the Namespace the bootstrap action creates.
 */
const COMMON_KINDS = [
  'v1/Namespace',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/Service',
  'v1/ServiceAccount',
  'v1/PersistentVolumeClaim',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'batch/v1/Job',
  'batch/v1/CronJob',
  'networking.k8s.io/v1/NetworkPolicy',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
  'tekton.dev/v1/Task',
  'tekton.dev/v1/Pipeline',
  'tekton.dev/v1/PipelineRun',
];

/** Not objects of a cluster: kustomize reads them; the action checks their references. */
const NOT_CLUSTER_KINDS = new Set([
  'kustomize.config.k8s.io/v1beta1/Kustomization',
]);

const TEXT_FILE = /\.(ya?ml|json|hbs|md|txt|py)$/;

function filesBelow(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesBelow(full);
      return entry.isFile() ? [full] : [];
    })
    .sort();
}

const KEY_LINE =
  /^(\s*(?:-\s+)?)["']?(apiVersion|kind)["']?\s*:\s*["']?([^"'\s,#]+)["']?/;

/**
 * The apiVersion/kind pairs written in the files of a manifest set, as text: a template is
 * Handlebars, not YAML, until it is rendered. An apiVersion pairs with the kind at the same
 * indentation of the same mapping (top-level documents, TriggerTemplate resourcetemplates,
 * a JSON object in a script). Pairs with a Handlebars expression are skipped.
 */
export function kindsInText(text: string): string[] {
  const lines = text.split('\n');
  const keys = lines.map(line => {
    const match = KEY_LINE.exec(line);
    return match
      ? { column: match[1].length, key: match[2], value: match[3] }
      : undefined;
  });
  const indentation = (line: string) => line.length - line.trimStart().length;
  const found = new Set<string>();
  keys.forEach((entry, index) => {
    if (entry?.key !== 'apiVersion' || entry.value.includes('{{')) return;
    // Look both ways for the kind of the same mapping; stop where it ends.
    for (const step of [1, -1]) {
      for (let i = index + step; i >= 0 && i < lines.length; i += step) {
        const line = lines[i];
        const trimmed = line.trim();
        // Blank lines, comments and Handlebars block lines ({{#if}}, {{/if}}) say nothing.
        if (
          !trimmed ||
          trimmed.startsWith('#') ||
          /^\{\{[^}]*\}\}$/.test(trimmed)
        ) {
          continue;
        }
        if (trimmed === '---') break;
        const other = keys[i];
        if (other?.column === entry.column && other.key === 'kind') {
          if (!other.value.includes('{{')) {
            found.add(`${entry.value}/${other.value}`);
          }
          return;
        }
        // A list item at this column starts a sibling mapping; less indentation ends this one.
        if (indentation(line) < entry.column) break;
        if (/^\s*-\s/.test(line) && indentation(line) <= entry.column) break;
      }
    }
  });
  return [...found];
}

/** Kinds the manifest sets of every template of a templates directory produce. */
export function kindsOfTemplates(templatesDir: string): string[] {
  const kinds = new Set<string>();
  for (const template of fs.readdirSync(templatesDir).sort()) {
    const manifests = path.join(templatesDir, template, 'manifests');
    if (!fs.existsSync(manifests)) continue;
    for (const file of filesBelow(manifests)) {
      if (!TEXT_FILE.test(file)) continue;
      for (const kind of kindsInText(fs.readFileSync(file, 'utf8'))) {
        kinds.add(kind);
      }
    }
  }
  return [...kinds].sort();
}

type Schema = Record<string, any>;

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_VALUES = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'allOf',
  'anyOf',
  'oneOf',
]);

/**
 * Drops the keywords validation does not read (descriptions, most vendor extensions) from a
 * schema, walking only schema positions: a property named "description" stays.
 */
function reduceSchema(schema: any, keep: (key: string) => boolean): any {
  if (Array.isArray(schema)) return schema.map(s => reduceSchema(s, keep));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!keep(key)) continue;
    if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [
          name,
          reduceSchema(sub, keep),
        ]),
      );
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = reduceSchema(value, keep);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** fromStructural in validate.ts reads these two extensions; the others say nothing it checks. */
const keepInCrd = (key: string) =>
  key !== 'description' &&
  (!key.startsWith('x-kubernetes-') ||
    key === 'x-kubernetes-int-or-string' ||
    key === 'x-kubernetes-preserve-unknown-fields');
const keepInSwagger = (key: string) =>
  key !== 'description' && !key.startsWith('x-');
const keepInJsonSchema = (key: string) => key !== 'description';

/** Names of the definitions a schema refers to (`#/definitions/NAME`). */
function refsOf(value: unknown, into: Set<string>) {
  if (Array.isArray(value)) {
    value.forEach(item => refsOf(item, into));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (
        key === '$ref' &&
        typeof item === 'string' &&
        item.startsWith('#/definitions/')
      ) {
        into.add(item.slice('#/definitions/'.length));
      } else {
        refsOf(item, into);
      }
    }
  }
}

function definitionClosure(
  definitions: Record<string, Schema>,
  roots: string[],
): Set<string> {
  const closure = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (closure.has(name)) continue;
    if (!definitions[name]) {
      throw new Error(`definition ${name} is referred to but not defined`);
    }
    closure.add(name);
    const refs = new Set<string>();
    refsOf(definitions[name], refs);
    queue.push(...refs);
  }
  return closure;
}

const gvkOf = (gvk: { group: string; version: string; kind: string }) =>
  `${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`;

/** Origin, commit and license of each file, from the `### \`file\`` sections of SOURCES.md. */
function readSources(specsDir: string) {
  const file = path.join(specsDir, 'SOURCES.md');
  const sources = new Map<string, Record<string, string>>();
  if (!fs.existsSync(file)) return sources;
  let current: Record<string, string> | undefined;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const heading = /^###\s+`([^`]+)`/.exec(line);
    if (heading) {
      current = {};
      sources.set(heading[1], current);
      continue;
    }
    if (/^##?\s/.test(line)) current = undefined;
    if (!current) continue;
    const origin = /^- origin:\s*`([^`]+)`\s*path\s*`([^`]+)`/.exec(line);
    if (origin) {
      current.origin = origin[1];
      current.path = origin[2];
    }
    const commit = /^- commit:\s*`([0-9a-f]{7,40})`/.exec(line);
    if (commit) current.commit = commit[1];
    const license = /^- license:\s*(.+)$/.exec(line);
    if (license) current.license = license[1].trim();
  }
  return sources;
}

export interface BuiltBundle {
  bundle: SchemaBundle;
  /** Kinds a template uses that no schema of the specs covers (checked as "unknown" at run time). */
  unknownKinds: string[];
}

/** Reads the specs and the templates and returns the bundle's content. */
export function buildSchemaBundle(options: {
  specsDir: string;
  templatesDir: string;
}): BuiltBundle {
  const { specsDir } = options;
  const wanted = new Set(
    [
      ...kindsOfTemplates(options.templatesDir),
      ...ACTION_KINDS,
      ...COMMON_KINDS,
    ].filter(kind => !NOT_CLUSTER_KINDS.has(kind)),
  );
  const covered = new Set<string>(BUILT_IN_KINDS);
  const files: Record<string, unknown> = {};
  const read: Array<{ file: string; content: Buffer }> = [];
  const readFile = (file: string) => {
    const content = fs.readFileSync(path.join(specsDir, file));
    read.push({ file, content });
    return content.toString('utf8');
  };

  for (const file of CRD_FILES) {
    const crd = YAML.parse(readFile(file));
    const kind = crd.spec.names.kind;
    const versions = (crd.spec.versions as Schema[])
      .filter(
        version =>
          version.served &&
          wanted.has(`${crd.spec.group}/${version.name}/${kind}`),
      )
      .map(version => {
        covered.add(`${crd.spec.group}/${version.name}/${kind}`);
        return {
          name: version.name,
          served: true,
          schema: {
            openAPIV3Schema: reduceSchema(
              version.schema.openAPIV3Schema,
              keepInCrd,
            ),
          },
        };
      });
    files[file] = {
      apiVersion: crd.apiVersion,
      kind: crd.kind,
      spec: { group: crd.spec.group, names: { kind }, versions },
    };
  }

  for (const file of SWAGGER_FILES) {
    const definitions: Record<string, Schema> = JSON.parse(
      readFile(file),
    ).definitions;
    const roots = new Set<string>();
    if (file === OBJECT_META.file) roots.add(OBJECT_META.definition);
    for (const [key, named] of Object.entries(NAMED_DEFINITIONS)) {
      if (named.file === file && wanted.has(key)) {
        roots.add(named.definition);
        covered.add(key);
      }
    }
    // The first definition of a kind wins, as in ManifestSchemas; CRDs come before swagger.
    for (const [name, definition] of Object.entries(definitions)) {
      for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
        const key = gvkOf(gvk);
        if (wanted.has(key) && !covered.has(key)) {
          roots.add(name);
          covered.add(key);
        }
      }
    }
    const closure = definitionClosure(definitions, [...roots]);
    files[file] = {
      definitions: Object.fromEntries(
        Object.entries(definitions)
          .filter(([name]) => closure.has(name))
          .map(([name, definition]) => {
            const reduced = reduceSchema(definition, keepInSwagger);
            // ManifestSchemas maps kinds to definitions with this extension.
            const gvks = definition['x-kubernetes-group-version-kind'];
            if (gvks) reduced['x-kubernetes-group-version-kind'] = gvks;
            return [name, reduced];
          }),
      ),
    };
  }

  for (const [kind, file] of Object.entries(TRIGGERS_SCHEMAS)) {
    files[file] = reduceSchema(JSON.parse(readFile(file)), keepInJsonSchema);
    covered.add(`triggers.tekton.dev/v1beta1/${kind}`);
  }

  // The .proto files as they are (small, and parsed the same way as from the directory).
  const protos = [...PROTO_FILES];
  for (let i = 0; i < protos.length; i++) {
    const file = `${PROTO_DIR}/${protos[i]}`;
    if (!fs.existsSync(path.join(specsDir, file))) continue;
    const text = readFile(file);
    files[file] = text;
    for (const match of text.matchAll(
      /^import\s+(?:weak\s+|public\s+)?"([^"]+)";/gm,
    )) {
      if (!protos.includes(match[1])) protos.push(match[1]);
    }
  }

  const provenance = readSources(specsDir);
  const bundle: SchemaBundle = {
    about:
      'Upstream API schemas of the kinds the ai-golden-path manifest sets use, reduced (no descriptions, only those kinds and the definitions they refer to). Generated by scripts/bundle-manifest-schemas.ts from shared/specs; do not edit.',
    format: 1,
    kinds: [...covered].sort(),
    sources: read
      .map(({ file, content }) => ({
        file,
        sha256: crypto.createHash('sha256').update(content).digest('hex'),
        ...provenance.get(file),
      }))
      .sort((a, b) => (a.file < b.file ? -1 : 1)),
    files,
  };
  return {
    bundle,
    unknownKinds: [...wanted].filter(kind => !covered.has(kind)).sort(),
  };
}

/** The bundle as written: JSON, gzip-compressed (the JSON is several times larger). */
export function encodeSchemaBundle(bundle: SchemaBundle): Buffer {
  return zlib.gzipSync(Buffer.from(JSON.stringify(bundle), 'utf8'), {
    level: 9,
  });
}
