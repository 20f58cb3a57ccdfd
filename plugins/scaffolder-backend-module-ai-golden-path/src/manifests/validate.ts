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

import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import protobuf from 'protobufjs';
import YAML from 'yaml';

/**
 * Validation of generated manifests against the upstream API schemas: CRD `openAPIV3Schema`s
 * (Tekton, Argo CD, KServe, DSPO, prometheus-operator, Route), the Kubernetes and OpenShift
 * OpenAPI documents, the vscode-tekton JSON Schemas for Triggers, and `pipeline_spec.proto` for
 * compiled KFP pipelines. The schemas are read from a directory laid out as `shared/specs`, or
 * from the bundle that ships with this module (`schemas/manifest-schemas.json.gz`, the same files
 * reduced to the kinds the templates use by scripts/bundle-manifest-schemas.ts), so that a
 * manifest set edited into shape it should not have is refused without any configuration.
 *
 * Objects are closed wherever the schema lists properties (the API server's strict field
 * validation, kubectl's default, refuses unknown fields there too).
 */

/** One problem in one document of one file, with the path of the field. */
export interface ManifestProblem {
  file: string;
  /** Index of the YAML document in the file, from 0. */
  document: number;
  /** Field path such as `spec.template.spec.containers[0].image` (empty for the document). */
  field: string;
  message: string;
}

export function formatProblem(problem: ManifestProblem): string {
  const where = `${problem.file} (document ${problem.document})`;
  return `${where}${problem.field ? ` ${problem.field}` : ''}: ${problem.message}`;
}

export const CRD_FILES = [
  'tekton-pipelines/300-pipeline.yaml',
  'tekton-pipelines/300-task.yaml',
  'tekton-pipelines/300-pipelinerun.yaml',
  'argocd/application-crd.yaml',
  'argocd/appproject-crd.yaml',
  'kserve/serving.kserve.io_inferenceservices.yaml',
  'kserve/serving.kserve.io_servingruntimes.yaml',
  'openshift/route.openshift.io_routes.crd.yaml',
  'dspo/datasciencepipelinesapplications.opendatahub.io_datasciencepipelinesapplications.yaml',
  'dspo/pipelines.kubeflow.org_pipelines.yaml',
  'dspo/pipelines.kubeflow.org_pipelineversions.yaml',
  'prometheus-operator/monitoring.coreos.com_servicemonitors.yaml',
  'prometheus-operator/monitoring.coreos.com_prometheusrules.yaml',
];

export const SWAGGER_FILES = [
  'kubernetes/kubernetes-v1.34-swagger.json',
  'openshift/openshift-api-openapi.json',
];

export const TRIGGERS_SCHEMAS: Record<string, string> = {
  EventListener:
    'tekton-triggers/jsonschema-vscode-tekton/v1beta1_EventListener.json',
  TriggerBinding:
    'tekton-triggers/jsonschema-vscode-tekton/v1beta1_TriggerBinding.json',
  TriggerTemplate:
    'tekton-triggers/jsonschema-vscode-tekton/v1beta1_TriggerTemplate.json',
  Trigger: 'tekton-triggers/jsonschema-vscode-tekton/v1beta1_Trigger.json',
};

/** The KFP pipeline IR and its Kubernetes platform config; imports are resolved in kfp/proto. */
export const PROTO_DIR = 'kfp/proto';
export const PROTO_FILES = [
  'pipeline_spec.proto',
  'kubernetes_executor_config.proto',
];

/** Every metadata is checked against this definition of the Kubernetes OpenAPI document. */
export const OBJECT_META = {
  file: 'kubernetes/kubernetes-v1.34-swagger.json',
  definition: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
};

/**
 * Kinds whose swagger definition carries no x-kubernetes-group-version-kind: openshift/api's
 * document has none, and ImageStream has no CRD (openshift-apiserver serves it).
 */
export const NAMED_DEFINITIONS: Record<
  string,
  { file: string; definition: string }
