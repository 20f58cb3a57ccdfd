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
  failedStep,
  startDryRunBackend,
  writeDirectoryContents,
} from '@ai-golden-path/template-cli';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeKubeflowModelRegistry } from '../fakes/kubeflowModelRegistry';
import { FakeMlflowTrackingServer } from '../fakes/mlflowRegistry';
import { FakeS3Server } from '../fakes/s3';
import { goldenPathTemplate, goldenPathValues, repoRoot } from '../goldenPath';
import { runCommand as run } from './runCommand';

/**
 * The generated project's registry clients (common/registry/) against fakes that check every
 * request and answer against the real API specs (../shared/specs): the project's own training
 * (`python -m training.train`: upload of the model files, run, metrics, registration) and
 * evaluation job (`python -m training.evaluate`: champion lookup, download and load of the
 * candidate's files, decision, promotion) run unchanged, pointed at the fakes with the
 * environment variables the pipeline sets. The model files go to a fake S3 server that checks
 * each request against the S3 API model botocore ships (test/src/fakes/s3.ts), and serving's
 * model lookup loads the champion back from there. The project's own pytest uses quick
 * in-process fakes; this test is what keeps those honest.
 */
const venvScript = path.join(repoRoot, 'test/generated-project/venv.sh');

/** The object storage the pipeline steps get (OpenShift AI data connection keys). */
const storage = {
  bucket: 'ml-artifacts',
  accessKeyId: 'AKIDGOLDENPATH',
  secretAccessKey: 'fake-secret-for-tests',
  region: 'eu-west-1',
};

/** botocore's S3 API model, from the project's venv. */
function s3ServiceModel(venv: string): string {
  const lib = path.join(venv, 'lib');
  const python = fs.readdirSync(lib).find(entry => entry.startsWith('python3'));
  return path.join(
    lib,
    python!,
    'site-packages/botocore/data/s3/2006-03-01/service-2.json.gz',
  );
}


