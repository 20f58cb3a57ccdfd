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
import Ajv, { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { FakeServer } from '../__testUtils__/fakeServer';
import { localCertificate } from '../__testUtils__/localCertificate';
import { specPath } from '../__testUtils__/specs';
import { KubernetesDeploymentReader } from './KubernetesDeploymentReader';

const TOKEN = 'cluster-token-never-logged-789';

/** Validators from the Kubernetes swagger and the KServe InferenceService CRD. */
function loadValidators() {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
  });
  const swagger = JSON.parse(
    fs.readFileSync(
      specPath('kubernetes', 'kubernetes-v1.34-swagger.json'),
      'utf8',
    ),
  );
  ajv.addSchema({ $id: 'k8s', definitions: swagger.definitions });
  const deploymentList = ajv.compile({
    $ref: 'k8s#/definitions/io.k8s.api.apps.v1.DeploymentList',
  });
  const crd = parseYaml(
    fs.readFileSync(
      specPath('kserve', 'serving.kserve.io_inferenceservices.yaml'),
      'utf8',
    ),
  );
  const v1beta1 = crd.spec.versions.find(
    (v: { name: string }) => v.name === 'v1beta1',
  );
  const inferenceService = ajv.compile(v1beta1.schema.openAPIV3Schema);
  const check = (validate: ValidateFunction, body: unknown, what: string) => {
    if (!validate(body)) {
      throw new Error(`${what} invalid: ${ajv.errorsText(validate.errors)}`);
    }
  };
  return {
    deploymentList: (body: unknown) =>
      check(deploymentList, body, 'DeploymentList'),
    inferenceService: (body: unknown) =>
      check(inferenceService, body, 'InferenceService'),
  };
}

const deployment = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
  replicas: number,
  ready: number,
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels },
  spec: {
    replicas,
    selector: {
      matchLabels: {
        'app.kubernetes.io/name': labels['app.kubernetes.io/name'],
      },
    },
    template: {
      metadata: { labels },
      spec: {
        containers: [{ name: 'server', image: 'quay.io/example/serving:1' }],
      },
    },
  },
  status: {
    replicas,
    readyReplicas: ready,
    conditions: [
      {
        type: 'Available',
        status: ready >= replicas ? 'True' : 'False',
        reason: 'MinimumReplicasAvailable',
        message:
          ready >= replicas
            ? 'ok'
            : 'Deployment does not have minimum availability.',
      },
    ],
  },
});

const inferenceService = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ready: boolean,
) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name, namespace, labels },
  spec: {
    predictor: {
      model: {
        modelFormat: { name: 'sklearn' },
        storageUri: 's3://models/fraud-detector/3',
      },
    },
  },
  status: {
    url: `https://${name}-${namespace}.apps.example.com`,
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        lastTransitionTime: '2026-11-25T10:00:00Z',
        ...(ready ? {} : { message: 'Revision missing' }),
      },
    ],
  },
});

/** A certificate for 127.0.0.1: the client refuses plain HTTP, and so it should. */
const tls = localCertificate();

