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

import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ManifestSchemas, formatProblem } from '../../manifests/validate';
import {
  createBootstrapClusterAction,
  FIELD_MANAGER,
} from './bootstrapCluster';

const repoRoot = path.resolve(__dirname, '../../../../..');
const specsDir = path.resolve(repoRoot, '../shared/specs');
const TOKEN = 'test-token';

/**
 * A fake Kubernetes API server on 127.0.0.1: discovery for v1 and argoproj.io/v1alpha1, and
 * server-side apply (PATCH application/apply-patch+yaml) of Namespaces, AppProjects and
 * Applications. Every applied body is validated against the Kubernetes and Argo CD schemas;
 * an invalid one gets the 422 a real API server would answer.
 */
class FakeKubernetesApi {
  readonly objects = new Map<string, Record<string, any>>();
  readonly requests: { method: string; path: string; contentType?: string }[] =
    [];
  readonly problems: string[] = [];
  created = 0;
  forbidden = false;
  /** After this many applies the connection drops, as when the API server goes away mid-run. */
  dropAfter = Infinity;
  private applies = 0;
  private server?: http.Server;

  constructor(private readonly schemas: ManifestSchemas) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop() {
    await new Promise(resolve => this.server?.close(resolve));
  }

  private send(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private status(
    res: http.ServerResponse,
    code: number,
    reason: string,
    message: string,
  ) {
    this.send(res, code, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason,
      message,
      code,
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url!, 'http://fake');
    this.requests.push({
      method: req.method!,
      path: url.pathname,
      contentType: req.headers['content-type'],
    });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      this.status(res, 401, 'Unauthorized', 'Unauthorized');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/v1') {
      this.send(res, 200, {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          {
            name: 'namespaces',
            singularName: 'namespace',
            namespaced: false,
            kind: 'Namespace',
            verbs: ['get', 'patch'],
          },
        ],
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/apis/argoproj.io/v1alpha1') {
      this.send(res, 200, {
        kind: 'APIResourceList',
        groupVersion: 'argoproj.io/v1alpha1',
        resources: [
          {
            name: 'applications',
            singularName: 'application',
            namespaced: true,
            kind: 'Application',
            verbs: ['get', 'patch'],
          },
          {
            name: 'appprojects',
            singularName: 'appproject',
            namespaced: true,
            kind: 'AppProject',
            verbs: ['get', 'patch'],
          },
        ],
      });
      return;
    }
    const match =
      /^\/api\/v1\/namespaces\/([^/]+)$/.exec(url.pathname) ??
      /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/(applications|appprojects)\/([^/]+)$/.exec(
        url.pathname,
      );
    if (req.method !== 'PATCH' || !match) {
      this.status(
        res,
        404,
        'NotFound',
        `${req.method} ${url.pathname} is not served by the fake`,
      );
      return;
    }
    let text = '';
    req.on('data', chunk => {
      text += chunk;
    });
    req.on('end', () => {
      if (++this.applies > this.dropAfter) {
        req.socket.destroy();
        return;
      }
      if (this.forbidden) {
        this.status(
          res,
          403,
          'Forbidden',
          `namespaces "${match[1]}" is forbidden: User "system:serviceaccount:rhdh:bootstrap" cannot patch resource`,
        );
        return;
      }
      if (req.headers['content-type'] !== 'application/apply-patch+yaml') {
        this.status(
          res,
          415,
          'UnsupportedMediaType',
          `not a server-side apply: ${req.headers['content-type']}`,
        );
        return;
      }
      if (
        url.searchParams.get('fieldManager') !== FIELD_MANAGER ||
        url.searchParams.get('force') !== 'true'
      ) {
        this.status(res, 422, 'Invalid', 'apply needs fieldManager and force');
        return;
      }
      const object = YAML.parse(text);
      const name = match[3] ?? match[1];
      const namespace = match[3] ? match[1] : undefined;
      const problems = [
        ...this.schemas
          .validateObject(url.pathname, 0, object)
          .map(formatProblem),
        ...(object.metadata?.name !== name
          ? [`${url.pathname}: metadata.name is not ${name}`]
          : []),
        ...(namespace && object.metadata?.namespace !== namespace
          ? [`${url.pathname}: metadata.namespace is not ${namespace}`]
          : []),
      ];
      if (problems.length) {
        this.problems.push(...problems);
        this.status(res, 422, 'Invalid', problems.join('; '));
        return;
      }
      const key = url.pathname;
      const existing = this.objects.get(key);
      const stored = {
        ...object,
        metadata: {
          ...object.metadata,
          uid: existing?.metadata.uid ?? `uid-${this.objects.size + 1}`,
          resourceVersion: String(
            Number(existing?.metadata.resourceVersion ?? 0) + 1,
          ),
        },
      };
      if (!existing) this.created++;
      this.objects.set(key, stored);
      this.send(res, existing ? 200 : 201, stored);
    });
  }
}

describe('ai-golden-path:cluster:bootstrap', () => {
  let schemas: ManifestSchemas;
  let api: FakeKubernetesApi;
  let apiUrl: string;
  let workspacePath: string;

  beforeAll(() => {
    schemas = ManifestSchemas.load(specsDir);
  }, 120_000);

  beforeEach(async () => {
    api = new FakeKubernetesApi(schemas);
    apiUrl = await api.start();
    workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-'));
    fs.mkdirSync(path.join(workspacePath, 'gitops/argocd'), {
      recursive: true,
    });
    const metadata = (name: string) => ({
      name,
      namespace: 'openshift-gitops',
    });
    fs.writeFileSync(
      path.join(workspacePath, 'gitops/argocd/appproject.yaml'),
      YAML.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: metadata('fraud-detector'),
        spec: {
          sourceRepos: ['https://github.com/my-org/fraud-detector.git'],
          destinations: [
            {
              server: 'https://kubernetes.default.svc',
              namespace: 'models-dev',
            },
          ],
        },
      }),
    );
    fs.writeFileSync(
      path.join(workspacePath, 'gitops/argocd/application-dev.yaml'),
      YAML.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: metadata('fraud-detector-dev'),
        spec: {
          project: 'fraud-detector',
          source: {
            repoURL: 'https://github.com/my-org/fraud-detector.git',
            targetRevision: 'main',
            path: 'deploy/overlays/dev',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'models-dev',
          },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      }),
    );
  });

  afterEach(async () => {
    await api.stop();
  });

  const action = (url = apiUrl) =>
    createBootstrapClusterAction({
      config: new ConfigReader({
        // The fake speaks plain HTTP, which the client accepts only without TLS verification.
        aiGoldenPath: {
          clusters: [
            { name: 'dev-cluster', url, token: TOKEN, skipTLSVerify: true },
          ],
        },
      }),
    });

  const input = {
    cluster: 'dev-cluster',
    namespaces: ['models-dev', 'models-prod'],
    manifests: [
      'gitops/argocd/appproject.yaml',
      'gitops/argocd/application-dev.yaml',
    ],
  };

  function context(isDryRun = false) {
    const ctx = createMockActionContext({ input: input as any, workspacePath });
    return { ...ctx, isDryRun };
  }

  it('creates the namespaces and Argo CD objects by server-side apply', async () => {
    const ctx = context();
    await action().handler(ctx as any);
    expect(api.problems).toEqual([]);
    expect([...api.objects.keys()]).toEqual([
      '/api/v1/namespaces/models-dev',
      '/api/v1/namespaces/models-prod',
      '/apis/argoproj.io/v1alpha1/namespaces/openshift-gitops/appprojects/fraud-detector',
      '/apis/argoproj.io/v1alpha1/namespaces/openshift-gitops/applications/fraud-detector-dev',
    ]);
    expect(
      api.objects.get('/api/v1/namespaces/models-dev')!.metadata.labels,
    ).toEqual({
      'argocd.argoproj.io/managed-by': 'openshift-gitops',
    });
    expect(
      api.requests
        .filter(r => r.method === 'PATCH')
        .every(r => r.contentType === 'application/apply-patch+yaml'),
    ).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      'Namespace models-dev',
      'Namespace models-prod',
      'AppProject openshift-gitops/fraud-detector',
      'Application openshift-gitops/fraud-detector-dev',
    ]);
  });

  it('changes nothing and fails nothing when run again', async () => {
    await action().handler(context() as any);
    await action().handler(context() as any);
    expect(api.created).toBe(4);
    expect(api.objects.size).toBe(4);
    expect(
      api.objects.get('/api/v1/namespaces/models-dev')!.metadata
        .resourceVersion,
    ).toBe('2');
  });

  it('says the cluster cannot be reached when the API is down, and that nothing was applied', async () => {
    await api.stop();
    await expect(action().handler(context() as any)).rejects.toThrow(
      /cluster "dev-cluster" at http:\/\/127\.0\.0\.1:\d+ could not be reached.*Nothing was applied/,
    );
  });

  it('says which objects were applied when the API goes away in the middle', async () => {
    api.dropAfter = 2;
    await expect(action().handler(context() as any)).rejects.toThrow(
      /could not be reached.*Already applied: Namespace models-dev, Namespace models-prod\. Re-running the step is safe/,
    );
  });

  it('names the object and the missing permission when the API forbids it', async () => {
    api.forbidden = true;
    await expect(action().handler(context() as any)).rejects.toThrow(
      /may not apply Namespace models-dev \(403 Forbidden: .*cannot patch resource\); grant it that permission\. Nothing was applied/,
    );
    expect(api.objects.size).toBe(0);
  });

  it('refuses a cluster that is not configured, naming the field', async () => {
    const ctx = createMockActionContext({
      input: { ...input, cluster: 'prod' } as any,
      workspacePath,
    });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /cluster "prod" is not configured; known clusters: dev-cluster/,
    );
  });

  it('refuses manifests of other kinds', async () => {
    fs.writeFileSync(
      path.join(workspacePath, 'gitops/argocd/appproject.yaml'),
      YAML.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'x' },
      }),
    );
    await expect(action().handler(context() as any)).rejects.toThrow(
      /manifests\[0\].*not Secret/,
    );
    expect(api.requests).toEqual([]);
  });

  it('only plans in a dry run', async () => {
    const ctx = context(true);
    await action().handler(ctx as any);
    expect(api.requests).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith(
      'applied',
      expect.arrayContaining(['Namespace models-dev']),
    );
  });
});
