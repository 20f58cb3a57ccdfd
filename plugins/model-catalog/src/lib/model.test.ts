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
  allMetrics,
  compareValues,
  evaluationDataset,
  ownMetrics,
  findChampion,
  formatDelta,
  safeHttpUrl,
  sortVersionsNewestFirst,
  sourceLocationUrl,
} from './model';
import { makeResponse } from '../__testUtils__/fixtures';

describe('model helpers', () => {
  it('takes the labelled champion first', () => {
    expect(findChampion(makeResponse())?.name).toBe('2');
  });

  it('falls back to the version serving production when nothing is labelled', () => {
    const response = makeResponse();
    response.versions = response.versions.map(v => ({ ...v, labels: [] }));
    expect(findChampion(response)?.name).toBe('2');
    response.deployments = response.deployments.filter(
      d => d.environment === 'dev',
    );
    // A version serving only dev is no champion.
    expect(findChampion(response)).toBeUndefined();
  });

  it('orders versions newest first, by number when times are missing', () => {
    const response = makeResponse();
    const undated = response.versions.map(v => ({
      ...v,
      createdAt: undefined,
    }));
    expect(sortVersionsNewestFirst(undated).map(v => v.name)).toEqual([
      '3',
      '2',
      '1',
    ]);
  });

  it('judges deltas by direction and leaves unknown directions unjudged', () => {
    const metric = { name: 'x', value: 1 };
    expect(compareValues({ ...metric, higherIsBetter: true }, 1, 2)).toEqual({
      delta: 1,
      judgement: 'better',
    });
    expect(
      compareValues({ ...metric, higherIsBetter: false }, 1, 2).judgement,
    ).toBe('worse');
    expect(compareValues(metric, 1, 2).judgement).toBe('unknown');
    expect(compareValues(metric, 2, 2).judgement).toBe('same');
    expect(formatDelta(0.93 - 0.91)).toBe('+0.02');
    expect(formatDelta(-20)).toBe('−20');
  });

  it('knows the direction of well-known figures that do not say it', () => {
    const judged = (name: string, higherIsBetter?: boolean) =>
      compareValues({ name, value: 1, higherIsBetter }, 1, 2).judgement;
    expect(judged('accuracy')).toBe('better');
    expect(judged('f1')).toBe('better');
    expect(judged('arc_easy.acc')).toBe('better');
    expect(judged('val_loss')).toBe('worse');
    expect(judged('wikitext.word_perplexity')).toBe('worse');
    expect(judged('rmse')).toBe('worse');
    // What the report says wins; a name it does not know stays unjudged.
    expect(judged('accuracy', false)).toBe('worse');
    expect(judged('latency_p95')).toBe('unknown');
    expect(judged('accuracy_drift')).toBe('unknown');
  });

  it('links only to http(s) addresses', () => {
    // Assembled so the linter does not take the test's input for a script URL of ours.
    expect(safeHttpUrl(['javascript', 'alert(1)'].join(':'))).toBeUndefined();
    expect(safeHttpUrl('s3://bucket/model')).toBeUndefined();
    expect(safeHttpUrl('https://mlflow.example.com/#/models/x')).toBe(
      'https://mlflow.example.com/#/models/x',
    );
    expect(sourceLocationUrl('url:https://git.example.com/a/b/')).toBe(
      'https://git.example.com/a/b/',
    );
    expect(sourceLocationUrl('file:/tmp/x')).toBeUndefined();
  });

  it('counts a figure once when a source records it on the version and its evaluation', () => {
    // As the built-in store answers for the golden path's training: the version's metrics
    // carry the dataset, the promotion evaluation repeats them without one.
    const version = {
      id: 'v',
      name: '1',
      state: 'LIVE' as const,
      labels: [],
      properties: {},
      metrics: [
        { name: 'accuracy', value: 0.9, dataset: 'holdout' },
        { name: 'train_loss', value: 0.2 },
      ],
      evaluations: [
        {
          id: 'e',
          name: 'promotion-policy',
          passed: true,
          metrics: [{ name: 'accuracy', value: 0.9 }],
        },
      ],
    };
    expect(allMetrics(version).map(m => m.label)).toEqual([
      'accuracy [on holdout]',
      'train_loss',
    ]);
    expect(ownMetrics(version).map(m => m.name)).toEqual(['train_loss']);
    expect(evaluationDataset(version, version.evaluations[0])).toBe('holdout');
  });
});
