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

import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Route, Routes } from 'react-router-dom';
import { EntityModelCard, EntityModelContent } from './plugin';
import { modelCatalogApiRef } from './api/ModelCatalogApi';
import { entity, fakeApi, makeResponse } from './__testUtils__/fixtures';

/*
 * Red Hat Developer Hub 1.9 loads this plugin through Scalprum: the plugin's bundle carries
 * its own libraries (catalog-react, core-components, ...) but takes the shared singletons
 * from the host. Here those singletons are RHDH 1.9's copies (Backstage 1.45.0, installed by
 * compat/rhdh-1.9), for the plugin and the test app alike, and the entity comes from RHDH
 * 1.9's own catalog-react, as on a Developer Hub entity page. The card and the tab, as
 * exported, must render there.
 */
// A function declaration: jest.mock calls are hoisted above everything else in the file.
function mockHostModule(name: string) {
  return jest.requireActual(
    require.resolve(name, { paths: [mockHostDirectory()] }),
  );
}
function mockHostDirectory() {
  return require('node:path').resolve(__dirname, '../../../compat/rhdh-1.9');
}
jest.mock('@backstage/core-plugin-api', () =>
  mockHostModule('@backstage/core-plugin-api'),
);
jest.mock('@backstage/core-plugin-api/alpha', () =>
  mockHostModule('@backstage/core-plugin-api/alpha'),
);
jest.mock('@backstage/frontend-plugin-api', () =>
  mockHostModule('@backstage/frontend-plugin-api'),
);
jest.mock('@backstage/core-app-api', () =>
  mockHostModule('@backstage/core-app-api'),
);
jest.mock('@backstage/version-bridge', () =>
  mockHostModule('@backstage/version-bridge'),
);

const hostCatalogReact = mockHostModule('@backstage/plugin-catalog-react');

function renderOnHostEntityPage(element: JSX.Element) {
  const api = fakeApi(async () => makeResponse());
  const HostEntityProvider = hostCatalogReact.EntityProvider;
  return renderInTestApp(
    <TestApiProvider apis={[[modelCatalogApiRef, api]]}>
      <HostEntityProvider entity={entity}>{element}</HostEntityProvider>
    </TestApiProvider>,
    { routeEntries: ['/models'] },
  );
}

describe('in a Developer Hub 1.9 host', () => {
  it('uses the host’s shared singletons, not the workspace’s newer ones', () => {
    expect(require('@backstage/core-plugin-api')).toBe(
      mockHostModule('@backstage/core-plugin-api'),
    );
    expect(
      mockHostModule('@backstage/core-plugin-api/package.json').version,
    ).toBe('1.12.0');
  });

  it('renders the exported model card on an entity provided by the host’s catalog-react', async () => {
    await renderOnHostEntityPage(<EntityModelCard />);
    expect(
      await screen.findByRole('heading', { name: 'Model' }),
    ).toBeInTheDocument();
    const live = screen.getByRole('list', {
      name: 'Champion and live versions',
    });
    expect(within(live).getByText('Champion: version 2')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Newest version: 3' }),
    ).toBeInTheDocument();
  });

  it('renders the exported Models tab there too', async () => {
    // Mounted at a path, as EntityLayout.Route path="/models" or RHDH's entityTabs do.
    await renderOnHostEntityPage(
      <Routes>
        <Route path="/models/*" element={<EntityModelContent />} />
      </Routes>,
    );
    const versions = await screen.findByRole('region', {
      name: 'Model versions',
    });
    // A header row and the three versions of the fixture.
    expect(within(versions).getAllByRole('row').length).toBeGreaterThanOrEqual(
      4,
    );
  });
});