> = {
  'image.openshift.io/v1/ImageStream': {
    file: 'openshift/openshift-api-openapi.json',
    definition: 'com.github.openshift.api.image.v1.ImageStream',
  },
};

/** Kinds checked against a schema written here rather than read from the specs. */
export const BUILT_IN_KINDS = ['kubeflow.org/v1beta1/ScheduledWorkflow'];

/**
 * ScheduledWorkflow's CRD is `x-kubernetes-preserve-unknown-fields` only; this schema follows
 * the Go types of kubeflow/pipelines backend/src/crd/pkg/apis/scheduledworkflow/v1beta1.
 */
const SCHEDULED_WORKFLOW_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        maxConcurrency: { type: 'integer', minimum: 1, maximum: 10 },
        noCatchup: { type: 'boolean' },
        maxHistory: { type: 'integer', minimum: 0, maximum: 100 },
        trigger: {
          type: 'object',
          additionalProperties: false,
          properties: {
            cronSchedule: {
              type: 'object',
              additionalProperties: false,
              properties: {
                startTime: { type: 'string' },
                endTime: { type: 'string' },
                // robfig/cron with seconds: six fields
                cron: { type: 'string', pattern: '^\\S+( \\S+){5}$' },
              },
            },
            periodicSchedule: {
              type: 'object',
              additionalProperties: false,
              properties: {
                startTime: { type: 'string' },
                endTime: { type: 'string' },
                intervalSecond: { type: 'integer' },
              },
            },
          },
        },
        workflow: {
          type: 'object',
          additionalProperties: false,
          properties: {
            parameters: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  name: { type: 'string' },
                  value: { type: 'string' },
                },
              },
            },
            spec: {},
          },
        },
        experimentId: { type: 'string' },
        pipelineId: { type: 'string' },
        pipelineVersionId: { type: 'string' },
        pipelineName: { type: 'string' },
        serviceAccount: { type: 'string' },
      },
    },
  },
};

type Schema = Record<string, any>;