describe('KubernetesDeploymentReader against a fake API server validated by the swagger and the KServe CRD', () => {
  const validators = loadValidators();
  let kserveInstalled = true;
  const cluster = new FakeServer(
    url => {
      const selector = url.searchParams.get('labelSelector');
      const matches = (labels: Record<string, string>) => {
        const [key, value] = (selector ?? '').split('=');
        return labels[key] === value;
      };
      if (url.pathname === '/apis/apps/v1/deployments') {
        const body = {
          apiVersion: 'apps/v1',
          kind: 'DeploymentList',
          metadata: { resourceVersion: '1' },
          items: [
            deployment(
              'fraud-detector',
              'fraud-dev',
              {
                'app.kubernetes.io/name': 'fraud-detector',
                'ai-golden-path.io/model-version': '3',
              },
              2,
              2,
            ),
            deployment(
              'fraud-detector',
              'fraud-prod',
              {
                'app.kubernetes.io/name': 'fraud-detector',
                'ai-golden-path.io/model-version': '2',
                'ai-golden-path.io/environment': 'prod',
              },
              3,
              1,
            ),
            deployment(
              'other',
              'x',
              { 'app.kubernetes.io/name': 'other' },
              1,
              1,
            ),
          ].filter(d => matches(d.metadata.labels)),
        };
        validators.deploymentList(body);
        return { status: 200, body };
      }
      if (
        url.pathname === '/apis/serving.kserve.io/v1beta1/inferenceservices'
      ) {
        if (!kserveInstalled) {
          return { status: 404, body: { kind: 'Status', code: 404 } };
        }
        const items = [
          inferenceService(
            'fraud-detector',
            'fraud-stage',
            {
              'app.kubernetes.io/name': 'fraud-detector',
              'ai-golden-path.io/model-version': '3',
            },
            true,
          ),
          inferenceService(
            'fraud-detector-canary',
            'fraud-stage',
            {
              'app.kubernetes.io/name': 'fraud-detector',
            },
            false,
          ),
        ].filter(i => matches(i.metadata.labels));
        items.forEach(validators.inferenceService);
        return {
          status: 200,
          body: {
            apiVersion: 'serving.kserve.io/v1beta1',
            kind: 'InferenceServiceList',
            metadata: {},
            items,
          },
        };
      }
      return undefined;
    },
    { tls },
  );
  let reader: KubernetesDeploymentReader;

  beforeAll(async () => {
    const url = await cluster.start();
    reader = new KubernetesDeploymentReader({
      cluster: {
        name: 'dev-cluster',
        environment: 'dev',
        url,
        token: TOKEN,
        caData: tls.cert,
      },
      labels: {
        modelName: 'app.kubernetes.io/name',
        modelVersion: 'ai-golden-path.io/model-version',
        environment: 'ai-golden-path.io/environment',
      },
      requestTimeoutMs: 1500,
    });
    // The first TLS handshake and schema validation are slow; do not let them count.
    await reader
      .getDeployments('fraud-detector', AbortSignal.timeout(10_000))
      .catch(() => {});
    await reader
      .getDeployments('fraud-detector', AbortSignal.timeout(10_000))
      .catch(() => {});
  });
  afterEach(() => {
    cluster.fault = undefined;
    kserveInstalled = true;
  });
  afterAll(() => cluster.stop());

  it('finds Deployments and InferenceServices by label, with version and readiness', async () => {
    cluster.requests.length = 0;
    const deployments = await reader.getDeployments(
      'fraud-detector',
      AbortSignal.timeout(5000),
    );
    expect(
      cluster.requests.map(r => r.url.searchParams.get('labelSelector')),
    ).toEqual([
      'app.kubernetes.io/name=fraud-detector',
      'app.kubernetes.io/name=fraud-detector',
    ]);
    expect(
      cluster.requests.every(r => r.authorization === `Bearer ${TOKEN}`),
    ).toBe(true);
    expect(deployments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'Deployment',
          namespace: 'fraud-dev',
          environment: 'dev',
          cluster: 'dev-cluster',
          modelVersion: '3',
          ready: true,
          replicas: { desired: 2, ready: 2 },
        }),
        expect.objectContaining({
          kind: 'Deployment',
          namespace: 'fraud-prod',
          environment: 'prod',
          modelVersion: '2',
          ready: false,
          replicas: { desired: 3, ready: 1 },
          message: 'Deployment does not have minimum availability.',
        }),
        expect.objectContaining({
          kind: 'InferenceService',
          name: 'fraud-detector',
          namespace: 'fraud-stage',
          modelVersion: '3',
          ready: true,
          url: 'https://fraud-detector-fraud-stage.apps.example.com',
        }),
        expect.objectContaining({
          kind: 'InferenceService',
          name: 'fraud-detector-canary',
          ready: false,
          message: 'Revision missing',
        }),
      ]),
    );
    expect(deployments).toHaveLength(4);
  });

  it('treats a cluster without KServe as having no InferenceServices', async () => {
    kserveInstalled = false;
    const deployments = await reader.getDeployments(
      'fraud-detector',
      AbortSignal.timeout(5000),
    );
    expect(deployments.map(d => d.kind)).toEqual(['Deployment', 'Deployment']);
  });

  it('verifies the API server certificate', async () => {
    const untrusting = new KubernetesDeploymentReader({
      cluster: {
        name: 'dev-cluster',
        environment: 'dev',
        url: cluster.baseUrl,
        token: TOKEN,
      },
      labels: {
        modelName: 'app.kubernetes.io/name',
        modelVersion: 'ai-golden-path.io/model-version',
        environment: 'ai-golden-path.io/environment',
      },
      requestTimeoutMs: 2000,
    });
    await expect(
      untrusting.getDeployments('fraud-detector', AbortSignal.timeout(5000)),
    ).rejects.toThrow(/list deployments failed/);
  });

  it('never asks for a model name that is no valid label value', async () => {
    cluster.requests.length = 0;
    await expect(
      reader.getDeployments('a,b=c', AbortSignal.timeout(5000)),
    ).resolves.toEqual([]);
    expect(cluster.requests).toHaveLength(0);
  });

  it('reports forbidden and hanging clusters without the token', async () => {
    cluster.fault = () => ({
      type: 'status',
      status: 403,
      body: `{"message":"${TOKEN}"}`,
    });
    const forbidden = await reader
      .getDeployments('fraud-detector', AbortSignal.timeout(5000))
      .catch(e => e);
    expect(forbidden.message).toMatch(
      /cluster 'dev-cluster': list .* failed with HTTP 403/,
    );
    expect(`${forbidden.message} ${forbidden.stack}`).not.toContain(TOKEN);

    cluster.fault = () => ({ type: 'hang' });
    const started = Date.now();
    await expect(
      reader.getDeployments('fraud-detector', AbortSignal.timeout(5000)),
    ).rejects.toThrow(/timed out after 1500 ms/);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
