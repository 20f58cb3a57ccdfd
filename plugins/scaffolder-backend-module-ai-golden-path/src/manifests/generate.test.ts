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
import YAML from 'yaml';
import { generateManifests } from './generate';
import { ManifestSchemas } from './validate';
import { manifestValues as values } from './testValues';

const repoRoot = path.resolve(__dirname, '../../../..');
const manifestSet = path.join(repoRoot, 'templates/ai-golden-path/manifests');
const specsDir = path.resolve(repoRoot, '../shared/specs');

const asText = (files: { path: string; content: Buffer }[]) =>
  new Map(files.map(file => [file.path, file.content.toString('utf8')]));

/** A copy of the manifest set that a test may edit, as a platform team would. */
function editableCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
  fs.cpSync(manifestSet, dir, { recursive: true });
  return dir;
}

describe('generateManifests', () => {
  let schemas: ManifestSchemas;
  beforeAll(() => {
    schemas = ManifestSchemas.load(specsDir);
  });

  it('writes free text as string values, never as YAML syntax', async () => {
    const description =
      'Risk: "high" # not a comment\n- item: [1, {a: b}]\n{{ name }} \\{{x}} \'quoted\'';
    const files = asText(
      await generateManifests({
        sourceDir: manifestSet,
        values: values({ description }),
        schemas,
      }),
    );
    const deployment = YAML.parse(files.get('deploy/base/deployment.yaml')!);
    expect(deployment.metadata.annotations.description).toBe(description);
    const project = YAML.parse(files.get('gitops/argocd/appproject.yaml')!);
    expect(project.spec.description).toBe(description);
    expect(project.metadata.name).toBe('fraud-detector');
  }, 120_000);

  it('makes production run several replicas of the release image and dev follow latest', async () => {
    const files = asText(
      await generateManifests({ sourceDir: manifestSet, values: values() }),
    );
    const prod = YAML.parse(
      files.get('deploy/overlays/prod/kustomization.yaml')!,
    );
    expect(prod.images).toEqual([
      {
        name: 'serving',
        newName: 'quay.io/my-org/fraud-detector-serving',
        newTag: 'v0.1.0',
      },
    ]);
    const scale = YAML.parseAllDocuments(
      files.get('deploy/overlays/prod/scale.yaml')!,
    ).map(d => d.toJS());
    expect(scale[0].spec.replicas).toBeGreaterThan(1);
    const dev = YAML.parse(
      files.get('deploy/overlays/dev/kustomization.yaml')!,
    );
    expect(dev.images[0].newTag).toBe('latest');
    const trigger = YAML.parse(
      files.get('deploy/overlays/dev/image-trigger.yaml')!,
    );
    expect(
      JSON.parse(trigger.metadata.annotations['image.openshift.io/triggers'])[0]
        .from.name,
    ).toBe('fraud-detector-serving:latest');
  });

  it('leaves out KServe for embedded serving and Tekton Triggers unless asked', async () => {
    const files = asText(
      await generateManifests({
        sourceDir: manifestSet,
        values: values({ servingMode: 'embedded', triggers: false }),
      }),
    );
    expect(files.has('deploy/base/inferenceservice.yaml')).toBe(false);
    expect(
      YAML.parse(files.get('deploy/base/kustomization.yaml')!).resources,
    ).not.toContain('inferenceservice.yaml');
    expect(
      [...files.keys()].some(file => file.startsWith('deploy/triggers/')),
    ).toBe(false);
    expect(files.has('.golden-path/pipelines.yaml')).toBe(false);
  });

  it('schedules training with the seconds field KFP expects', async () => {
    const files = asText(
      await generateManifests({ sourceDir: manifestSet, values: values() }),
    );
    const schedule = YAML.parse(
      files.get('deploy/pipelines/training-schedule.yaml')!,
    );
    expect(schedule.spec.trigger.cronSchedule.cron).toBe('0 0 3 * * 1');
    const compiled = YAML.parseAllDocuments(
      files.get('pipelines/compiled/training.yaml')!,
    ).map(d => d.toJS());
    const executors = compiled[0].deploymentSpec.executors;
    expect(executors['exec-train'].container.command).toEqual([
      'python',
      '-m',
      'training.train',
    ]);
    expect(executors['exec-evaluate'].container.command).toEqual([
      'python',
      '-m',
      'training.evaluate',
    ]);
    expect(executors['exec-train'].container.image).toBe(
      'quay.io/my-org/fraud-detector-training:latest',
    );
  });

  it('names the file, document and field when an edited manifest breaks its schema', async () => {
    const dir = editableCopy();
    const file = path.join(dir, 'deploy/base/hpa.yaml.hbs');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('maxReplicas: 3', 'maxReplicas: three'),
    );
    await expect(
      generateManifests({ sourceDir: dir, values: values(), schemas }),
    ).rejects.toThrow(
      /deploy\/base\/hpa\.yaml \(document 0\) spec\.maxReplicas: must be integer/,
    );
  }, 120_000);

  it('refuses an unknown field where the schema is closed', async () => {
    const dir = editableCopy();
    // The folder exists only when the repository has a git URL Argo CD can read.
    const file = path.join(
      dir,
      'gitops/{{only gitUrl}}argocd/application-dev.yaml.hbs',
    );
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('    targetRevision: main', '    targetRevison: main'),
    );
    await expect(
      generateManifests({ sourceDir: dir, values: values(), schemas }),
    ).rejects.toThrow(
      /gitops\/argocd\/application-dev\.yaml \(document 0\) spec\.source\.targetRevison: is not a field/,
    );
  }, 120_000);

  it('catches a kustomization that lists a missing file, even without schemas', async () => {
    const dir = editableCopy();
    fs.rmSync(path.join(dir, 'deploy/base/pdb.yaml.hbs'));
    await expect(
      generateManifests({ sourceDir: dir, values: values() }),
    ).rejects.toThrow(
      /deploy\/base\/kustomization\.yaml \(document 0\) resources\[5\]: refers to "pdb\.yaml"/,
    );
  });

  it('refuses values the manifest set does not accept, naming the field', async () => {
    await expect(
      generateManifests({
        sourceDir: manifestSet,
        values: values({ gitUrl: 'git@github.com:x/y.git' }),
      }),
    ).rejects.toThrow(/values\.gitUrl/);
  });
});
