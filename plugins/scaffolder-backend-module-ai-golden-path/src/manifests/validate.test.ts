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
import os from 'node:os';
import path from 'node:path';
import jsYaml from 'js-yaml';
import YAML from 'yaml';
import { formatProblem, ManifestSchemas } from './validate';

const repoRoot = path.resolve(__dirname, '../../../..');
const specsDir = path.resolve(repoRoot, '../shared/specs');
const samplesDir = path.join(specsDir, 'kfp/samples');

/*
 * The same checks hold for the schemas read from a specs directory and for the bundle that
 * ships with the module (the action's default): the bundle is a reduction, not a different
 * set of rules.
 */
describe.each([
  ['read from the specs directory', () => ManifestSchemas.load(specsDir)],
  ['bundled with the module', () => ManifestSchemas.bundled()],
])('ManifestSchemas %s', (_source, load) => {
  let schemas: ManifestSchemas;
  beforeAll(() => {
    schemas = load();
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
      schemas
        .validatePipelineSpec('p.yaml', documents)
        .map(formatProblem)
        .sort(),
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
        message: expect.stringMatching(
          /^no schema is known for example\.com\/v1 Widget/,
        ),
      },
    ]);
  });

  it('names the field inside a part of a CRD schema that repeats (KServe predictors)', () => {
    const inferenceService = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'm' },
      spec: {
        predictor: {
          minReplicas: 'two',
          containers: [
            {
              name: 'kserve-container',
              image: 'i',
              imagePullPolicyy: 'Always',
            },
          ],
          model: {
            modelFormat: { name: 'sklearn' },
            resources: { limits: { cpu: '1' } },
            env: [{ name: 'A', valueFrom: { secretKeyRef: { nam: 'x' } } }],
          },
        },
      },
    };
    expect(
      schemas
        .validateObject('isvc.yaml', 0, inferenceService)
        .map(formatProblem),
    ).toEqual(
      expect.arrayContaining([
        'isvc.yaml (document 0) spec.predictor.minReplicas: must be integer',
        'isvc.yaml (document 0) spec.predictor.containers[0].imagePullPolicyy: is not a field of this object',
        'isvc.yaml (document 0) spec.predictor.model.env[0].valueFrom.secretKeyRef.nam: is not a field of this object',
      ]),
    );
  });

  it('refuses a Tekton step without an image, as the Tekton webhook does', () => {
    const task = {
      apiVersion: 'tekton.dev/v1',
      kind: 'Task',
      metadata: { name: 't' },
      spec: {
        steps: [
          { name: 'ok', image: 'i' },
          { name: 'uses-a-step-action', ref: { name: 'git-clone' } },
          { name: 'broken', script: 'echo' },
        ],
      },
    };
    const pipeline = {
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: { name: 'p' },
      spec: {
        tasks: [
          { name: 'inline', taskSpec: { steps: [{ name: 's', script: 'x' }] } },
        ],
      },
    };
    expect(
      [
        ...schemas.validateObject('t.yaml', 0, task),
        ...schemas.validateObject('p.yaml', 1, pipeline),
      ].map(formatProblem),
    ).toEqual([
      't.yaml (document 0) spec.steps[2].image: is required (Tekton refuses a step without an image unless it refers to a StepAction)',
      'p.yaml (document 1) spec.tasks[0].taskSpec.steps[0].image: is required (Tekton refuses a step without an image unless it refers to a StepAction)',
    ]);
  });
});

describe('ManifestSchemas.bundled', () => {
  it('covers every kind the golden-path manifest sets use', () => {
    const schemas = ManifestSchemas.bundled();
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['tekton.dev/v1', 'Task'],
      ['tekton.dev/v1', 'PipelineRun'],
      ['triggers.tekton.dev/v1beta1', 'EventListener'],
      ['argoproj.io/v1alpha1', 'Application'],
      ['serving.kserve.io/v1beta1', 'InferenceService'],
      ['image.openshift.io/v1', 'ImageStream'],
      [
        'datasciencepipelinesapplications.opendatahub.io/v1',
        'DataSciencePipelinesApplication',
      ],
      ['pipelines.kubeflow.org/v2beta1', 'PipelineVersion'],
      ['kubeflow.org/v1beta1', 'ScheduledWorkflow'],
      ['monitoring.coreos.com/v1', 'ServiceMonitor'],
    ]) {
      expect(`${apiVersion} ${kind} ${schemas.knows(apiVersion, kind)}`).toBe(
        `${apiVersion} ${kind} true`,
      );
    }
  });

  it('tells how to go on when asked about a kind it does not bundle', () => {
    const [problem] = ManifestSchemas.bundled().validateObject('x.yaml', 0, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'x' },
    });
    expect(problem.message).toMatch(
      /no schema is known for keda\.sh\/v1alpha1 ScaledObject: .*aiGoldenPath\.manifests\.schemaDirectory/,
    );
  });

  it('fails with what to do when the bundle is missing, rather than skipping the check', () => {
    const missing = path.join(
      os.tmpdir(),
      'no-such-dir',
      'manifest-schemas.json.gz',
    );
    expect(() => ManifestSchemas.bundled(missing)).toThrow(
      /cannot be read from .*no-such-dir.*schemaDirectory.*schemaValidation: false/,
    );
  });
});
