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
  DryRunBackend,
  DryRunError,
  failedStep,
  startDryRunBackend,
} from '@ai-golden-path/template-cli';
import YAML from 'yaml';
import { decodeFiles, goldenPathTemplate, goldenPathValues } from '../goldenPath';

/**
 * The golden-path template run through the real scaffolder's dry-run API, as the
 * render-template command and the template editor do.
 */
describe('golden-path template, dry run through the scaffolder', () => {
  let backend: DryRunBackend;

  beforeAll(async () => {
    backend = await startDryRunBackend();
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('renders the model project and says where it would publish', async () => {
    const result = await backend.dryRun({
      templateFile: goldenPathTemplate,
      values: goldenPathValues(),
    });
    expect(failedStep(result)).toBeUndefined();
    const files = decodeFiles(result.directoryContents);

    const catalogInfo = YAML.parse(files.get('catalog-info.yaml')!);
    expect(catalogInfo.kind).toBe('Component');
    expect(catalogInfo.metadata.name).toBe('fraud-detector');
    expect(catalogInfo.metadata.description).toBe('Flags card payments that look like fraud');
    expect(catalogInfo.spec.owner).toBe('group:default/ml-engineers');
    expect(catalogInfo.spec.system).toBe('system:default/ai-models');
    expect(files.get('common/__init__.py')).toMatch(/__version__ = "0\.1\.0"/);
    for (const dir of ['training/', 'serving/', 'common/', 'tests/']) {
      expect([...files.keys()].some(file => file.startsWith(dir))).toBe(true);
    }
    expect([...files.keys()].some(file => file.endsWith('.hbs'))).toBe(false);
    expect(files.has('.skeleton.yaml')).toBe(false);

    const steps = result.log.filter(e => e.body.status === 'completed').map(e => e.body.stepId);
    expect(steps).toEqual(expect.arrayContaining(['render', 'publish-local']));
    const links = (result.output as { links: { title: string; url?: string }[] }).links;
    expect(links.find(link => link.title === 'Repository')?.url).toMatch(
      /^file:\/\/.*\/fraud-detector$/,
    );
  });

  it('writes free text into YAML and Python exactly as typed, never as syntax', async () => {
    const description =
      'Risk: "high" \u2014 {{ parameters.name }} ${{ steps }} # not a comment\n- item: [1, {a: b}]';
    const result = await backend.dryRun({
      templateFile: goldenPathTemplate,
      values: goldenPathValues({ description }),
    });
    expect(failedStep(result)).toBeUndefined();
    const files = decodeFiles(result.directoryContents);
    const catalogInfo = YAML.parse(files.get('catalog-info.yaml')!);
    expect(catalogInfo.metadata.description).toBe(description);
    expect(catalogInfo.metadata.name).toBe('fraud-detector');
  });

  it('publishes locally even when the form kept a repository location from another target', async () => {
    // The RepoUrlPicker fills repoUrl as soon as its page shows; switching the target to the
    // local directory afterwards leaves that value in the answers.
    const result = await backend.dryRun({
      templateFile: goldenPathTemplate,
      values: goldenPathValues({ publishTarget: 'local', repoUrl: 'github.com?' }),
    });
    expect(failedStep(result)).toBeUndefined();
    const catalogInfo = YAML.parse(decodeFiles(result.directoryContents).get('catalog-info.yaml')!);
    expect(catalogInfo.metadata.annotations['github.com/project-slug']).toBeUndefined();
  });

  it('publishes to GitHub with the built-in action', async () => {
    const result = await backend.dryRun({
      templateFile: goldenPathTemplate,
      values: goldenPathValues({
        publishTarget: 'github',
        repoUrl: 'github.com?owner=my-org&repo=fraud-detector',
      }),
    });
    expect(failedStep(result)).toBeUndefined();
    const skipped = result.log
      .filter(e => /Skipping step/.test(e.body.message))
      .map(e => e.body.stepId);
    expect(skipped).toEqual(expect.arrayContaining(['publish-gitlab', 'publish-local']));
    expect(skipped).not.toContain('publish-github');
    const catalogInfo = YAML.parse(decodeFiles(result.directoryContents).get('catalog-info.yaml')!);
    expect(catalogInfo.metadata.annotations['github.com/project-slug']).toBe('my-org/fraud-detector');
  });

  describe('refuses bad names with an error naming the field', () => {
    it.each([
      ['too long', 'a'.repeat(41)],
      ['upper-case', 'FraudDetector'],
      ['a path', '../fraud'],
      ['quotes', 'fraud"detector'],
      ['a newline', 'fraud\ndetector'],
      ['YAML syntax', 'fraud: {a: b}'],
      ['Handlebars syntax', '{{name}}'],
      ['unicode', 'fraud-d\u00e9tecteur'],
      ['a trailing dash', 'fraud-'],
    ])('%s', async (_, name) => {
      const error = await backend
        .dryRun({ templateFile: goldenPathTemplate, values: goldenPathValues({ name }) })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DryRunError);
      expect((error as DryRunError).status).toBe(400);
      expect((error as DryRunError).message).toMatch(/instance\.name /);
    });
  });

  it.each([
    ['devNamespace', 'Models_Dev'],
    ['trainingSchedule', 'every day'],
    ['evaluationThreshold', 1.5],
    ['framework', 'tensorflow'],
  ])('refuses a bad %s with an error naming it', async (field, value) => {
    const error = await backend
      .dryRun({ templateFile: goldenPathTemplate, values: goldenPathValues({ [field]: value }) })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as DryRunError).status).toBe(400);
    expect((error as DryRunError).message).toContain(`instance.${field} `);
  });
});