/** CRD structural schema to JSON Schema: closed objects, Kubernetes extensions honoured. */
function fromStructural(schema: Schema): Schema {
  if (!schema || typeof schema !== 'object') return schema;
  if (schema['x-kubernetes-int-or-string']) {
    return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (
      key.startsWith('x-kubernetes-') ||
      key === 'description' ||
      key === 'format'
    )
      continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Schema).map(([name, sub]) => [
          name,
          fromStructural(sub),
        ]),
      );
    } else if (
      key === 'items' ||
      key === 'additionalProperties' ||
      key === 'not'
    ) {
      out[key] = typeof value === 'object' ? fromStructural(value) : value;
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = (value as Schema[]).map(fromStructural);
    } else {
      out[key] = value;
    }
  }
  if (
    schema.properties &&
    schema.additionalProperties === undefined &&
    !schema['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  if (schema.nullable) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_VALUES = ['items', 'additionalProperties', 'not'];

/**
 * CRD schemas have no $ref: a Container or Volume schema is written out wherever it is used
 * (KServe's InferenceService holds dozens of copies, 570 KB without descriptions), and ajv spends
 * seconds compiling every copy. Each subschema that occurs more than once (and is big enough to
 * matter) is moved into `definitions` once and referred to, so it is compiled once. Only schema
 * positions are rewritten, never values such as `enum` or `default`; error paths do not change.
 */
export function hoistRepeated(root: Schema, minLength = 500): Schema {
  const children = (schema: Schema): Schema[] => {
    const found: Schema[] = [];
    for (const value of Object.values(schema.properties ?? {})) {
      found.push(value as Schema);
    }
    for (const key of SUBSCHEMA_VALUES) {
      if (schema[key] && typeof schema[key] === 'object')
        found.push(schema[key]);
    }
    for (const key of SUBSCHEMA_LISTS) {
      if (Array.isArray(schema[key])) found.push(...schema[key]);
    }
    return found;
  };
  const counts = new Map<string, number>();
  const count = (schema: Schema) => {
    if (!schema || typeof schema !== 'object') return;
    const text = JSON.stringify(schema);
    if (text.length >= minLength) {
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    children(schema).forEach(count);
  };
  children(root).forEach(count);

  const definitions: Record<string, Schema> = {};
  const names = new Map<string, string>();
  const rewrite = (schema: Schema, top: boolean): Schema => {
    if (!schema || typeof schema !== 'object') return schema;
    const text = JSON.stringify(schema);
    if (!top && (counts.get(text) ?? 0) > 1) {
      let name = names.get(text);
      if (!name) {
        name = `s${names.size}`;
        names.set(text, name);
        definitions[name] = rewrite(schema, true);
      }
      return { $ref: `#/definitions/${name}` };
    }
    const out: Schema = { ...schema };
    if (schema.properties) {
      out.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [
          key,
          rewrite(value as Schema, false),
        ]),
      );
    }
    for (const key of SUBSCHEMA_VALUES) {
      if (schema[key] && typeof schema[key] === 'object') {
        out[key] = rewrite(schema[key], false);
      }
    }
    for (const key of SUBSCHEMA_LISTS) {
      if (Array.isArray(schema[key])) {
        out[key] = schema[key].map((sub: Schema) => rewrite(sub, false));
      }
    }
    return out;
  };
  const hoisted = rewrite(root, true);
  return names.size > 0 ? { ...hoisted, definitions } : hoisted;
}

/** Swagger 2.0 definitions to JSON Schema definitions: closed objects, int-or-string. */
function fromSwaggerDefinitions(definitions: Record<string, Schema>) {
  const convert = (schema: Schema): Schema => {
    if (!schema || typeof schema !== 'object') return schema;
    if (Array.isArray(schema)) return schema.map(convert);
    if (schema.format === 'int-or-string') {
      return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    }
    const out: Schema = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key.startsWith('x-') || key === 'description' || key === 'format')
        continue;
      if (key === '$ref') {
        // Swagger 2 refs (#/definitions/...) resolve as they are: the definitions are kept.
        out.$ref = String(value);
      } else if (key === 'properties') {
        out.properties = Object.fromEntries(
          Object.entries(value as Schema).map(([name, sub]) => [
            name,
            convert(sub),
          ]),
        );
      } else if (key === 'items' || key === 'additionalProperties') {
        out[key] = typeof value === 'object' ? convert(value) : value;
      } else {
        out[key] = value;
      }
    }
    if (schema.properties && schema.additionalProperties === undefined) {
      out.additionalProperties = false;
    }
    return out;
  };
  const converted = Object.fromEntries(
    Object.entries(definitions).map(([name, schema]) => [
      name,
      convert(schema),
    ]),
  );
  // A Quantity is written as a number as often as a string ("cpu: 1").
  converted['io.k8s.apimachinery.pkg.api.resource.Quantity'] = {
    anyOf: [{ type: 'string' }, { type: 'number' }],
  };
  return converted;
}

/**
 * CRD patterns are Go (RE2) regular expressions; the only RE2 syntax they use that JavaScript
 * lacks is the `(?i)` flag (case-insensitive from there on; used for whole patterns).
 */
function goRegExp(pattern: string, flags: string) {
  const insensitive = pattern.includes('(?i)');
  return new RegExp(
    pattern.replace('(?i)', ''),
    insensitive ? `${flags}i` : flags,
  );
}
goRegExp.code = 'goRegExp';

export const gvkKey = (apiVersion: string, kind: string) =>
  `${apiVersion}/${kind}`;

/**
 * Where the schemas come from: a directory laid out as `shared/specs`, or the bundle. Both hand
 * out the same documents (the bundle's are reduced, not reshaped), so both are read by the same
 * code below.
 */
