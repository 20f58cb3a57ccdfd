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

import type { Deployment, ModelVersion } from './api';
import { selectLatestVersions, sortVersionsNewestFirst } from './versions';

const version = (
  name: string,
  extra: Partial<ModelVersion> = {},
): ModelVersion => ({
  id: `id-${name}`,
  name,
  state: 'LIVE',
  labels: [],
  metrics: [],
  evaluations: [],
  properties: {},
  ...extra,
});

const deployment = (
  environment: string,
  modelVersion?: string,
): Deployment => ({
  cluster: 'c',
  environment,
  namespace: 'ns',
  name: `serving-${environment}`,
  kind: 'InferenceService',
  modelVersion,
  ready: true,
});

describe('sortVersionsNewestFirst', () => {
  it('orders by creation time, then by version number', () => {
    const sorted = sortVersionsNewestFirst([
      version('2', { createdAt: '2026-01-01T00:00:00Z' }),
      version('10'),
      version('9'),
      version('3', { createdAt: '2026-03-01T00:00:00Z' }),
    ]);
    expect(sorted.map(v => v.name)).toEqual(['3', '2', '10', '9']);
  });
});

describe('selectLatestVersions', () => {
  const versions = Array.from({ length: 20 }, (_, i) =>
    version(String(i + 1), {
      labels: i === 4 ? ['Champion'] : [],
    }),
  );

  it('keeps the newest n, the champion and the deployed versions, newest first', () => {
    const selected = selectLatestVersions(
      versions,
      // Deployments name a version by name or by id.
      [deployment('prod', '2'), deployment('dev', 'id-19'), deployment('x')],
      2,
    );
    expect(selected.map(v => v.name)).toEqual(['20', '19', '5', '2']);
  });

  it('keeps every version when n is at least the count, and nothing of an empty model', () => {
    expect(selectLatestVersions(versions, [], 50)).toHaveLength(20);
    expect(selectLatestVersions([], [deployment('prod', '1')], 3)).toEqual([]);
  });

  it('does not reorder or change the list it was given', () => {
    const given = [...versions];
    selectLatestVersions(given, [], 1);
    expect(given).toEqual(versions);
  });
});
