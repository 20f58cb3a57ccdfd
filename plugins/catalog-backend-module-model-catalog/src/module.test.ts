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

import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogModuleModelCatalog } from './module';
import { ModelCatalogEntityProvider } from './provider/ModelCatalogEntityProvider';

describe('catalogModuleModelCatalog', () => {
  it('registers the entity provider on its schedule', async () => {
    const addEntityProvider = jest.fn();
    const scheduler = mockServices.scheduler.mock({
      createScheduledTaskRunner: jest.fn(() => ({ run: jest.fn() })),
    });
    await startTestBackend({
      extensionPoints: [
        [catalogProcessingExtensionPoint, { addEntityProvider }],
      ],
      features: [
        catalogModuleModelCatalog,
        catalogServiceMock.factory(),
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                modelCatalog: {
                  schedule: {
                    frequency: { minutes: 5 },
                    timeout: { minutes: 2 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    expect(addEntityProvider).toHaveBeenCalledWith(
      expect.any(ModelCatalogEntityProvider),
    );
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
    });
    expect(addEntityProvider.mock.calls[0][0].getProviderName()).toBe(
      'model-catalog',
    );
  });

  it.each([
    [
      { pageSize: 5000 },
      /pageSize must be a whole number from 1 to 1000, got 5000/,
    ],
    [{ pageSize: 0 }, /pageSize must be a whole number from 1 to 1000, got 0/],
    [{ maxPages: 2.5 }, /maxPages must be a whole number from 1, got 2.5/],
  ])('refuses %j at start-up', async (modelCatalog, message) => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [catalogProcessingExtensionPoint, { addEntityProvider: jest.fn() }],
        ],
        features: [
          catalogModuleModelCatalog,
          catalogServiceMock.factory(),
          mockServices.rootConfig.factory({
            data: { catalog: { providers: { modelCatalog } } },
          }),
        ],
      }),
    ).rejects.toThrow(message);
  });
});
