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

import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import YAML from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Render the skeleton next to the template into the workspace root',
    example: YAML.stringify({
      steps: [
        {
          id: 'render',
          action: 'ai-golden-path:skeleton:render',
          name: 'Render the model project',
          input: {
            url: './skeleton',
            values: {
              name: '${{ parameters.name }}',
              owner: '${{ parameters.owner }}',
              description: '${{ parameters.description }}',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Render the skeleton at the top level of the repository that holds the template (a leading / is the repository root)',
    example: YAML.stringify({
      steps: [
        {
          id: 'render',
          action: 'ai-golden-path:skeleton:render',
          name: 'Render the model project',
          input: {
            url: '/skeleton',
            values: {
              name: '${{ parameters.name }}',
              owner: '${{ parameters.owner }}',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Render a skeleton from a repository into a subdirectory of the workspace',
    example: YAML.stringify({
      steps: [
        {
          id: 'render-docs',
          action: 'ai-golden-path:skeleton:render',
          name: 'Render the docs skeleton',
          input: {
            url: 'https://github.com/my-org/golden-paths/tree/main/skeletons/docs',
            targetPath: 'docs',
            values: { name: '${{ parameters.name }}' },
          },
        },
      ],
    }),
  },
];