describe('generated project registry clients against spec-checked fakes', () => {
  let backend: DryRunBackend;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-clients-'));
  // Started with the first venv (it reads the S3 model from there).
  let s3: FakeS3Server | undefined;
  let s3Url = '';

  beforeAll(async () => {
    backend = await startDryRunBackend();
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await s3?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** Renders a sklearn project for the registry and builds (or reuses) its venv. */
  async function renderProject(name: string, registry: string) {
    const result = await backend.dryRun({
      templateFile: goldenPathTemplate,
      values: goldenPathValues({
        name,
        registry,
        framework: 'sklearn',
        servingMode: 'embedded',
      }),
    });
    expect(failedStep(result)).toBeUndefined();
    const projectDir = path.join(workDir, name);
    writeDirectoryContents(result, projectDir);
    const venv = await run('bash', [venvScript, projectDir], {
      cwd: projectDir,
    });
    expect({ code: venv.code, output: venv.code ? venv.output : '' }).toEqual({
      code: 0,
      output: '',
    });
    // venv.sh prints the venv's directory on stdout; its build log (a cold build) goes to stderr.
    const venvDir = venv.stdout.trim().split('\n').pop()!;
    const python = path.join(venvDir, 'bin/python');
    if (!s3) {
      s3 = new FakeS3Server({
        serviceModel: s3ServiceModel(venvDir),
        buckets: [storage.bucket],
        accessKeyId: storage.accessKeyId,
        secretAccessKey: storage.secretAccessKey,
        region: storage.region,
        // A version has five files: the download has to follow continuation tokens.
        pageSize: 2,
      });
      s3Url = await s3.start();
    }
    const scratch = path.join(workDir, `${name}-run`);
    fs.mkdirSync(scratch, { recursive: true });
    const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: scratch,
      PYTHONPATH: projectDir,
      PYTHONDONTWRITEBYTECODE: '1',
      ARTIFACTS_DIR: path.join(scratch, 'artifacts'),
      GIT_COMMIT: '0123456789abcdef0123456789abcdef01234567',
      MODEL_AUTHOR: 'ci',
      // What the pipeline sets: the registry secret, the object storage (its Secret's keys and
      // the endpoint, region and bucket) and where training uploads the model files.
      MODEL_ARTIFACT_BASE_URI: `s3://${storage.bucket}/models`,
      AWS_S3_ENDPOINT: s3Url,
      AWS_ACCESS_KEY_ID: storage.accessKeyId,
      AWS_SECRET_ACCESS_KEY: storage.secretAccessKey,
      AWS_DEFAULT_REGION: storage.region,
      MODEL_CACHE_DIR: path.join(scratch, 'model-cache'),
      MODEL_REGISTRY_TOKEN: 't0ken',
      ...extra,
    });
    const python3 = (module: string, extra: Record<string, string>) =>
      run(python, ['-m', module], { cwd: projectDir, env: env(extra) });
    /** What the serving container does first: find the champion and load it. */
    const serve = (extra: Record<string, string>) =>
      run(
        python,
        [
          '-c',
          [
            'from common.model import Model',
            'from serving.artifacts import locate',
            'path, version = locate(None, None)',
            'model = Model.load(path)',
            'print(version, model.version, path)',
          ].join('\n'),
        ],
        { cwd: projectDir, env: env(extra) },
      );
    return { projectDir, scratch, python: python3, serve };
  }

  /** The files of a model version in the fake object storage. */
  const storedFiles = (name: string, version: string) =>
    s3!
      .keys(storage.bucket)
      .filter(key => key.startsWith(`models/${name}/${version}/`))
      .map(key => key.slice(`models/${name}/${version}/`.length));
  const modelFiles = [
    'metrics.json',
    'model.joblib',
    'model.json',
    'preprocessor.json',
    'reference.json',
  ];

  describe('MLflow (REST API 2.0, checked against MLflow 3.9 protos)', () => {
    const fake = new FakeMlflowTrackingServer();
    let url: string;

    beforeAll(async () => {
      fake.token = 't0ken';
      url = await fake.start();
    });
    afterAll(() => fake.stop());

    it('training registers a run and a version; evaluation finds the champion and promotes', async () => {
      const name = 'churn-mlflow-clients';
      const { scratch, python, serve } = await renderProject(name, 'mlflow');
      const env = { MODEL_REGISTRY_URL: url };

      // First training: experiment, run with metrics and lineage params, registered model, version 1.
      const train1 = await python('training.train', {
        ...env,
        MODEL_BUILD_ID: '1',
      });
      expect({
        code: train1.code,
        violations: fake.violations,
        // The project's own output, shown only when it failed.
        output: train1.code === 0 ? '' : train1.output,
      }).toEqual({ code: 0, violations: [], output: '' });
      expect(train1.output).toContain(
        `registered ${name} version 0.1.0+1 (mlflow)`,
      );
      expect([...fake.experiments.keys()]).toEqual([name]);
      const [run1] = [...fake.runs.values()];
      expect(run1.info.status).toBe('FINISHED');
      expect(run1.data.metrics.map(m => m.key)).toEqual(
        expect.arrayContaining(['f1', 'accuracy', 'roc_auc']),
      );
      expect(run1.data.params).toEqual(
        expect.arrayContaining([
          {
            key: 'git_commit',
            value: '0123456789abcdef0123456789abcdef01234567',
          },
        ]),
      );
      expect(fake.versions).toHaveLength(1);
      expect(fake.versions[0]).toMatchObject({
        name,
        version: '1',
        source: `s3://${storage.bucket}/models/${name}/0.1.0+1`,
        run_id: run1.info.run_id,
      });
      // The files went to object storage before MLflow recorded where they are.
      expect(storedFiles(name, '0.1.0+1')).toEqual(modelFiles);
      expect(s3!.violations).toEqual([]);
      expect(fake.versionTags(fake.versions[0])).toMatchObject({
        model_version: '0.1.0+1',
        framework: 'sklearn',
      });

      // First evaluation: no champion alias yet (MLflow answers 400 for an unset alias) -> promote.
      const evaluate1 = await python('training.evaluate', env);
      expect({
        code: evaluate1.code,
        violations: fake.violations,
        // The project's own output, shown only when it failed.
        output: evaluate1.code === 0 ? '' : evaluate1.output,
      }).toEqual({ code: 0, violations: [], output: '' });
      expect(evaluate1.output).toContain(
        'decision: promote (candidate 0.1.0+1, champion None)',
      );
      // The evaluation pod has none of the training pod's files: it loads the candidate from S3.
      expect(evaluate1.output).toContain(
        `PASS artifact: loads from s3://${storage.bucket}/models/${name}/0.1.0+1 and scores 5 rows`,
      );
      expect(fake.aliases.get(name)).toEqual(new Map([['champion', '1']]));
      expect(fake.versionTags(fake.versions[0])).toMatchObject({
        'evaluation.decision': 'promote',
        'evaluation.champion': '',
      });

      // Second training and evaluation: the champion is looked up by alias and its run's metrics
      // are compared; the same data gives the same metrics, which the policy lets through.
      const train2 = await python('training.train', {
        ...env,
        MODEL_BUILD_ID: '2',
      });
      expect({
        code: train2.code,
        violations: fake.violations,
        // The project's own output, shown only when it failed.
        output: train2.code === 0 ? '' : train2.output,
      }).toEqual({ code: 0, violations: [], output: '' });
      expect(fake.experiments.size).toBe(1);
      expect(fake.versions.map(v => v.version)).toEqual(['1', '2']);
      const evaluate2 = await python('training.evaluate', env);
      expect({
        code: evaluate2.code,
        violations: fake.violations,
        // The project's own output, shown only when it failed.
        output: evaluate2.code === 0 ? '' : evaluate2.output,
      }).toEqual({ code: 0, violations: [], output: '' });
      expect(evaluate2.output).toContain(
        'decision: promote (candidate 0.1.0+2, champion 0.1.0+1)',
      );
      const report = JSON.parse(
        fs.readFileSync(
          path.join(scratch, 'artifacts/evaluation.json'),
          'utf8',
        ),
      );
      expect(report.champion_metrics).toEqual(report.metrics);
      expect(fake.aliases.get(name)?.get('champion')).toBe('2');
      expect(fake.versionTags(fake.versions[1])).toMatchObject({
        'evaluation.champion': '0.1.0+1',
      });

      // Serving finds the champion through MLflow's alias and loads it from object storage.
      const served = await serve(env);
      expect({ code: served.code, output: served.output }).toEqual({
        code: 0,
        output: expect.stringMatching(
          new RegExp(
            `^0\\.1\\.0\\+2 0\\.1\\.0 ${scratch}/model-cache/[0-9a-f]{32}\\n$`,
          ),
        ),
      });
      expect(s3!.violations).toEqual([]);
      expect(new Set(s3!.requests.map(r => r.operation))).toEqual(
        new Set(['PutObject', 'ListObjectsV2', 'GetObject']),
      );

      // Every endpoint the client used exists in MLflow's protos with that method.
      expect(
        new Set(
          fake.requests.map(
            r => `${r.method} ${r.path.replace('/api/2.0/mlflow/', '')}`,
          ),
        ),
      ).toEqual(
        new Set([
          'GET experiments/get-by-name',
          'POST experiments/create',
          'POST registered-models/create',
          'GET model-versions/search',
          'POST runs/create',
          'POST runs/log-batch',
          'POST runs/update',
          'POST model-versions/create',
          'GET runs/get',
          'GET registered-models/alias',
          'POST registered-models/alias',
          'POST model-versions/set-tag',
        ]),
      );
    }, 600_000);

    it('without MODEL_ARTIFACT_BASE_URI the client says so before MLflow refuses a local source', async () => {
      const name = 'churn-mlflow-local-source';
      const { python } = await renderProject(name, 'mlflow');
      const result = await python('training.train', {
        MODEL_REGISTRY_URL: url,
        MODEL_ARTIFACT_BASE_URI: '',
      });
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('MODEL_ARTIFACT_BASE_URI');
      expect(fake.versions.filter(v => v.name === name)).toEqual([]);
      expect(fake.violations).toEqual([]);

      // An s3:// base URI without the storage's variables: stopped before anything is registered.
      const unconfigured = await python('training.train', {
        MODEL_REGISTRY_URL: url,
        AWS_S3_ENDPOINT: '',
        AWS_SECRET_ACCESS_KEY: '',
      });
      expect(unconfigured.code).not.toBe(0);
      expect(unconfigured.output).toContain(
        'set AWS_S3_ENDPOINT, AWS_SECRET_ACCESS_KEY',
      );
      expect(fake.versions.filter(v => v.name === name)).toEqual([]);
    }, 600_000);
  });

  describe('OpenShift AI / Kubeflow Model Registry (REST v1alpha3, checked against its OpenAPI)', () => {
    const fake = new FakeKubeflowModelRegistry({ token: 't0ken' });
    let url: string;

    beforeAll(async () => {
      url = await fake.start();
    });
    afterAll(() => fake.stop());

    it('training registers versions with artifacts; evaluation finds the champion; release hands on its IDs', async () => {
      const name = 'churn-kubeflow-clients';
      const { python, serve, scratch } = await renderProject(
        name,
        'model-registry',
      );
      const env = { MODEL_REGISTRY_URL: url };
      // The pipeline's evaluate step runs in another pod than train: no candidate.json of its own.
      const evaluatePod = {
        ...env,
        ARTIFACTS_DIR: path.join(scratch, 'evaluate-pod'),
      };

      // A request or answer the OpenAPI document refuses is answered 400, so the run fails.
      const train1 = await python('training.train', {
        ...env,
        MODEL_BUILD_ID: '1',
      });
      expect({ code: train1.code, output: train1.output }).toEqual({
        code: 0,
        output: expect.stringContaining(
          `registered ${name} version 0.1.0+1 (model-registry)`,
        ),
      });
      const [model] = [...fake.registeredModels.values()];
      expect(model).toMatchObject({ name, state: 'LIVE' });
      const [version1] = [...fake.modelVersions.values()];
      expect(version1).toMatchObject({
        name: '0.1.0+1',
        registeredModelId: model.id,
      });
      const props = version1.customProperties as Record<
        string,
        { metadataType: string }
      >;
      expect(props['metric.f1']).toMatchObject({
        metadataType: 'MetadataDoubleValue',
      });
      expect(props.git_commit).toEqual({
        metadataType: 'MetadataStringValue',
        string_value: '0123456789abcdef0123456789abcdef01234567',
      });
      expect([...fake.artifacts.values()]).toEqual([
        expect.objectContaining({
          artifactType: 'model-artifact',
          uri: `s3://${storage.bucket}/models/${name}/0.1.0+1`,
          modelFormatName: 'sklearn',
        }),
      ]);

      const evaluate1 = await python('training.evaluate', evaluatePod);
      expect({ code: evaluate1.code, output: evaluate1.output }).toEqual({
        code: 0,
        output: expect.stringContaining(
          'decision: promote (candidate 0.1.0+1, champion None)',
        ),
      });
      expect(
        fake.registeredModels.get(model.id)!.customProperties,
      ).toMatchObject({
        champion_version: {
          metadataType: 'MetadataStringValue',
          string_value: '0.1.0+1',
        },
      });

      const train2 = await python('training.train', {
        ...env,
        MODEL_BUILD_ID: '2',
      });
      expect(train2.code).toBe(0);
      expect(fake.registeredModels.size).toBe(1);
      const evaluate2 = await python('training.evaluate', evaluatePod);
      expect({ code: evaluate2.code, output: evaluate2.output }).toEqual({
        code: 0,
        output: expect.stringContaining(
          'decision: promote (candidate 0.1.0+2, champion 0.1.0+1)',
        ),
      });
      const version2 = [...fake.modelVersions.values()].find(
        v => v.name === '0.1.0+2',
      )!;
      expect(version2.customProperties).toMatchObject({
        'evaluation.champion': {
          metadataType: 'MetadataStringValue',
          string_value: '0.1.0+1',
        },
      });

      // What the release pipeline's registry-link task runs: the champion's IDs and artifact.
      const release = await python('training.release', env);
      expect(release.code).toBe(0);
      expect(JSON.parse(release.output)).toEqual({
        version: '0.1.0+2',
        artifact_uri: `s3://${storage.bucket}/models/${name}/0.1.0+2`,
        registered_model_id: model.id,
        model_version_id: version2.id,
      });

      // Each version's files are in object storage; serving loads the champion from there.
      expect(storedFiles(name, '0.1.0+1')).toEqual(modelFiles);
      expect(storedFiles(name, '0.1.0+2')).toEqual(modelFiles);
      expect(s3!.keys(storage.bucket)).toContain(
        `models/${name}/candidate.json`,
      );
      const served = await serve(env);
      expect({ code: served.code, output: served.output }).toEqual({
        code: 0,
        output: expect.stringMatching(/^0\.1\.0\+2 0\.1\.0 /),
      });
      expect(s3!.violations).toEqual([]);
    }, 600_000);
  });
});