interface SchemaSource {
  /** Says where the schemas are, for messages. */
  readonly label: string;
  readonly bundled: boolean;
  /** A CRD, swagger or JSON Schema file of the specs, parsed. */
  document(file: string): any;
  /** A .proto file below kfp/proto as text, undefined when absent (protobufjs has the well-known ones). */
  proto(name: string): string | undefined;
}

function directorySource(specsDir: string): SchemaSource {
  return {
    label: `the schemas in ${specsDir}`,
    bundled: false,
    document(file) {
      const text = fs.readFileSync(path.join(specsDir, file), 'utf8');
      return file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
    },
    proto(name) {
      const file = path.join(specsDir, PROTO_DIR, name);
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    },
  };
}

/** The bundle's content: the spec files it was made from, reduced (see schemaBundle.ts). */
export interface SchemaBundle {
  about: string;
  format: 1;
  /** Kinds (apiVersion/kind) the bundle has a schema for. */
  kinds: string[];
  /** The upstream files, as shared/specs/SOURCES.md names them, and their sha256. */
  sources: Array<{
    file: string;
    sha256: string;
    origin?: string;
    path?: string;
    commit?: string;
    license?: string;
  }>;
  /** By path relative to the specs directory: parsed documents, or the text of .proto files. */
  files: Record<string, unknown>;
}

export const BUNDLE_FILE = 'schemas/manifest-schemas.json.gz';

/**
 * The package's own directory: the first one above this file with a package.json. That is the
 * source tree in development, the installed package next to dist/, and dist-dynamic/ (whose
 * package.json the RHDH export writes) when RHDH loads the module as a dynamic plugin.
 */
