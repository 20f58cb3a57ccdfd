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

import {
  DryRunBackend,
  failedStep,
  startDryRunBackend,
  writeDirectoryContents,
} from '@ai-golden-path/template-cli';
import {
  ManifestSchemas,
  formatProblem,
} from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  FakeKubeflowModelRegistry,
  MODEL_REGISTRY_API,
} from '../fakes/kubeflowModelRegistry';
import { goldenPathTemplate, goldenPathValues, repoRoot } from '../goldenPath';
import { runCommand as run } from './runCommand';

/**
 * The training pipeline's last step (`python -m training.link_deployment`, only with the
 * OpenShift AI model registry and an external model server) run for real from a rendered
 * project: it reads the champion from the spec-checked fake model registry and patches the dev
 * InferenceService through a fake Kubernetes API that behaves like the real one where it
 * matters here. The fake API speaks HTTPS with its own CA (handed over as the service account's
 * ca.crt), authorizes every request with the Role and RoleBinding the project generates (as the
 * DSPA's pipeline runner), applies the merge patch to the InferenceService built from
 * deploy/overlays/dev and validates the result against the KServe CRD (422 if invalid).
 */
const specsDir = path.resolve(repoRoot, '../shared/specs');
const venvScript = path.join(repoRoot, 'test/generated-project/venv.sh');
const NAMESPACE = 'models-dev';
const TOKEN = 'pipeline-runner-token';
/** The identity the token stands for: pipeline pods of the DSPA "dspa" run as this account. */
const RUNNER = { namespace: NAMESPACE, name: 'pipeline-runner-dspa' };

type K8sObject = Record<string, any>;


