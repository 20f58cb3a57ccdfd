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
import path from 'node:path';
import {
  FakeKubeflowModelRegistry,
  MODEL_REGISTRY_API,
  SPECS_DIR,
} from '../fakes/kubeflowModelRegistry';
import { modelopsVenv, run, toolDir } from './modelopsTool';

describe('fake Kubeflow Model Registry', () => {
  const token = 'fake-token';
  const registry = new FakeKubeflowModelRegistry({ token });
  let api = '';

  beforeAll(async () => {
    api = (await registry.start()) + MODEL_REGISTRY_API;
  });
  afterAll(() => registry.stop());

  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(api + route, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('creates, finds and patches as the OpenAPI document defines', async () => {
    const model = await call('POST', '/registered_models', { name: 'm1' });
    expect(model.status).toBe(201);
    const version = await call('POST', '/model_versions', {
      name: 'v1',
      registeredModelId: model.body.id,
      customProperties: {
        'lm_eval@baseline.arc_easy.acc': {
          metadataType: 'MetadataDoubleValue',
          double_value: 0.8,
        },
      },
    });
    expect(version.status).toBe(201);
    const found = await call(
      'GET',
      `/model_version?name=v1&parentResourceId=${model.body.id}`,
    );
    expect(found.body.id).toBe(version.body.id);
    // PATCH replaces customProperties as a whole
    const patched = await call('PATCH', `/model_versions/${version.body.id}`, {
      customProperties: {
        approved: { metadataType: 'MetadataStringValue', string_value: '' },
      },
    });
    expect(Object.keys(patched.body.customProperties)).toEqual(['approved']);
    const doc = await call(
      'POST',
      `/model_versions/${version.body.id}/artifacts`,
      {
        artifactType: 'doc-artifact',
        name: 'report',
        uri: 's3://r',
      },
    );
    expect(doc.status).toBe(201);
    const artifacts = await call(
      'GET',
      `/model_versions/${version.body.id}/artifacts?name=report`,
    );
    expect(artifacts.body.items.map((a: any) => a.uri)).toEqual(['s3://r']);
    expect(
      (await call('POST', '/registered_models', { name: 'm1' })).status,
    ).toBe(409);
  });

  it('refuses what the real server refuses', async () => {
    const model = await call('POST', '/registered_models', { name: 'm2' });
    // a number sent as a string
    const stringNumber = await call('POST', '/model_versions', {
      name: 'v1',
      registeredModelId: model.body.id,
      customProperties: {
        score: { metadataType: 'MetadataDoubleValue', double_value: '0.8' },
      },
    });
    expect(stringNumber.status).toBe(400);
    // a field the schema does not define, and a read-only one
    for (const extra of [{ metrics: {} }, { id: '7' }]) {
      const unknown = await call('POST', '/registered_models', {
        name: 'm3',
        ...extra,
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toMatch(/unknown field/);
    }
    // a version renamed by PATCH
    const version = await call('POST', '/model_versions', {
      name: 'v1',
      registeredModelId: model.body.id,
    });
    expect(
      (
        await call('PATCH', `/model_versions/${version.body.id}`, {
          name: 'v2',
        })
      ).status,
    ).toBe(400);
    // an artifact without its type
    expect(
      (
        await call('POST', `/model_versions/${version.body.id}/artifacts`, {
          uri: 's3://x',
        })
      ).status,
    ).toBe(400);
    // no token
    expect((await fetch(`${api}/registered_models`)).status).toBe(401);
  });

  it('finds by externalId, keeps it unique, and checks its own answers', async () => {
    const model = await call('POST', '/registered_models', {
      name: 'x1',
      externalId: 'ext-1',
    });
    expect(
      (await call('GET', '/registered_model?externalId=ext-1')).body.id,
    ).toBe(model.body.id);
    expect(
      (
        await call('POST', '/registered_models', {
          name: 'x2',
          externalId: 'ext-1',
        })
      ).status,
    ).toBe(409);
    // an entity that drifted from the spec is never served as if it were valid
    registry.registeredModels.get(model.body.id)!.customProperties = {
      score: { metadataType: 'MetadataDoubleValue', double_value: 'high' },
    };
    expect(
      (await call('GET', `/registered_models/${model.body.id}`)).status,
    ).toBe(500);
  });

  it('fails the n-th write on request and stores nothing for it', async () => {
    registry.failWrite(2);
    expect(
      (await call('POST', '/registered_models', { name: 'f1' })).status,
    ).toBe(201);
    expect(
      (await call('POST', '/registered_models', { name: 'f2' })).status,
    ).toBe(500);
    expect((await call('GET', '/registered_model?name=f2')).status).toBe(404);
    expect(
      (await call('POST', '/registered_models', { name: 'f2' })).status,
    ).toBe(201);
  });
});

describe('modelops tool (tools/modelops)', () => {
  const token = crypto.randomBytes(12).toString('hex');
  const registry = new FakeKubeflowModelRegistry({ token });
  let venv = '';
  let url = '';

  beforeAll(async () => {
    venv = await modelopsVenv();
    url = await registry.start();
  }, 300_000);
  afterAll(() => registry.stop());

  it('passes its pytest suite: real lm-eval and GuideLLM reports, the spec-checked fake registry, the intake policy', async () => {
    const started = Date.now();
    const result = await run(
      path.join(venv, 'bin/python'),
      ['-m', 'pytest', '-p', 'no:cacheprovider', '-q', '-rs', 'tests'],
      {
        cwd: toolDir,
        env: {
          ...process.env,
          PYTHONPATH: toolDir,
          PYTHONDONTWRITEBYTECODE: '1',
          MODELOPS_SPECS_DIR: SPECS_DIR,
          MODELOPS_TEST_REGISTRY_URL: url,
          MODELOPS_TEST_REGISTRY_TOKEN: token,
          MODEL_REGISTRY_URL: '',
          MODEL_REGISTRY_TOKEN: '',
        },
      },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    // 5 = no test ran, which must not pass as success
    expect({ code: result.code, output }).toEqual({ code: 0, output });
    const passed = Number(/(\d+) passed/.exec(result.stdout)?.[1] ?? 0);
    expect(passed).toBeGreaterThan(50);
    // the registry tests ran against this fake, none was skipped for want of it
    expect(output).not.toMatch(
      /MODELOPS_TEST_REGISTRY_URL is not set|without a token/,
    );
    expect(registry.writes).toBeGreaterThan(20);
    // eslint-disable-next-line no-console
    console.info(
      `modelops pytest: ${passed} passed in ${Date.now() - started} ms`,
    );
  }, 240_000);
});
