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

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchemaBundle, kindsInText } from './schemaBundle';
import { bundledSchemasFile, readSchemaBundle } from './validate';

const repoRoot = path.resolve(__dirname, '../../../..');
const specsDir = path.resolve(repoRoot, '../shared/specs');
const haveSpecs = fs.existsSync(path.join(specsDir, 'kubernetes'));
const REGENERATE =
  'bash scripts/toolchain.sh node --import tsx scripts/bundle-manifest-schemas.ts';

describe('the schema bundle of the module', () => {
  const file = bundledSchemasFile();

  it('is small enough to commit and publish', () => {
    expect(fs.statSync(file).size).toBeLessThan(512 * 1024);
  });

  it('records where every schema comes from', () => {
    const bundle = readSchemaBundle(file);
    expect(bundle.sources.length).toBeGreaterThan(10);
    for (const source of bundle.sources) {
      expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(source.origin).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(bundle.sources.map(s => s.file)).toEqual(
      expect.arrayContaining([
        'kubernetes/kubernetes-v1.34-swagger.json',
        'tekton-pipelines/300-task.yaml',
        'argocd/application-crd.yaml',
        'kfp/proto/pipeline_spec.proto',
      ]),
    );
  });

  if (!haveSpecs) {
    // Nothing to compare with: say so in the test's name rather than pass silently.
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`is what scripts/bundle-manifest-schemas.ts makes today (skipped: ${specsDir} is absent)`, () => {});
    return;
  }
  it('is what scripts/bundle-manifest-schemas.ts makes from ../shared/specs and templates/ today', () => {
    const committed = readSchemaBundle(file);
    const { bundle } = buildSchemaBundle({
      specsDir,
      templatesDir: path.join(repoRoot, 'templates'),
    });
    // Compared part by part, so that a failure says what changed and what to run rather
    // than printing a megabyte of JSON.
    const digest = (value: unknown) =>
      crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
    const names = (a: object, b: object) =>
      [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    const stale: string[] = [];
    for (const kind of bundle.kinds) {
      if (!committed.kinds.includes(kind))
        stale.push(`kind ${kind} is missing`);
    }
    for (const kind of committed.kinds) {
      if (!bundle.kinds.includes(kind))
        stale.push(`kind ${kind} is no longer used`);
    }
    const bySource = (list: typeof bundle.sources) =>
      Object.fromEntries(list.map(source => [source.file, digest(source)]));
    const [now, then] = [bySource(bundle.sources), bySource(committed.sources)];
    for (const name of names(now, then)) {
      if (now[name] !== then[name]) stale.push(`source ${name} changed`);
    }
    for (const name of names(bundle.files, committed.files)) {
      if (digest(bundle.files[name]) !== digest(committed.files[name])) {
        stale.push(`schemas of ${name} differ`);
      }
    }
    expect(
      stale.map(
        what => `${what}: the bundle is out of date, run ${REGENERATE}`,
      ),
    ).toEqual([]);
  }, 120_000);
});

describe('kindsInText', () => {
  it('pairs apiVersion and kind of the same mapping, wherever it is', () => {
    const text = [
      '# a comment: apiVersion: not/this',
      'apiVersion: tekton.dev/v1',
      '{{#if triggers}}',
      'kind: Task',
      'metadata:',
      '  name: {{name}}',
      '---',
      'apiVersion: triggers.tekton.dev/v1beta1',
      'kind: TriggerTemplate',
      'spec:',
      '  resourcetemplates:',
      '    - apiVersion: tekton.dev/v1',
      '      kind: PipelineRun',
      '      metadata: {}',
      '    - kind: ConfigMap',
      '      apiVersion: v1',
      '  scaleTargetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '  script: |',
      '    {',
      '      "apiVersion": "serving.kserve.io/v1beta1",',
      '      "kind": "InferenceService"',
      '    }',
      '---',
      'apiVersion: {{apiVersion}}',
      'kind: Templated',
      '---',
      'roleRef:',
      '  kind: ClusterRole',
      '  apiGroup: rbac.authorization.k8s.io',
    ].join('\n');
    expect(kindsInText(text).sort()).toEqual([
      'apps/v1/Deployment',
      'serving.kserve.io/v1beta1/InferenceService',
      'tekton.dev/v1/PipelineRun',
      'tekton.dev/v1/Task',
      'triggers.tekton.dev/v1beta1/TriggerTemplate',
      'v1/ConfigMap',
    ]);
  });
});