function packageDirectory(): string {
  // Not resolvePackagePath(): in dist-dynamic the package is named <name>-dynamic, which only
  // RHDH's module loader knows how to resolve; the walk up works under any loader, at any depth
  // of dist/.
  // eslint-disable-next-line no-restricted-syntax
  const start = __dirname;
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json above ${start}`);
    }
    dir = parent;
  }
  return dir;
}

/** Path of the bundle that ships with this module. */
export function bundledSchemasFile(): string {
  return path.join(packageDirectory(), BUNDLE_FILE);
}

export function readSchemaBundle(file: string): SchemaBundle {
  let bundle: SchemaBundle;
  try {
    bundle = JSON.parse(
      zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'),
    );
  } catch (error) {
    throw new Error(
      `The manifest schemas bundled with the module cannot be read from ${file} (${(error as Error).message}). ` +
        'Reinstall the module, set aiGoldenPath.manifests.schemaDirectory to a directory of upstream schemas, ' +
        'or turn the check off with aiGoldenPath.manifests.schemaValidation: false.',
    );
  }
  if (bundle.format !== 1) {
    throw new Error(`${file} is not a manifest schema bundle of format 1`);
  }
  return bundle;
}

function bundleSource(file: string): SchemaSource {
  const bundle = readSchemaBundle(file);
  return {
    label: 'the schemas bundled with the module',
    bundled: true,
    document(name) {
      if (!(name in bundle.files)) {
        throw new Error(`${file} has no ${name}; regenerate it`);
      }
      return bundle.files[name];
    },
    proto(name) {
      const text = bundle.files[`${PROTO_DIR}/${name}`];
      return typeof text === 'string' ? text : undefined;
    },
  };
}

/**
 * Loads .proto files and their imports into one root, the way protobufjs' loadSync would from
 * the directory: a file of the source first, protobufjs' copy of the Google well-known types
 * otherwise.
 */
function loadProtos(source: SchemaSource, entries: string[]): protobuf.Root {
  const root = new protobuf.Root();
  const loaded = new Set<string>();
  const load = (name: string) => {
    if (loaded.has(name)) return;
    loaded.add(name);
    const text = source.proto(name);
    if (text === undefined) {
      const common = protobuf.common.get(name);
      if (!common) {
        throw new Error(`${PROTO_DIR}/${name} is missing from ${source.label}`);
      }
      root.addJSON(common.nested!);
      return;
    }
    const parsed = protobuf.parse(text, root, { keepCase: false });
    for (const imported of [
      ...(parsed.imports ?? []),
      ...(parsed.weakImports ?? []),
    ]) {
      load(imported);
    }
  };
  entries.forEach(load);
  root.resolveAll();
  return root;
}

/** Turns an ajv instance path (`/spec/containers/0/image`) into `spec.containers[0].image`. */
function fieldPath(instancePath: string, extra?: string) {
  const parts = instancePath.split('/').slice(1);
  if (extra) parts.push(extra);
  return parts
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => {
      if (/^\d+$/.test(part)) return `${acc}[${part}]`;
      return acc ? `${acc}.${part}` : part;
    }, '');
}

function describeAjvError(error: ErrorObject): {
  field: string;
  message: string;
} {
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string })
      .additionalProperty;
    return {
      field: fieldPath(error.instancePath, extra),
      message: 'is not a field of this object',
    };
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string })
      .missingProperty;
    return {
      field: fieldPath(error.instancePath, missing),
      message: 'is required',
    };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] })
      .allowedValues;
    return {
      field: fieldPath(error.instancePath),
      message: `must be one of ${allowed.map(v => JSON.stringify(v)).join(', ')}`,
    };
  }
  return {
    field: fieldPath(error.instancePath),
    message: error.message ?? error.keyword,
  };
}

/**
 * ajv reports every branch of an anyOf (e.g. int-or-string): drop the anyOf summaries, keep one
 * error per field and keyword, and merge the type errors of the branches ("integer or string").
 */
function distinctErrors(errors: ErrorObject[]): ErrorObject[] {
  const real = errors.filter(
    e => !['anyOf', 'oneOf', 'if'].includes(e.keyword),
  );
  const byField = new Map<string, ErrorObject>();
  for (const error of real.length ? real : errors) {
    const extra =
      (
        error.params as {
          additionalProperty?: string;
          missingProperty?: string;
        }
      ).additionalProperty ??
      (error.params as { missingProperty?: string }).missingProperty ??
      '';
    const key = `${error.instancePath}|${error.keyword}|${extra}`;
    const seen = byField.get(key);
    if (!seen) {
      byField.set(key, error);
    } else if (error.keyword === 'type') {
      const types = `${seen.message} or ${String((error.params as { type: string }).type)}`;
      byField.set(key, { ...seen, message: types });
    }
  }
  return [...byField.values()].slice(0, 10);
}

/** Validates Kubernetes manifests and compiled KFP pipelines against the upstream schemas. */
export class ManifestSchemas {
  private readonly validators = new Map<string, () => ValidateFunction>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly pipelineRoot: protobuf.Root;

  private constructor(private readonly source: SchemaSource) {
    const options = {
      strict: false,
      allErrors: true,
      validateFormats: false,
      code: { regExp: goRegExp },
    } as const;
    const ajv = new Ajv(options);
    const draft04 = new AjvDraft04(options);
    // CRD schemas get their repeated parts hoisted into definitions (see hoistRepeated); ajv
    // would otherwise inline them again.
    const crdAjv = new Ajv({ ...options, inlineRefs: false });
    for (const file of CRD_FILES) {
      const crd = source.document(file);
      for (const version of crd.spec.versions) {
        if (!version.served) continue;
        const key = gvkKey(
          `${crd.spec.group}/${version.name}`,
          crd.spec.names.kind,
        );
        const raw = version.schema.openAPIV3Schema;
        this.lazy(key, () => {
          const schema = fromStructural(raw);
          // metadata is validated against ObjectMeta below, not by the CRD.
          schema.properties.metadata = { type: 'object' };
          return crdAjv.compile(hoistRepeated(schema));
        });
      }
    }
    for (const file of SWAGGER_FILES) {
      const swagger = source.document(file);
      const definitions = fromSwaggerDefinitions(swagger.definitions);
      const id = `swagger:${file}`;
      ajv.addSchema({ $id: id, definitions });
      for (const [name, definition] of Object.entries<Schema>(
        swagger.definitions,
      )) {
        for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
          const apiVersion = gvk.group
            ? `${gvk.group}/${gvk.version}`
            : gvk.version;
          const key = gvkKey(apiVersion, gvk.kind);
          if (this.validators.has(key)) continue;
          this.lazy(key, () =>
            ajv.compile({ $ref: `${id}#/definitions/${name}` }),
          );
        }
      }
    }
    for (const [key, { file, definition }] of Object.entries(
      NAMED_DEFINITIONS,
    )) {
      this.lazy(key, () =>
        ajv.compile({ $ref: `swagger:${file}#/definitions/${definition}` }),
      );
    }
    for (const [kind, file] of Object.entries(TRIGGERS_SCHEMAS)) {
      const schema = structuredClone(source.document(file));
      delete schema.$schema;
      // The generated schema spells the field resourceTemplates; the Go type's JSON tag (and
      // every Tekton example) is resourcetemplates.
      const templateSpec = schema.definitions?.TriggerTemplateSpec?.properties;
      if (templateSpec?.resourceTemplates) {
        templateSpec.resourcetemplates = templateSpec.resourceTemplates;
        delete templateSpec.resourceTemplates;
      }
      this.lazy(gvkKey('triggers.tekton.dev/v1beta1', kind), () =>
        draft04.compile(schema),
      );
    }
    this.lazy(gvkKey('kubeflow.org/v1beta1', 'ScheduledWorkflow'), () =>
      ajv.compile(SCHEDULED_WORKFLOW_SCHEMA),
    );
    this.lazy('ObjectMeta', () =>
      ajv.compile({
        $ref: `swagger:${OBJECT_META.file}#/definitions/${OBJECT_META.definition}`,
      }),
    );

    this.pipelineRoot = loadProtos(source, PROTO_FILES);
  }

  private lazy(key: string, build: () => ValidateFunction) {
    this.validators.set(key, build);
  }

  private validator(key: string): ValidateFunction | undefined {
    let validate = this.compiled.get(key);
    if (!validate) {
      const build = this.validators.get(key);
      if (!build) return undefined;
      validate = build();
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private static cache = new Map<string, ManifestSchemas>();

  private static cached(key: string, source: () => SchemaSource) {
    let schemas = ManifestSchemas.cache.get(key);
    if (!schemas) {
      schemas = new ManifestSchemas(source());
      ManifestSchemas.cache.set(key, schemas);
    }
    return schemas;
  }

  /** Loads (once per directory) the schemas of a `shared/specs`-like directory. */
  static load(specsDir: string): ManifestSchemas {
    const resolved = path.resolve(specsDir);
    return ManifestSchemas.cached(`dir:${resolved}`, () =>
      directorySource(resolved),
    );
  }

  /**
   * Loads (once) the schemas bundled with the module, or those of another bundle file made by
   * scripts/bundle-manifest-schemas.ts. Fails with a clear message when the file is missing.
   */
  static bundled(file: string = bundledSchemasFile()): ManifestSchemas {
    const resolved = path.resolve(file);
    return ManifestSchemas.cached(`bundle:${resolved}`, () =>
      bundleSource(resolved),
    );
  }

  /** Where the schemas were read from, for messages. */
  get origin(): string {
    return this.source.label;
  }

  /** Whether a schema for this apiVersion and kind is known. */
  knows(apiVersion: string, kind: string) {
    return this.validators.has(gvkKey(apiVersion, kind));
  }

  /** Validates one Kubernetes object; returns its problems (none when valid). */
  validateObject(
    file: string,
    document: number,
    object: Record<string, unknown>,
  ): ManifestProblem[] {
    const apiVersion = String(object.apiVersion ?? '');
    const kind = String(object.kind ?? '');
    const validate = this.validator(gvkKey(apiVersion, kind));
    if (!validate) {
      return [
        {
          file,
          document,
          field: '',
          message: this.source.bundled
            ? `no schema is known for ${apiVersion} ${kind}: the schemas bundled with the module cover the kinds the golden-path templates use; set aiGoldenPath.manifests.schemaDirectory to a directory of upstream schemas that has this kind`
            : `no schema is known for ${apiVersion} ${kind}`,
        },
      ];
    }
    const problems: ManifestProblem[] = [];
    if (!validate(object)) {
      for (const error of distinctErrors(validate.errors ?? [])) {
        problems.push({ file, document, ...describeAjvError(error) });
      }
    }
    problems.push(
      ...admissionProblems(object).map(problem => ({
        file,
        document,
        ...problem,
      })),
    );
    const meta = this.validator('ObjectMeta')!;
    if (!meta(object.metadata)) {
      for (const error of distinctErrors(meta.errors ?? [])) {
        const described = describeAjvError(error);
        problems.push({
          file,
          document,
          field: described.field ? `metadata.${described.field}` : 'metadata',
          message: described.message,
        });
      }
    }
    return problems;
  }

  /**
   * Checks a compiled KFP pipeline: the first document must decode as `ml_pipelines.PipelineSpec`
   * and a second one (if any) as `{ platforms: { kubernetes: KubernetesExecutorConfig... } }`,
   * with no field the proto does not define.
   */
  validatePipelineSpec(file: string, documents: unknown[]): ManifestProblem[] {
    const problems: ManifestProblem[] = [];
    const spec = this.pipelineRoot.lookupType('ml_pipelines.PipelineSpec');
    const report = (field: string, message: string) =>
      problems.push({ file, document: 0, field, message });
    checkMessage(spec, documents[0], '', report);
    // deployment_spec is a Struct in the proto; KFP decodes it as PipelineDeploymentConfig.
    const deploymentSpec = (documents[0] as { deploymentSpec?: unknown })
      ?.deploymentSpec;
    if (deploymentSpec !== undefined) {
      checkMessage(
        this.pipelineRoot.lookupType('ml_pipelines.PipelineDeploymentConfig'),
        deploymentSpec,
        'deploymentSpec',
        report,
      );
    }
    if (documents.length > 1) {
      const platforms = (
        documents[1] as { platforms?: Record<string, unknown> }
      )?.platforms;
      const kubernetes = platforms?.kubernetes as {
        deploymentSpec?: { executors?: Record<string, unknown> };
      };
      if (
        !platforms ||
        Object.keys(platforms).some(key => key !== 'kubernetes')
      ) {
        problems.push({
          file,
          document: 1,
          field: 'platforms',
          message: 'must hold only "kubernetes"',
        });
      }
      const executorConfig = this.pipelineRoot.lookupType(
        'kfp_kubernetes.KubernetesExecutorConfig',
      );
      for (const [name, config] of Object.entries(
        kubernetes?.deploymentSpec?.executors ?? {},
      )) {
        checkMessage(
          executorConfig,
          config,
          `platforms.kubernetes.deploymentSpec.executors.${name}`,
          (field, message) =>
            problems.push({ file, document: 1, field, message }),
        );
      }
    }
    return problems;
  }
}

/**
 * Rules the API server enforces through an admission webhook rather than the CRD schema, for
 * mistakes an edit of a manifest set easily makes. Tekton's webhook refuses a step without an
 * image unless it refers to a StepAction (pkg/apis/pipeline/v1/container_validation.go); the
 * CRD lists only `name` as required.
 */
function admissionProblems(
  object: Record<string, any>,
): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const apiVersion = String(object.apiVersion ?? '');
  if (!apiVersion.startsWith('tekton.dev/')) return problems;
  const steps = (taskSpec: any, at: string) => {
    if (!Array.isArray(taskSpec?.steps)) return;
    taskSpec.steps.forEach((step: any, index: number) => {
      if (step && typeof step === 'object' && !step.image && !step.ref) {
        problems.push({
          field: `${at}.steps[${index}].image`,
          message:
            'is required (Tekton refuses a step without an image unless it refers to a StepAction)',
        });
      }
    });
  };
  const pipeline = (pipelineSpec: any, at: string) => {
    for (const list of ['tasks', 'finally']) {
      if (!Array.isArray(pipelineSpec?.[list])) continue;
      pipelineSpec[list].forEach((task: any, index: number) =>
        steps(task?.taskSpec, `${at}.${list}[${index}].taskSpec`),
      );
    }
  };
  if (object.kind === 'Task') steps(object.spec, 'spec');
  if (object.kind === 'TaskRun') steps(object.spec?.taskSpec, 'spec.taskSpec');
  if (object.kind === 'Pipeline') pipeline(object.spec, 'spec');
  if (object.kind === 'PipelineRun') {
    pipeline(object.spec?.pipelineSpec, 'spec.pipelineSpec');
  }
  return problems;
}

