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
import userEvent from '@testing-library/user-event';
import { EntityModelContent } from './EntityModelContent';
import {
  entity,
  entityWithoutModel,
  fakeApi,
  longHistory,
  makeResponse,
  registryDown,
  clusterDown,
} from '../../__testUtils__/fixtures';
import { renderOnEntity } from '../../__testUtils__/render';
import { seriousViolations } from '../../__testUtils__/axe';

async function renderTab(response = makeResponse()) {
  const api = fakeApi(async () => response);
  const rendered = await renderOnEntity(<EntityModelContent />, {
    entity,
    api,
  });
  await screen.findByRole('region', { name: 'Model versions' });
  return { ...rendered, api };
}

describe('EntityModelContent', () => {
  it('renders every section with stable accessible names and no serious axe violation', async () => {
    const { container, api } = await renderTab();
    // The tab charts and compares the whole history: it asks for every version.
    expect(api.options).toEqual([{}]);
    for (const name of [
      'Version details',
      'Compare versions',
      'Metrics across versions',
      'Deployments',
    ]) {
      expect(screen.getByRole('heading', { name })).toBeInTheDocument();
    }
    expect(
      screen.getByRole('table', { name: 'Version comparison' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Deployments' }),
    ).toBeInTheDocument();
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('filters the versions table by state and by label', async () => {
    await renderTab();
    const region = screen.getByRole('region', { name: 'Model versions' });
    const versionCells = () =>
      within(region)
        .getAllByRole('row')
        .slice(1)
        .map(row => within(row).getAllByRole('cell')[0]?.textContent);
    expect(versionCells()).toEqual(['3', '2', '1']);

    await userEvent.selectOptions(
      within(region).getByLabelText('Filter by state'),
      'LIVE',
    );
    expect(versionCells()).toEqual(['2']);

    await userEvent.selectOptions(
      within(region).getByLabelText('Filter by state'),
      '',
    );
    await userEvent.selectOptions(
      within(region).getByLabelText('Filter by label'),
      'challenger',
    );
    expect(versionCells()).toEqual(['3']);

    await userEvent.selectOptions(
      within(region).getByLabelText('Filter by state'),
      'ARCHIVED',
    );
    expect(within(region).getByText(/No version matches/)).toBeInTheDocument();
  });

  it('pages a long history and sorts version names as numbers', async () => {
    const versions = longHistory(12, i => ({
      // Created in another order than their names, so sorting by name shows.
      createdAt: new Date(Date.UTC(2026, 10, 1 + ((i * 5) % 12))).toISOString(),
    }));
    await renderTab(makeResponse({ versions }));
    const region = screen.getByRole('region', { name: 'Model versions' });
    const versionCells = () =>
      within(region)
        .getAllByRole('row')
        // The header row first, the pagination row last.
        .slice(1, -1)
        .map(row => within(row).getAllByRole('cell')[0]?.textContent);
    // Newest first, ten to a page.
    expect(versionCells()).toEqual([
      '8',
      '3',
      '10',
      '5',
      '12',
      '7',
      '2',
      '9',
      '4',
      '11',
    ]);
    expect(within(region).getAllByText('1-10 of 12').length).toBeGreaterThan(0);

    await userEvent.click(
      within(region).getByRole('button', { name: 'Version' }),
    );
    // Highest first; as text, 9 would come before 12.
    expect(versionCells()).toEqual([
      '12',
      '11',
      '10',
      '9',
      '8',
      '7',
      '6',
      '5',
      '4',
      '3',
    ]);
  });

  it('shows lm-eval scores with their stderr, baseline and custom runs side by side', async () => {
    await renderTab();
    const table = screen.getByRole('table', { name: 'lm-eval task scores' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual([
      'Task',
      'Metric',
      'run baseline · on arc_easy@v1 · lm-eval 0.4.13',
      'run custom-support-tickets · on support-tickets@2026-11 · lm-eval 0.4.13',
    ]);
    const row = within(table).getByRole('row', { name: /^arc_easy acc/ });
    expect(row).toHaveTextContent('0.7812 ± 0.0085');
    expect(row).toHaveTextContent('0.6543 ± 0.012');

    const runs = screen.getByRole('table', { name: 'Evaluation runs' });
    expect(
      within(runs).getByRole('row', { name: /custom-support-tickets/ }),
    ).toHaveTextContent('Failed (custom-policy.yaml@1)');
    expect(
      within(runs).getByRole('row', { name: /^lm-eval baseline/ }),
    ).toHaveTextContent('Passed (intake-policy.yaml@3)');
  });

  it('shows the intake decision with its policy and reasons', async () => {
    await renderTab();
    const intake = screen.getByRole('group', { name: 'Intake decision' });
    expect(intake).toHaveTextContent(
      'Intake: rejected under intake-policy.yaml@3',
    );
    const reasons = within(intake)
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(reasons).toEqual([
      'lm_eval@baseline.arc_easy.acc 0.78 < 0.8',
      'guidellm@baseline.constant-4.ttft_ms.p99 above 800',
    ]);
  });

  it('shows GuideLLM figures per load level with their unit', async () => {
    await renderTab();
    const table = screen.getByRole('table', {
      name: 'GuideLLM performance per load level',
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(r => r.textContent);
    expect(rows).toEqual([
      'constant-4ttft_ms.p90212.5 ms',
      'synchronousttft_ms.p9088.25 ms',
      'constant-4output_tokens_per_s.mean431 tokens/s',
    ]);
  });

  it('compares two chosen versions with deltas judged by direction', async () => {
    await renderTab();
    // Defaults: A is the champion (2), B the newest (3).
    const table = screen.getByRole('table', { name: 'Version comparison' });
    expect(
      within(table).getByRole('row', { name: /^accuracy/ }),
    ).toHaveTextContent('accuracy [on holdout]0.910.93▲ +0.02 (better)');

    await userEvent.selectOptions(screen.getByLabelText('Version A'), 'v-1');
    await userEvent.selectOptions(screen.getByLabelText('Version B'), 'v-2');
    expect(
      within(table).getByRole('columnheader', { name: 'A: version 1' }),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('row', { name: /^accuracy/ }),
    ).toHaveTextContent('0.810.91▲ +0.1 (better)');
    // Version 1 has no latency: shown as missing, not as a delta.
    expect(
      within(table).getByRole('row', { name: /^latency_p95/ }),
    ).toHaveTextContent('latency_p95 (ms) [on holdout]—120—');
  });

  it('has nothing to compare with only one version', async () => {
    const [, , newest] = makeResponse().versions;
    await renderTab(makeResponse({ versions: [newest] }));
    expect(
      screen.getByText('Only one version so far: nothing to compare yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Version A')).not.toBeInTheDocument();
  });

  it('switches the version detail and shows deployments with readiness and replicas', async () => {
    await renderTab();
    await userEvent.selectOptions(
      screen.getByLabelText('Version to show'),
      'v-2',
    );
    expect(
      screen.getByRole('table', { name: 'Metrics of version 2' }),
    ).toBeInTheDocument();

    const deployments = screen.getByRole('table', { name: 'Deployments' });
    expect(
      within(deployments).getByRole('row', { name: /^prod/ }),
    ).toHaveTextContent(/Ready.*2 of 2/);
    expect(
      within(deployments).getByRole('row', { name: /^dev/ }),
    ).toHaveTextContent(/Not ready: ImagePullBackOff.*0 of 1/);
  });

  it('has a chart with an accessible name and a text description of its figures', async () => {
    await renderTab();
    const chart = screen.getByRole('figure', {
      name: 'Metrics across versions chart',
    });
    expect(chart).toHaveAccessibleDescription(
      'accuracy [on holdout]: version 1 0.81, version 2 0.91, version 3 0.93',
    );
    const latency = screen.getByRole('option', { name: /^latency_p95/ });
    await userEvent.selectOptions(screen.getByLabelText('Metrics to chart'), [
      latency as HTMLOptionElement,
    ]);
    expect(chart).toHaveAccessibleDescription(
      /latency_p95 \(ms\) \[on holdout\]: version 2 120, version 3 150/,
    );
  });

  it('describes a long history by its range, not point by point', async () => {
    // Accuracy climbs from 0.60 to 0.99 over 40 versions, with a dip at version 20.
    const versions = longHistory(40, i => ({
      metrics: [
        {
          name: 'accuracy',
          value: i === 19 ? 0.5 : 0.6 + i / 100,
          dataset: 'holdout',
          higherIsBetter: true,
        },
      ],
      evaluations: [],
    }));
    await renderTab(makeResponse({ versions }));
    expect(
      screen.getByRole('figure', { name: 'Metrics across versions chart' }),
    ).toHaveAccessibleDescription(
      'accuracy [on holdout]: 40 versions, from version 1 0.6 to version 40 0.99; lowest version 20 0.5, highest version 40 0.99',
    );
  });

  it('explains the annotation when the entity names no model', async () => {
    await renderOnEntity(<EntityModelContent />, {
      entity: entityWithoutModel,
      api: fakeApi(async () => makeResponse()),
    });
    expect(
      screen.getByText('No model is connected to this component'),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderOnEntity(<EntityModelContent />, {
      entity,
      api: fakeApi(() => new Promise(() => {})),
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('marks data from an unreachable cluster as stale', async () => {
    await renderTab(
      makeResponse({
        errors: [
          {
            // As the API names it: the kind, then the configured name.
            source: 'cluster:prod-east',
            kind: 'cluster',
            message: 'timeout after 3000 ms',
            failingSince: '2026-11-25T10:02:00Z',
          },
        ],
      }),
    );
    expect(
      screen.getByText(/Cluster prod-east is unreachable: its data is missing/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Failing since 2026-11-25 10:02 UTC/),
    ).toBeInTheDocument();
  });

  it('says versions and deployments are unknown when their sources could not be read', async () => {
    await renderOnEntity(<EntityModelContent />, {
      entity,
      api: fakeApi(async () =>
        makeResponse({
          model: null,
          versions: [],
          deployments: [],
          errors: [registryDown, clusterDown],
        }),
      ),
    });
    expect(await screen.findByText('Versions unknown')).toBeInTheDocument();
    expect(
      screen.getByText(/The registry default could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Deployments unknown: prod-east could not be read.'),
    ).toBeInTheDocument();
    // Nothing that would send the owner to fix an annotation that is right.
    expect(screen.queryByText(/has no model named/)).not.toBeInTheDocument();
    expect(
      screen.queryByText(/No serving workload of this model was found/),
    ).not.toBeInTheDocument();
  });

  it('says when the model has no versions yet', async () => {
    await renderOnEntity(<EntityModelContent />, {
      entity,
      api: fakeApi(async () => makeResponse({ versions: [] })),
    });
    expect(await screen.findByText('No versions yet')).toBeInTheDocument();
    // Deployments are still listed: a workload may serve a version the registry lost.
    expect(
      screen.getByRole('table', { name: 'Deployments' }),
    ).toBeInTheDocument();
  });

  it('shows an API error', async () => {
    await renderOnEntity(<EntityModelContent />, {
      entity,
      api: fakeApi(async () => {
        throw new Error('Request failed with 503 Service Unavailable');
      }),
    });
    expect(
      await screen.findByText(/Could not load the model/),
    ).toBeInTheDocument();
  });
});
