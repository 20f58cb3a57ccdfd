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
    description:
      'Create the two namespaces and the generated Argo CD objects on a configured cluster',
    example: YAML.stringify({
      steps: [
        {
          id: 'bootstrap',
          action: 'ai-golden-path:cluster:bootstrap',
          name: 'Set up the cluster',
          input: {
            cluster: 'dev-cluster',
            namespaces: ['models-dev', 'models-prod'],
            manifests: [
              'gitops/argocd/appproject.yaml',
              'gitops/argocd/application-dev.yaml',
              'gitops/argocd/application-prod.yaml',
            ],
          },
        },
      ],
    }),
  },
];
