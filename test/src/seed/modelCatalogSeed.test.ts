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
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The end-to-end test starts the real backend plugin, as the local app does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import modelCatalogPlugin from '@ai-golden-path/plugin-model-catalog-backend';
import {
  entityModelResponseSchema,
  ingestRequestSchema,
  MODEL_NAME_ANNOTATION,
  MODEL_REGISTRY_ANNOTATION,
} from '@ai-golden-path/plugin-model-catalog-common';
import {
  DryRunBackend,
  failedStep,
  inMemoryDatabaseServiceFactory,
  startDryRunBackend,
} from '@ai-golden-path/template-cli';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import YAML from 'yaml';
import { decodeFiles, goldenPathTemplate, repoRoot } from '../goldenPath';

/**
 * The local app's model catalog data (examples/seed/model-catalog.json) is recorded from a real
 * training and evaluation run of a generated project (scripts/seed-model-catalog.sh, minutes,
 * so not run here). What is checked here is what the local app's user would notice: the
 * committed requests are accepted by the ingest API, the example component is the
 * catalog-info.yaml the template generates for the seed's values, and it then shows two
 * versions with metrics, a champion and evaluations.
 */

const seedDir = path.join(repoRoot, 'examples/seed');
const fixture: unknown[] = JSON.parse(
  fs.readFileSync(path.join(seedDir, 'model-catalog.json'), 'utf8'),
);
const exampleComponentFile = path.join(seedDir, 'catalog-info.yaml');
const exampleComponent = YAML.parse(
  fs.readFileSync(exampleComponentFile, 'utf8'),
);

describe('the model catalog seed of the local app', () => {
  it('is a list of valid ingest requests, versions and their evaluations', () => {
    expect(Array.isArray(fixture)).toBe(true);
    const parsed = fixture.map(request => ingestRequestSchema.parse(request));
    expect(parsed.map(request => request.kind)).toEqual([
      'version',
      'evaluation',
      'version',
      'evaluation',
    ]);
    // Recorded, not typed in: provenance names the command and the tool versions.
    const provenance = JSON.parse(
      fs.readFileSync(path.join(seedDir, 'provenance.json'), 'utf8'),
    );
    expect(provenance.command).toMatch(/seed-model-catalog\.sh/);
    expect(provenance.tools['scikit-learn']).toMatch(/^\d+\.\d+/);
  });

  it('registers the example component exactly as the template generates it', async () => {
    let backend: DryRunBackend | undefined;
    try {
      backend = await startDryRunBackend();
      const result = await backend.dryRun({
        templateFile: goldenPathTemplate,
        values: JSON.parse(
          fs.readFileSync(path.join(seedDir, 'values.json'), 'utf8'),
        ),
      });
      expect(failedStep(result)).toBeUndefined();
      const generated = decodeFiles(result.directoryContents);
      // Rerun scripts/seed-model-catalog.sh when this fails after a template change.
      expect(generated.get('catalog-info.yaml')).toBe(
        fs.readFileSync(exampleComponentFile, 'utf8'),
      );
    } finally {
      await backend?.stop();
    }
  }, 60_000);

  it('names the model of the example component', () => {
    const annotations = exampleComponent?.metadata?.annotations ?? {};
    expect(annotations[MODEL_REGISTRY_ANNOTATION]).toBe('default');
    const models = new Set(
      fixture.map(request => ingestRequestSchema.parse(request).model),
    );
    expect([...models]).toEqual([annotations[MODEL_NAME_ANNOTATION]]);
  });

  it('shows two versions with metrics and evaluations once ingested through the real backend', async () => {
    const { server } = await startTestBackend({
      features: [
        // Closed when the backend stops, so the Jest worker exits after the file.
        inMemoryDatabaseServiceFactory,
        modelCatalogPlugin,
        catalogServiceMock.factory({ entities: [exampleComponent] }),
        mockServices.rootConfig.factory({
          data: {
            modelCatalog: { registries: [{ name: 'default', type: 'store' }] },
          },
        }),
      ],
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/model-catalog`;
    // What the backend sees for the local app's static external access token.
    const seedToken = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('external:local-seed'),
      targetPluginId: 'model-catalog',
    });
    for (const request of fixture) {
      const response = await fetch(`${baseUrl}/ingest`, {
        method: 'POST',
        headers: {
          authorization: seedToken,
          'content-type': 'application/json',
        },
        body: JSON.stringify(request),
      });
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 201,
        body: expect.objectContaining({ created: true }),
      });
    }

    const response = await fetch(
      `${baseUrl}/entities/component/default/${exampleComponent.metadata.name}/model`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    expect(response.status).toBe(200);
    const answer = entityModelResponseSchema.parse(await response.json());
    expect(answer.errors).toEqual([]);
    expect(answer.versions).toHaveLength(2);
    for (const version of answer.versions) {
      const names = version.metrics.map(metric => metric.name);
      expect(names).toEqual(
        expect.arrayContaining(['accuracy', 'f1', 'roc_auc']),
      );
      expect(version.sourceCommit).toMatch(/^[0-9a-f]{40}$/);
      expect(version.evaluations).toEqual([
        expect.objectContaining({ name: 'promotion-policy', passed: true }),
      ]);
    }
    // The second training (release 0.2.0) passed the gate and is the champion.
    const champion = answer.versions.filter(version =>
      version.labels.includes('champion'),
    );
    expect(champion.map(version => version.name)).toEqual([
      expect.stringMatching(/^0\.2\.0\+/),
    ]);
  });
});
