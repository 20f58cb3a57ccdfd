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
      'Generate the delivery manifests next to the rendered model project',
    example: YAML.stringify({
      steps: [
        {
          id: 'manifests',
          action: 'ai-golden-path:manifests:generate',
          name: 'Generate CI/CD and deployment manifests',
          input: {
            url: './manifests',
            values: {
              name: '${{ parameters.name }}',
              description: '${{ parameters.description }}',
              owner: '${{ parameters.owner }}',
              framework: 'sklearn',
              servingMode: 'embedded',
              externalProtocol: 'kserve-v2',
              registry: 'model-registry',
              namespaces: { dev: 'models-dev', prod: 'models-prod' },
              trainingSchedule: '0 3 * * 1',
              evaluation: { metric: 'accuracy', threshold: 0.8 },
              gitUrl: 'https://github.com/my-org/fraud-detector.git',
              imageRegistry: 'quay.io/my-org',
              argocdNamespace: 'openshift-gitops',
              triggers: false,
              modelVersion: '0.1.0',
              pipelineStorage: {
                host: 's3.openshift-storage.svc',
                bucket: 'fraud-detector-pipelines',
                region: 'us-east-1',
                secretName: 'fraud-detector-pipelines-s3',
              },
            },
          },
        },
      ],
    }),
  },
];
