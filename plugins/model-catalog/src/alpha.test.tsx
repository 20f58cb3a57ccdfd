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

import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import modelCatalogPlugin from './alpha';
import { modelCatalogApiRef } from './api/ModelCatalogApi';
import {
  entity,
  entityWithoutModel,
  fakeApi,
  makeResponse,
} from './__testUtils__/fixtures';

/** The new frontend system's plugin (`./alpha`): the same card and tab, on model entities only. */
describe('the model catalog plugin for the new frontend system', () => {
  const card = modelCatalogPlugin.getExtension(
    'entity-card:model-catalog/model',
  );
  const tab = modelCatalogPlugin.getExtension(
    'entity-content:model-catalog/models',
  );

  it('offers the card and the tab only on entities that name a model', () => {
    const filters = [
      createExtensionTester(card).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(tab).get(
        EntityContentBlueprint.dataRefs.filterFunction,
      ),
    ];
    for (const filter of filters) {
      expect(filter?.(entity)).toBe(true);
      expect(filter?.(entityWithoutModel)).toBe(false);
    }
  });

  it('mounts the tab at /models under the title Models', () => {
    const tester = createExtensionTester(tab);
    expect(tester.get(coreExtensionData.routePath)).toBe('/models');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Models');
  });

  it('renders the card with the plugin’s API on a model entity', async () => {
    const api = fakeApi(async () => makeResponse());
    await renderInTestApp(
      <EntityProvider entity={entity}>
        {createExtensionTester(card, {
          apis: [[modelCatalogApiRef, api]],
        }).reactElement()}
      </EntityProvider>,
      { apis: [[modelCatalogApiRef, api]] },
    );
    expect(
      await screen.findByRole('heading', { name: 'Newest version: 3' }),
    ).toBeInTheDocument();
    expect(api.options).toEqual([{ latestVersions: 1 }]);
  });
});