/** JSON merge patch (RFC 7386), as the API server applies `application/merge-patch+json`. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** The JSON pointers of the leaves a patch sets. */
function leafPointers(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    leafPointers(
      inner,
      `${prefix}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    ),
  );
}

/** The object without the fields at these pointers (what must stay as git has it). */
function without(object: K8sObject, pointers: string[]): K8sObject {
  const copy = structuredClone(object);
  for (const pointer of pointers) {
    const keys = pointer
      .split('/')
      .slice(1)
      .map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const parent = keys
      .slice(0, -1)
      .reduce<any>((node, key) => node?.[key], copy);
    if (parent) delete parent[keys[keys.length - 1]];
  }
  return copy;
}

/**
 * A fake Kubernetes API serving one namespace's InferenceServices, GET and merge-patch PATCH,
 * over HTTPS. Authorization follows the RBAC objects it is given; a patch whose result the
 * KServe CRD refuses is answered 422 and not stored, like the API server's validation.
 */
class FakeKubernetesApi {
  readonly objects = new Map<string, K8sObject>();
  readonly requests: {
    method: string;
    path: string;
    contentType?: string;
    fieldManager?: string | null;
    body?: unknown;
  }[] = [];
  readonly problems: string[] = [];
  private server?: https.Server;

  constructor(
    private readonly schemas: ManifestSchemas,
    private readonly rbac: K8sObject[],
    private readonly tls: { key: string; cert: string },
  ) {}

  async start(): Promise<number> {
    this.server = https.createServer(this.tls, (req, res) => {
      let text = '';
      req.on('data', chunk => {
        text += chunk;
      });
      req.on('end', () => {
        const answer = this.handle(req, text);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return (this.server!.address() as AddressInfo).port;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** Whether RBAC lets the pipeline runner do `verb` on this InferenceService. */
  allowed(verb: string, namespace: string, name: string): boolean {
    const roles = this.rbac
      .filter(
        o =>
          o.kind === 'RoleBinding' &&
          o.metadata.namespace === namespace &&
          o.roleRef.kind === 'Role' &&
          o.subjects.some(
            (s: K8sObject) =>
              s.kind === 'ServiceAccount' &&
              s.name === RUNNER.name &&
              s.namespace === RUNNER.namespace,
          ),
      )
      .map(binding =>
        this.rbac.find(
          o =>
            o.kind === 'Role' &&
            o.metadata.namespace === namespace &&
            o.metadata.name === binding.roleRef.name,
        ),
      );
    return roles.some(role =>
      (role?.rules ?? []).some(
        (rule: K8sObject) =>
          rule.apiGroups.includes('serving.kserve.io') &&
          rule.resources.includes('inferenceservices') &&
          rule.verbs.includes(verb) &&
          (!rule.resourceNames?.length || rule.resourceNames.includes(name)),
      ),
    );
  }

  private status(code: number, reason: string, message: string) {
    return {
      status: code,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason,
        message,
        code,
      },
    };
  }

  private handle(
    req: import('node:http').IncomingMessage,
    text: string,
  ): { status: number; body: unknown } {
    const url = new URL(req.url!, 'https://fake');
    this.requests.push({
      method: req.method!,
      path: url.pathname,
      contentType: req.headers['content-type'],
      fieldManager: url.searchParams.get('fieldManager'),
      body: text ? JSON.parse(text) : undefined,
    });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return this.status(401, 'Unauthorized', 'Unauthorized');
    }
    const match =
      /^\/apis\/serving\.kserve\.io\/v1beta1\/namespaces\/([^/]+)\/inferenceservices\/([^/]+)$/.exec(
        url.pathname,
      );
    if (!match || !['GET', 'PATCH'].includes(req.method!)) {
      return this.status(404, 'NotFound', `${req.method} ${url.pathname}`);
    }
    const [, namespace, name] = match;
    const verb = req.method === 'GET' ? 'get' : 'patch';
    if (!this.allowed(verb, namespace, name)) {
      return this.status(
        403,
        'Forbidden',
        `inferenceservices.serving.kserve.io "${name}" is forbidden: User "system:serviceaccount:${RUNNER.namespace}:${RUNNER.name}" cannot ${verb} resource "inferenceservices" in API group "serving.kserve.io" in the namespace "${namespace}"`,
      );
    }
    const key = `${namespace}/${name}`;
    const stored = this.objects.get(key);
    if (!stored) {
      return this.status(
        404,
        'NotFound',
        `inferenceservices.serving.kserve.io "${name}" not found`,
      );
    }
    if (req.method === 'GET') return { status: 200, body: stored };
    if (req.headers['content-type'] !== 'application/merge-patch+json') {
      return this.status(
        415,
        'UnsupportedMediaType',
        `custom resources take JSON or merge patches, not ${req.headers['content-type']}`,
      );
    }
    const result = mergePatch(stored, JSON.parse(text)) as K8sObject;
    const problems = this.schemas
      .validateObject(url.pathname, 0, result)
      .map(formatProblem);
    if (problems.length) {
      this.problems.push(...problems);
      return this.status(422, 'Invalid', problems.join('; '));
    }
    this.objects.set(key, result);
    return { status: 200, body: result };
  }
}

describe('the training pipeline links the dev InferenceService to the version it promoted', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'link-deployment-'));
  const registry = new FakeKubeflowModelRegistry({ token: 't0ken' });
  let backend: DryRunBackend;
  let kube: FakeKubernetesApi;
  let projectDir: string;
  let python: string;
  let registryUrl: string;
  let port: number;
  let original: K8sObject;
  let ignored: string[];
  const accountDir = path.join(workDir, 'serviceaccount');
  const isvcKey = `${NAMESPACE}/fraud-detector-model`;

  /** Registers a version with an artifact and makes it the champion, as training + evaluation do. */
  async function promote(version: string, uri: string) {
    const call = async (method: string, route: string, body: unknown) => {
      const response = await fetch(
        `${registryUrl}${MODEL_REGISTRY_API}${route}`,
        {
          method,
          headers: {
            authorization: 'Bearer t0ken',
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        },
      );
      expect(`${method} ${route}: ${response.status}`).toMatch(/: 20[01]$/);
      return (await response.json()) as Record<string, any>;
    };
    const model =
      [...registry.registeredModels.values()][0] ??
      (await call('POST', '/registered_models', {
        name: 'fraud-detector',
        state: 'LIVE',
      }));
    const created = await call('POST', '/model_versions', {
      name: version,
      registeredModelId: model.id,
      state: 'LIVE',
    });
    await call('POST', `/model_versions/${created.id}/artifacts`, {
      artifactType: 'model-artifact',
      name: `fraud-detector-${version}`,
      uri,
      modelFormatName: 'sklearn',
      modelFormatVersion: '1',
      state: 'LIVE',
    });
    await call('PATCH', `/registered_models/${model.id}`, {
      customProperties: {
        champion_version: {
          metadataType: 'MetadataStringValue',
          string_value: version,
        },
      },
    });
    return { modelId: String(model.id), versionId: String(created.id) };
  }

  const link = (extra: Record<string, string> = {}) =>
    run(python, ['-m', 'training.link_deployment'], {
      cwd: projectDir,
      env: {
        PATH: process.env.PATH,
        HOME: workDir,
        PYTHONPATH: projectDir,
        PYTHONDONTWRITEBYTECODE: '1',
        // What the pipeline step sets (.golden-path/pipelines.yaml) and the pod provides.
        MODEL_NAME: 'fraud-detector',
        MODEL_REGISTRY_KIND: 'model-registry',
        MODEL_REGISTRY_URL: registryUrl,
        MODEL_REGISTRY_TOKEN: 't0ken',
        INFERENCE_SERVICE: 'fraud-detector-model',
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: String(port),
        SERVICEACCOUNT_DIR: accountDir,
        ...extra,
      },
    });

  beforeAll(async () => {
    backend = await startDryRunBackend();
    const result = await backend.dryRun({
      templateFile: goldenPathTemplate,
      values: goldenPathValues({
        framework: 'sklearn',
        servingMode: 'external',
        externalProtocol: 'kserve-v2',
        registry: 'model-registry',
        publishTarget: 'github',
        repoUrl: 'github.com?owner=my-org&repo=fraud-detector',
        imageRegistry: 'quay.io/my-org',
      }),
    });
    const failed = failedStep(result);
    if (failed)
      throw new Error(`step ${failed.stepId} failed: ${failed.message}`);
    projectDir = path.join(workDir, 'fraud-detector');
    writeDirectoryContents(result, projectDir);
    const venv = await run('bash', [venvScript, projectDir], {
      cwd: projectDir,
    });
    if (venv.code) throw new Error(`venv.sh failed: ${venv.stderr}`);
    python = path.join(venv.stdout.trim().split('\n').pop()!, 'bin/python');

    // What Argo CD syncs into the dev namespace, and what it ignores there.
    const built = YAML.parseAllDocuments(
      execFileSync(
        'kubectl',
        ['kustomize', path.join(projectDir, 'deploy/overlays/dev')],
        { encoding: 'utf8' },
      ),
    ).map(document => document.toJS() as K8sObject);
    original = built.find(o => o.kind === 'InferenceService')!;
    const application = YAML.parse(
      fs.readFileSync(
        path.join(projectDir, 'gitops/argocd/application-dev.yaml'),
        'utf8',
      ),
    );
    ignored = application.spec.ignoreDifferences.find(
      (entry: K8sObject) => entry.kind === 'InferenceService',
    ).jsonPointers;

    // The pod's service account: token, namespace and the CA that signed the API's certificate.
    fs.mkdirSync(accountDir);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=kubernetes',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,digitalSignature,keyCertSign',
        '-keyout',
        path.join(workDir, 'tls.key'),
        '-out',
        path.join(accountDir, 'ca.crt'),
      ],
      { stdio: 'ignore' },
    );
    fs.writeFileSync(path.join(accountDir, 'token'), `${TOKEN}\n`);
    fs.writeFileSync(path.join(accountDir, 'namespace'), NAMESPACE);

    const schemas = ManifestSchemas.load(specsDir);
    // Validating once compiles the KServe schema up front (it takes seconds), so the fake
    // answers the step's requests within its timeout; Argo CD's object must be valid anyway.
    const invalid = schemas
      .validateObject('dev overlay', 0, original)
      .map(formatProblem);
    if (invalid.length) throw new Error(invalid.join('\n'));
    kube = new FakeKubernetesApi(
      schemas,
      built.filter(o => ['Role', 'RoleBinding'].includes(o.kind)),
      {
        key: fs.readFileSync(path.join(workDir, 'tls.key'), 'utf8'),
        cert: fs.readFileSync(path.join(accountDir, 'ca.crt'), 'utf8'),
      },
    );
    port = await kube.start();
    registryUrl = await registry.start();
  }, 600_000);

  beforeEach(() => {
    registry.reset();
    kube.objects.set(isvcKey, structuredClone(original));
    kube.requests.length = 0;
  });

  afterAll(async () => {
    await kube?.stop();
    await registry.stop();
    await backend?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('starts the model server on the champion with its registry IDs, changing only what Argo CD ignores', async () => {
    // As created by Argo CD: stopped, no IDs.
    expect(original.metadata.annotations['serving.kserve.io/stop']).toBe(
      'true',
    );
    const ids = await promote(
      '0.1.0+1',
      's3://fraud-detector-pipelines/models/fraud-detector/0.1.0+1',
    );
    const result = await link();
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(result.stdout).toContain(
      `InferenceService ${NAMESPACE}/fraud-detector-model now serves fraud-detector 0.1.0+1 (was nothing)`,
    );

    const isvc = kube.objects.get(isvcKey)!;
    expect(isvc.metadata.labels).toMatchObject({
      'modelregistry.opendatahub.io/registered-model-id': ids.modelId,
      'modelregistry.opendatahub.io/model-version-id': ids.versionId,
      'modelregistry.opendatahub.io/name': 'model-registry',
    });
    expect(isvc.metadata.annotations).toMatchObject({
      'modelregistry.opendatahub.io/model-version-name': '0.1.0+1',
      'serving.kserve.io/stop': 'false',
    });
    // The version's folder (trailing slash: 0.1.0+1 must not also match 0.1.0+10), read with
    // the data connection named in git.
    expect(isvc.spec.predictor.model.storageUri).toBe(
      's3://fraud-detector-pipelines/models/fraud-detector/0.1.0+1/',
    );
    expect(isvc.spec.predictor.model.storage).toEqual({
      key: 'fraud-detector-pipelines-s3',
    });
    expect(kube.problems).toEqual([]);

    // One read, one merge patch, recorded under the step's own field manager.
    expect(kube.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET /apis/serving.kserve.io/v1beta1/namespaces/${NAMESPACE}/inferenceservices/fraud-detector-model`,
      `PATCH /apis/serving.kserve.io/v1beta1/namespaces/${NAMESPACE}/inferenceservices/fraud-detector-model`,
    ]);
    const patch = kube.requests[1];
    expect(patch.contentType).toBe('application/merge-patch+json');
    expect(patch.fieldManager).toBe('link-deployment');
    // Argo CD's dev Application ignores exactly the fields the step sets: nothing it sets would
    // be reverted at the next sync, and nothing else escapes git.
    expect(leafPointers(patch.body).sort()).toEqual([...ignored].sort());
    expect(without(isvc, ignored)).toEqual(without(original, ignored));
  }, 300_000);

  it('moves the link to the next champion', async () => {
    await promote(
      '0.1.0+1',
      's3://fraud-detector-pipelines/models/fraud-detector/0.1.0+1',
    );
    expect((await link()).code).toBe(0);
    const ids = await promote(
      '0.1.0+2',
      's3://fraud-detector-pipelines/models/fraud-detector/0.1.0+2/',
    );
    const result = await link();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'now serves fraud-detector 0.1.0+2 (was 0.1.0+1)',
    );
    const isvc = kube.objects.get(isvcKey)!;
    expect(isvc.metadata.labels).toMatchObject({
      'modelregistry.opendatahub.io/registered-model-id': ids.modelId,
      'modelregistry.opendatahub.io/model-version-id': ids.versionId,
    });
    expect(isvc.spec.predictor.model.storageUri).toBe(
      's3://fraud-detector-pipelines/models/fraud-detector/0.1.0+2/',
    );
  }, 300_000);

  it('may touch no other InferenceService: the Role names this one', async () => {
    kube.objects.set(`${NAMESPACE}/other-model`, {
      ...structuredClone(original),
      metadata: { ...original.metadata, name: 'other-model' },
    });
    await promote(
      '0.1.0+1',
      's3://fraud-detector-pipelines/models/fraud-detector/0.1.0+1',
    );
    const result = await link({ INFERENCE_SERVICE: 'other-model' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `may not get InferenceService ${NAMESPACE}/other-model (HTTP 403)`,
    );
    expect(result.stderr).toContain('link-deployment-rbac.yaml');
    expect(result.stderr).not.toContain('Traceback');
    expect(kube.requests.map(r => r.method)).toEqual(['GET']);
    expect(kube.allowed('patch', NAMESPACE, 'other-model')).toBe(false);
    expect(kube.allowed('delete', NAMESPACE, 'fraud-detector-model')).toBe(
      false,
    );
    expect(kube.allowed('patch', 'models-prod', 'fraud-detector-model')).toBe(
      false,
    );
  }, 300_000);

  it('refuses a version whose files the model server cannot read, before contacting the cluster', async () => {
    await promote('0.1.0+3', 'file:///tmp/artifacts/model');
    const result = await link();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MODEL_ARTIFACT_BASE_URI');
    expect(result.stderr).not.toContain('Traceback');
    expect(kube.requests).toEqual([]);
    expect(kube.objects.get(isvcKey)).toEqual(original);
  }, 300_000);
});
