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

import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  MODEL_NAME_ANNOTATION,
  MODEL_REGISTRY_ANNOTATION,
  RegisteredModel,
  RegisteredModelPage,
} from '@ai-golden-path/plugin-model-catalog-common';
import { ModelListReader } from './ModelCatalogClient';
import { ModelCatalogEntityProvider } from './ModelCatalogEntityProvider';
import { modelEntityName } from './modelEntity';

const model = (
  registry: string,
  name: string,
  labels: string[] = [],
): RegisteredModel => ({
  registry,
  sourceType: registry === 'default' ? 'store' : 'kubeflow',
  id: name,
  name,
  labels,
});

/** A reader over in-memory registries, paging by index, with a fault hook. */
class FakeReader implements ModelListReader {
  registries = new Map<string, RegisteredModel[]>();
  fail?: (
    registry: string,
    pageToken?: string,
  ) => Error | RegisteredModelPage | undefined;
  calls = 0;
  async listRegistries() {
    return [...this.registries.keys()].map(name => ({ name, type: 'store' }));
  }
  async listModels(
    registry: string,
    options: { pageToken?: string; pageSize: number },
  ) {
    this.calls++;
    const fault = this.fail?.(registry, options.pageToken);
    if (fault instanceof Error) {
      throw fault;
    }
    if (fault) {
      return fault;
    }
    const all = this.registries.get(registry) ?? [];
    const offset = Number(options.pageToken ?? 0);
    const next = offset + options.pageSize;
    return {
      items: all.slice(offset, next),
      nextPageToken: next < all.length ? String(next) : undefined,
    };
  }
}

const components: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'fraud-detector',
      namespace: 'default',
      annotations: { [MODEL_NAME_ANNOTATION]: 'fraud-detector' },
    },
    spec: { owner: 'team-a' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'fraud-api',
      namespace: 'payments',
      annotations: {
        [MODEL_REGISTRY_ANNOTATION]: 'default',
        [MODEL_NAME_ANNOTATION]: 'fraud-detector',
      },
    },
    spec: { owner: 'group:payments/team-b' },
  },
];

function setup() {
  const reader = new FakeReader();
  reader.registries.set('default', [
    model('default', 'fraud-detector', ['Production']),
    ...Array.from({ length: 11 }, (_, i) => model('default', `m-${i}`)),
  ]);
  reader.registries.set(
    'rhoai',
    Array.from({ length: 7 }, (_, i) => model('rhoai', `granite-${i}`)),
  );
  const catalog = { getEntities: jest.fn(async () => ({ items: components })) };
  const connection = {
    applyMutation: jest.fn(),
    refresh: jest.fn(),
  } as unknown as jest.Mocked<EntityProviderConnection>;
  const provider = new ModelCatalogEntityProvider({
    reader,
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    defaultOwner: 'group:default/ml-platform',
    pageSize: 5,
    maxPages: 100,
  });
  return { reader, catalog, connection, provider };
}

const emitted = (connection: jest.Mocked<EntityProviderConnection>, call = 0) =>
  (connection.applyMutation.mock.calls[call][0] as any).entities.map(
    (e: { entity: Entity }) => e.entity,
  ) as Entity[];