const WELL_KNOWN_JSON = new Set([
  '.google.protobuf.Struct',
  '.google.protobuf.Value',
  '.google.protobuf.ListValue',
]);

/**
 * Walks a proto3 JSON value against a message type, reporting unknown fields and values of the
 * wrong shape; then lets protobufjs build the message, which checks scalar types.
 */
function checkMessage(
  type: protobuf.Type,
  value: unknown,
  where: string,
  report: (field: string, message: string) => void,
) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report(where, `must be an object (${type.name})`);
    return;
  }
  const byJsonName = new Map<string, protobuf.Field>();
  for (const field of type.fieldsArray) {
    byJsonName.set(field.name, field);
    byJsonName.set(
      (field as unknown as { jsonName?: string }).jsonName ?? field.name,
      field,
    );
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const at = where ? `${where}.${key}` : key;
    const field = byJsonName.get(key);
    if (!field) {
      report(at, `is not a field of ${type.fullName.slice(1)}`);
      continue;
    }
    field.resolve();
    const check = (element: unknown, elementAt: string) => {
      if (field.resolvedType instanceof protobuf.Type) {
        if (WELL_KNOWN_JSON.has(field.resolvedType.fullName)) return;
        checkMessage(field.resolvedType, element, elementAt, report);
      } else if (field.resolvedType instanceof protobuf.Enum) {
        if (
          typeof element === 'string' &&
          !(element in field.resolvedType.values)
        ) {
          report(
            elementAt,
            `must be one of ${Object.keys(field.resolvedType.values).join(', ')}`,
          );
        }
      } else if (field.type === 'string' && typeof element !== 'string') {
        report(elementAt, 'must be a string');
      } else if (field.type === 'bool' && typeof element !== 'boolean') {
        report(elementAt, 'must be a boolean');
      } else if (
        [
          'int32',
          'int64',
          'uint32',
          'uint64',
          'sint32',
          'sint64',
          'double',
          'float',
        ].includes(field.type) &&
        typeof element !== 'number' &&
        !(typeof element === 'string' && /^-?\d+(\.\d+)?$/.test(element))
      ) {
        report(elementAt, 'must be a number');
      }
    };
    if (field.map) {
      if (!item || typeof item !== 'object') report(at, 'must be a map');
      else for (const [k, v] of Object.entries(item)) check(v, `${at}.${k}`);
    } else if (field.repeated) {
      if (!Array.isArray(item)) report(at, 'must be a list');
      else item.forEach((element, index) => check(element, `${at}[${index}]`));
    } else {
      check(item, at);
    }
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter(field =>
      [field.name, (field as unknown as { jsonName?: string }).jsonName].some(
        key => key && key in (value as object),
      ),
    );
    if (set.length > 1 && !oneof.name.startsWith('_')) {
      report(
        where,
        `sets ${set.map(f => f.name).join(' and ')}, which are one of "${oneof.name}"`,
      );
    }
  }
}
