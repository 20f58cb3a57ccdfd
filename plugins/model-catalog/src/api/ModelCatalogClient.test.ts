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

import { ResponseError } from '@backstage/errors';
import { makeResponse } from '../__testUtils__/fixtures';
import { clientAnswering, jsonResponse } from '../__testUtils__/http';

const ref = { kind: 'Component', namespace: 'default', name: 'fraud-detector' };

describe('ModelCatalogClient', () => {
  it('asks the backend for the entity and returns the validated answer', async () => {
    const { client, fetch } = clientAnswering(jsonResponse(makeResponse()));
    const answer = await client.getEntityModel(ref);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/model-catalog/entities/component/default/fraud-detector/model',
    );
    expect(answer.versions.map(v => v.name)).toEqual(['1', '2', '3']);
  });

  it('asks for only the latest versions when told to', async () => {
    const { client, fetch } = clientAnswering(jsonResponse(makeResponse()));
    await client.getEntityModel(ref, { latestVersions: 5 });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/model-catalog/entities/component/default/fraud-detector/model?latestVersions=5',
    );
  });

  it('keeps each part of the entity reference one path segment', async () => {
    const { client, fetch } = clientAnswering(jsonResponse(makeResponse()));
    await client.getEntityModel({ ...ref, name: '../registries' });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/model-catalog/entities/component/default/..%2Fregistries/model',
    );
  });

  it('rejects an answer that does not match the schema with a clear error', async () => {
    const bad = { ...makeResponse(), versions: [{ name: 3 }] };
    const { client } = clientAnswering(jsonResponse(bad));
    await expect(client.getEntityModel(ref)).rejects.toThrow(
      /answered in an unexpected format \(versions\.0\.id: .*are the frontend and backend plugins the same version\?/,
    );
  });

  it('turns an HTTP error into a ResponseError carrying the status', async () => {
    const { client } = clientAnswering(
      jsonResponse(
        {
          error: {
            name: 'NotFoundError',
            message: 'No entity component:default/x',
          },
          request: {
            method: 'GET',
            url: '/entities/component/default/x/model',
          },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await client.getEntityModel(ref).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
  });
});