describe('ModelCatalogEntityProvider', () => {
  it('emits every model of every registry, read page by page, as ai-model Resources', async () => {
    const { connection, provider } = setup();
    await provider.connect(connection);
    const result = await provider.refresh();
    expect(result).toEqual({
      applied: true,
      entities: 19,
      pages: 3 + 2,
      failedRegistries: [],
    });
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    expect(connection.applyMutation.mock.calls[0][0].type).toBe('full');
    const entities = emitted(connection);
    const fraud = entities.find(e => e.metadata.name === 'fraud-detector')!;
    expect(fraud).toMatchObject({
      kind: 'Resource',
      metadata: {
        title: 'fraud-detector',
        tags: ['production'],
        annotations: {
          [MODEL_REGISTRY_ANNOTATION]: 'default',
          [MODEL_NAME_ANNOTATION]: 'fraud-detector',
          'backstage.io/managed-by-location': 'model-catalog:model-catalog',
          'backstage.io/managed-by-origin-location':
            'model-catalog:model-catalog',
        },
      },
      spec: {
        type: 'ai-model',
        owner: 'group:default/team-a',
        dependencyOf: [
          'component:default/fraud-detector',
          'component:payments/fraud-api',
        ],
      },
    });
    const granite = entities.find(e => e.metadata.name === 'rhoai--granite-0')!;
    expect(granite.spec).toMatchObject({
      owner: 'group:default/ml-platform',
      dependencyOf: [],
    });
  });

  it('keeps the owner when the catalog lists the components in another order', async () => {
    const { catalog, connection, provider } = setup();
    await provider.connect(connection);
    await provider.refresh();
    catalog.getEntities.mockResolvedValueOnce({
      items: [...components].reverse(),
    });
    await provider.refresh();
    const owners = [0, 1].map(
      call =>
        emitted(connection, call).find(
          e => e.metadata.name === 'fraud-detector',
        )!.spec!.owner,
    );
    expect(owners).toEqual(['group:default/team-a', 'group:default/team-a']);
  });

  it('applies nothing when a registry fails before it was ever read', async () => {
    const { reader, connection, provider } = setup();
    reader.fail = (registry, token) =>
      registry === 'rhoai' && token === '5' ? new Error('HTTP 503') : undefined;
    await provider.connect(connection);
    const result = await provider.refresh();
    expect(result.applied).toBe(false);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('keeps the last good entities of a failing registry', async () => {
    const { reader, connection, provider } = setup();
    await provider.connect(connection);
    await provider.refresh();
    const before = emitted(connection)
      .map(e => e.metadata.name)
      .sort();

    reader.fail = registry =>
      registry === 'rhoai' ? new Error('timeout') : undefined;
    const result = await provider.refresh();
    expect(result.failedRegistries).toEqual(['rhoai']);
    expect(
      emitted(connection, 1)
        .map(e => e.metadata.name)
        .sort(),
    ).toEqual(before);

    // A never-ending listing is a failure too, not an endless loop.
    reader.fail = registry =>
      registry === 'default'
        ? { items: [], nextPageToken: 'again' }
        : undefined;
    const endless = await provider.refresh();
    expect(endless.failedRegistries).toEqual(['default']);
    expect(
      emitted(connection, 2)
        .map(e => e.metadata.name)
        .sort(),
    ).toEqual(before);
  });

  it('applies nothing when the components cannot be read', async () => {
    const { catalog, connection, provider } = setup();
    catalog.getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await provider.connect(connection);
    await expect(provider.refresh()).rejects.toThrow('catalog down');
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });
});

describe('modelEntityName', () => {
  it('keeps valid names and makes others valid and unique', () => {
    expect(modelEntityName('default', 'fraud-detector')).toBe('fraud-detector');
    expect(modelEntityName('rhoai', 'granite')).toBe('rhoai--granite');
    const odd = modelEntityName('default', 'ibm-granite/granite-3.1-8b:2');
    expect(odd).toMatch(/^ibm-granite-granite-3.1-8b-2-[0-9a-f]{8}$/);
    expect(modelEntityName('default', 'a/b')).not.toBe(
      modelEntityName('default', 'a:b'),
    );
    const long = modelEntityName('default', 'x'.repeat(100));
    expect(long.length).toBeLessThanOrEqual(63);
  });

  it('never gives two models the same name', () => {
    const names = [
      modelEntityName('rhoai', 'x'),
      modelEntityName('default', 'rhoai--x'),
      modelEntityName('a', 'b--c'),
      modelEntityName('a--b', 'c'),
      modelEntityName('a-', 'b'),
      modelEntityName('a', '-b'),
    ];
    expect(names[0]).toBe('rhoai--x');
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9\-_.]{0,61}[A-Za-z0-9]$/);
    }
  });
});
