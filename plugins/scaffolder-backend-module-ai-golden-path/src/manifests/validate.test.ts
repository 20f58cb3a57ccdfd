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

import fs from 'node:fs';
import path from 'node:path';
import jsYaml from 'js-yaml';
import YAML from 'yaml';
import { formatProblem, ManifestSchemas } from './validate';

const repoRoot = path.resolve(__dirname, '../../../..');
const specsDir = path.resolve(repoRoot, '../shared/specs');
const samplesDir = path.join(specsDir, 'kfp/samples');

describe('ManifestSchemas', () => {
  let schemas: ManifestSchemas;
  beforeAll(() => {
    schemas = ManifestSchemas.load(specsDir);
  }, 120_000);

  it.each(fs.readdirSync(samplesDir))(
    'accepts the compiler output %s',
    sample => {
      // js-yaml, like the PyYAML that wrote them: one sample indents its folded strings in a
      // way the stricter yaml library refuses.
      const documents = jsYaml.loadAll(
        fs.readFileSync(path.join(samplesDir, sample), 'utf8'),
      );
      expect(
        schemas.validatePipelineSpec(sample, documents).map(formatProblem),
      ).toEqual([]);
    },
  );

  it('names an unknown field of a pipeline spec with its path', () => {
    const documents = YAML.parseAllDocuments(
      fs.readFileSync(path.join(samplesDir, 'hello_world.yaml'), 'utf8'),
    ).map(d => d.toJS());
    documents[0].root.dag.tasks.echo.retryPolicy = { maxRetries: 3 }; // it is maxRetryCount
    documents[0].deploymentSpec.executors[
      'exec-echo'
    ].container.imagePullPolicy = 'Always';
    expect(
      schemas.validatePipelineSpec('p.yaml', documents).map(formatProblem).sort(),
    ).toEqual([
      'p.yaml (document 0) deploymentSpec.executors.exec-echo.container.imagePullPolicy: is not a field of ml_pipelines.PipelineDeploymentConfig.PipelineContainerSpec',
      'p.yaml (document 0) root.dag.tasks.echo.retryPolicy.maxRetries: is not a field of ml_pipelines.PipelineTaskSpec.RetryPolicy',
    ]);
  });

  it('checks core objects against the Kubernetes OpenAPI, closed and typed', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', labelz: {} },
      spec: {
        replicas: '3',
        selector: { matchLabels: { a: 'b' } },
        template: {
          spec: {
            containers: [
              {
                name: 'c',
                image: 'i',
                ports: [{ containerPort: 8080, protocl: 'TCP' }],
              },
            ],
          },
        },
      },
    };
    expect(
      schemas.validateObject('d.yaml', 2, deployment).map(formatProblem),
    ).toEqual(
      expect.arrayContaining([
        'd.yaml (document 2) spec.replicas: must be integer',
        'd.yaml (document 2) spec.template.spec.containers[0].ports[0].protocl: is not a field of this object',
        'd.yaml (document 2) metadata.labelz: is not a field of this object',
      ]),
    );
  });

  it('refuses a kind it has no schema for rather than passing it unchecked', () => {
    expect(
      schemas.validateObject('x.yaml', 0, {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
      }),
    ).toEqual([
      {
        file: 'x.yaml',
        document: 0,
        field: '',
        message: 'no schema is known for example.com/v1 Widget',
      },
    ]);
  });
});
