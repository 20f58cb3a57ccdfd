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
import { EntityModelCard } from './EntityModelCard';
import {
  entity,
  entityWithoutModel,
  fakeApi,
  makeResponse,
  registryDown,
  clusterDown,
} from '../../__testUtils__/fixtures';
import {
  backstageError,
  clientAnswering,
  jsonResponse,
} from '../../__testUtils__/http';
import { renderOnEntity } from '../../__testUtils__/render';
import { seriousViolations } from '../../__testUtils__/axe';

describe('EntityModelCard', () => {
  it('shows the model, champion, live versions, newest version against the champion and links', async () => {
    const api = fakeApi(async () => ({
      ...makeResponse(),
      versionCount: 512,
    }));
    const { container } = await renderOnEntity(<EntityModelCard />, {
      entity,
      api,
    });

    expect(
      await screen.findByRole('heading', { name: 'Model' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^fraud-detector/ }),
    ).toHaveAttribute('href', 'https://registry.example.com/models/m-1');
    expect(
      screen.getByText('Lifecycle stage: fine-tuning'),
    ).toBeInTheDocument();

    const live = screen.getByRole('list', {
      name: 'Champion and live versions',
    });
    expect(within(live).getByText('Champion: version 2')).toBeInTheDocument();
    expect(within(live).getByText('prod: version 2')).toBeInTheDocument();
    expect(within(live).getByText('dev: version 3')).toBeInTheDocument();
    expect(within(live).getByText('0 of 1 workload ready')).toBeInTheDocument();

    expect(
      screen.getByRole('heading', { name: 'Newest version: 3' }),
    ).toBeInTheDocument();
    // The card asks only for what it shows (newest, champion, deployed) and says how
    // many versions there are in all.
    expect(api.options).toEqual([{ latestVersions: 1 }]);
    expect(screen.getByText('512 versions in all')).toBeInTheDocument();
    const metrics = screen.getByRole('table', { name: 'Headline metrics' });
    // accuracy rose 0.91 → 0.93: up and better; latency rose 120 → 150 ms: up but worse.
    const accuracy = within(metrics).getByRole('row', { name: /accuracy/ });
    expect(accuracy).toHaveTextContent('0.93');
    expect(accuracy).toHaveTextContent('▲ +0.02 (better)');
    const latency = within(metrics).getByRole('row', { name: /latency_p95/ });
    expect(latency).toHaveTextContent('▲ +30 (worse)');

    // The newest evaluation of version 3 is the custom lm-eval run, which failed.
    const lastEvaluation = screen.getByRole('heading', {
      name: 'Last evaluation',
    }).nextElementSibling;
    expect(lastEvaluation).toHaveTextContent(
      /Failed \(custom-policy.yaml@1\).*run custom-support-tickets/,
    );

    expect(
      screen.getByRole('link', { name: /^Open in registry/ }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^Pipeline run/ })).toHaveAttribute(
      'href',
      'https://pipelines.example.com/runs/42',
    );
    expect(screen.getByRole('link', { name: /^Repository/ })).toHaveAttribute(
      'href',
      'https://git.example.com/team/fraud-detector/',
    );

    expect(await seriousViolations(container)).toEqual([]);
  });

  it('judges a lower-is-better figure that fell as better', async () => {
    const response = makeResponse();
    const newest = response.versions[2];
    newest.metrics = newest.metrics.map(m =>
      m.name === 'latency_p95' ? { ...m, value: 100 } : m,
    );
    await renderOnEntity(<EntityModelCard />, {
      entity,
      api: fakeApi(async () => response),
    });
    const row = await screen.findByRole('row', { name: /latency_p95/ });
    expect(row).toHaveTextContent('▼ −20 (better)');
  });

  it('explains how to connect a model when the annotation is missing, without calling the backend', async () => {
    const api = fakeApi(async () => makeResponse());
    await renderOnEntity(<EntityModelCard />, {
      entity: entityWithoutModel,
      api,
    });
    expect(
      screen.getByText('No model is connected to this component'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/ai-golden-path.io\/model-name/).length,
    ).toBeGreaterThan(0);
    expect(api.calls).toBe(0);
  });

  it('shows progress while loading', async () => {
    const api = fakeApi(() => new Promise(() => {}));
    await renderOnEntity(<EntityModelCard />, { entity, api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('says the data is stale when a source is unreachable', async () => {
    const api = fakeApi(async () =>
      makeResponse({
        errors: [
          {
            // As the API names it: the kind, then the configured name.
            source: 'registry:default',
            kind: 'registry',
            message: 'connect ECONNREFUSED',
            failingSince: '2026-11-25T10:02:00Z',
            lastSuccessAt: '2026-11-25T09:58:00Z',
          },
        ],
      }),
    );
    await renderOnEntity(<EntityModelCard />, { entity, api });
    expect(
      await screen.findByText(
        /Registry default is unreachable: showing data last read 2026-11-25 09:58 UTC/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Failing since 2026-11-25 10:02 UTC: connect ECONNREFUSED/,
      ),
    ).toBeInTheDocument();
    // The last good data is still shown.
    expect(
      screen.getByRole('heading', { name: 'Newest version: 3' }),
    ).toBeInTheDocument();
  });

  it('says versions are unknown, not missing, when the registry could not be read', async () => {
    const api = fakeApi(async () =>
      makeResponse({
        model: null,
        versions: [],
        deployments: [],
        errors: [registryDown],
      }),
    );
    await renderOnEntity(<EntityModelCard />, { entity, api });
    expect(await screen.findByText('Versions unknown')).toBeInTheDocument();
    expect(
      screen.getByText(/Registry default is unreachable: its data is missing/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/has no model named/)).not.toBeInTheDocument();
  });

  it('says deployments are unknown when the clusters could not be read', async () => {
    const api = fakeApi(async () =>
      makeResponse({
        versions: makeResponse().versions.map(v => ({
          ...v,
          labels: v.labels.filter(label => label !== 'champion'),
        })),
        deployments: [],
        errors: [clusterDown],
      }),
    );
    await renderOnEntity(<EntityModelCard />, { entity, api });
    expect(
      await screen.findByText(
        'No champion labelled; deployments unknown (prod-east unreachable)',
      ),
    ).toBeInTheDocument();
  });

  it('says when there are no versions yet', async () => {
    const api = fakeApi(async () =>
      makeResponse({ versions: [], deployments: [] }),
    );
    await renderOnEntity(<EntityModelCard />, { entity, api });
    expect(await screen.findByText('No versions yet')).toBeInTheDocument();
  });

  it('shows an API error', async () => {
    const api = fakeApi(async () => {
      throw new Error('Request failed with 404 Not Found');
    });
    await renderOnEntity(<EntityModelCard />, { entity, api });
    expect(
      await screen.findByText(/Could not load the model/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/404 Not Found/).length).toBeGreaterThan(0);
  });
});

describe('EntityModelCard through the real client', () => {
  const show = (response: Response) =>
    renderOnEntity(<EntityModelCard />, {
      entity,
      api: clientAnswering(response).client,
    });

  it('shows a validated answer', async () => {
    await show(jsonResponse(makeResponse()));
    expect(
      await screen.findByRole('heading', { name: 'Newest version: 3' }),
    ).toBeInTheDocument();
  });

  it("shows the backend's 404 with its message", async () => {
    await show(
      backstageError(
        404,
        'NotFoundError',
        'Entity component:default/fraud-detector has no ai-golden-path.io/model-name annotation',
      ),
    );
    expect(
      await screen.findByText(/Could not load the model/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/has no ai-golden-path.io\/model-name annotation/)
        .length,
    ).toBeGreaterThan(0);
  });

  it('shows a lost session (401) with its message', async () => {
    await show(backstageError(401, 'AuthenticationError', 'Illegal token'));
    expect(
      await screen.findByText(/Could not load the model/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Illegal token/).length).toBeGreaterThan(0);
  });

  it('names a version skew instead of failing deep inside the card', async () => {
    await show(jsonResponse({ ...makeResponse(), versions: [{ name: 3 }] }));
    expect(
      await screen.findByText(/Could not load the model/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /are the frontend and backend plugins the same version/,
      ).length,
    ).toBeGreaterThan(0);
  });
});
