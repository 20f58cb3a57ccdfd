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
  writeDirectoryContents,
} from '@ai-golden-path/template-cli';
import {
  ManifestSchemas,
  checkSchemas,
  formatProblem,
} from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { decodeFiles, repoRoot } from '../goldenPath';
import {
  DIGEST,
  HF_COMMIT,
  SUMS_SHA256,
  evaluationTemplate,
  evaluationValues,
  intakeTemplate,
  intakeValues,
} from './llmValues';

/**
 * The two LLM templates (ModelOps intake, AI engineer evaluation) run through the real
 * scaffolder's dry-run API with the upstream schemas configured, so the generate action
 * validates every manifest before writing; the files are then validated again here, and the
 * security rules (pinned sources, credentials only from Secrets, least-privilege roles) are
 * checked on what a cluster would receive.
 */
const specsDir = path.resolve(repoRoot, '../shared/specs');

const documents = (text: string) =>
  YAML.parseAllDocuments(text)
    .map(document => document.toJS())
    .filter(Boolean);

type Files = Map<string, string>;

/** Every Kubernetes YAML file of a result, in the form checkSchemas takes. */
const asRendered = (files: Files, filter: (file: string) => boolean) =>
  [...files]
    .filter(([file]) => /\.ya?ml$/.test(file) && filter(file))
    .map(([file, text]) => ({
      path: file,
      content: Buffer.from(text),
      executable: false,
    }));

/** Every container env entry of a Tekton Pipeline (inline taskSpecs). */
function tektonSteps(pipeline: any): { task: string; step: any }[] {
  return [...pipeline.spec.tasks, ...(pipeline.spec.finally ?? [])].flatMap(
    (task: any) =>
      task.taskSpec.steps.map((step: any) => ({ task: task.name, step })),
  );
}

/** Syntax check of a script with the interpreter its shebang (or command) names. */
function checkSyntax(interpreter: string, script: string): string {
  const program = interpreter.includes('python')
    ? [
        '/usr/bin/python3',
        ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'],
      ]
    : [interpreter.includes('bash') ? 'bash' : 'sh', ['-n']];
  const result = spawnSync(program[0] as string, program[1] as string[], {
    input: script,
    encoding: 'utf8',
  });
  return result.status === 0 ? '' : `${interpreter}: ${result.stderr}`;
}

const SECRET_NAMES = /TOKEN|SECRET|PASSWORD|ACCESS_KEY|AUTH_JSON/;

describe('LLM templates, dry run through the scaffolder', () => {
  let backend: DryRunBackend;
  let schemas: ManifestSchemas;
  let publishRoot: string;

  beforeAll(async () => {
    schemas = ManifestSchemas.load(specsDir);
    // Dry runs never write here; the local publish step only checks its target.
    publishRoot = fs.mkdtempSync(
      path.join(os.tmpdir(), 'llm-templates-publish-'),
    );
    backend = await startDryRunBackend({
      config: {
        aiGoldenPath: {
          manifests: { schemaDirectory: specsDir },
          localPublish: { rootDirectory: publishRoot },
        },
        // The pull request action builds its client before it stops for the dry run.
        integrations: {
          github: [{ host: 'github.com', token: 'not-used-in-dry-run' }],
        },
      },
    });
  }, 300_000);

  afterAll(async () => {
    await backend?.stop();
    if (publishRoot) fs.rmSync(publishRoot, { recursive: true, force: true });
  });

  const run = async (templateFile: string, values: Record<string, unknown>) => {
    const result = await backend.dryRun({ templateFile, values });
    const failed = failedStep(result);
    if (failed)
      throw new Error(`step ${failed.stepId} failed: ${failed.message}`);
    return result;
  };

  const refusal = (templateFile: string, values: Record<string, unknown>) =>
    backend.dryRun({ templateFile, values }).then(
      () => undefined,
      (e: unknown) => e as DryRunError,
    );

  describe('llm-model-intake', () => {
    const dir = 'intake/granite-8b-instruct';

    const cases: {
      kind: string;
      overrides: Record<string, unknown>;
      fetchEnv: Record<string, string>;
      guidellm: string[];
      lmEval: string[];
      gpus: number | undefined;
    }[] = [
      {
        kind: 'huggingface',
        overrides: {},
        fetchEnv: {
          HF_REPO: 'ibm-granite/granite-3.1-8b-instruct',
          HF_REVISION: HF_COMMIT,
        },
        guidellm: ['--rate-type=constant', '--rate=1,2.5', '--max-seconds=30'],
        lmEval: [
          '--tasks=arc_easy,hellaswag',
          '--num_fewshot=5',
          '--limit=200',
        ],
        gpus: 1,
      },
      {
        kind: 's3',
        overrides: {
          sourceKind: 's3',
          s3Uri: 's3://models/granite/8b/',
          s3ChecksumsSha256: SUMS_SHA256,
        },
        fetchEnv: { S3_URI: 's3://models/granite/8b/', SUMS_SHA256 },
        guidellm: ['--rate-type=constant', '--rate=1,2.5', '--max-seconds=30'],
        lmEval: [
          '--tasks=arc_easy,hellaswag',
          '--num_fewshot=5',
          '--limit=200',
        ],
        gpus: 1,
      },
      {
        kind: 'oci',
        overrides: {
          sourceKind: 'oci',
          ociImage: `registry.example.com/models/granite@${DIGEST}`,
          gpuCount: 0,
          guidellmRateType: 'sweep',
          guidellmRates: [],
          lmEvalLimit: 0,
        },
        fetchEnv: {
          OCI_IMAGE: `registry.example.com/models/granite@${DIGEST}`,
        },
        // No rate for a plain sweep, no limit when every example counts.
        guidellm: ['--rate-type=sweep', '--max-seconds=30'],
        lmEval: ['--tasks=arc_easy,hellaswag', '--num_fewshot=5'],
        gpus: undefined,
      },
    ];

    describe.each(cases)('from $kind', ({ overrides, ...expected }) => {
      let files: Files;
      let pipeline: any;
      let outputDir: string;

      beforeAll(async () => {
        const result = await run(intakeTemplate, intakeValues(overrides));
        files = decodeFiles(result.directoryContents);
        pipeline = documents(files.get(`${dir}/pipeline.yaml`)!)[0];
        outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-intake-'));
        writeDirectoryContents(result, outputDir);
      }, 300_000);

      afterAll(() => {
        if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
      });

      it('writes the pipeline, its trigger, its roles and the policy into the GitOps repository', () => {
        expect([...files.keys()].sort()).toEqual(
          [
            'README.md',
            'intake-policy.yaml',
            'kustomization.yaml',
            'license-allow-list.yaml',
            'pipeline.yaml',
            'rbac.yaml',
            'sandbox/inferenceservice.yaml',
            'sandbox/servingruntime.yaml',
            'triggers.yaml',
          ].map(file => `${dir}/${file}`),
        );
        expect(pipeline.spec.tasks.map((task: any) => task.name)).toEqual([
          'fetch',
          'check',
          'package',
          'sbom',
          'register',
          'serve',
          'guidellm',
          'lm-eval',
          'publish',
          'decide',
        ]);
        expect(pipeline.spec.finally.map((task: any) => task.name)).toEqual([
          'teardown',
        ]);
        const policy = YAML.parse(files.get(`${dir}/intake-policy.yaml`)!);
        expect(policy.version).toBe(3);
        expect(
          YAML.parse(files.get(`${dir}/license-allow-list.yaml`)!),
        ).toEqual(['Apache-2.0', 'MIT']);
      });

      it('validates every manifest against the upstream schemas', () => {
        const rendered = asRendered(files, () => true);
        expect(checkSchemas(rendered, schemas).map(formatProblem)).toEqual([]);
        // The sandbox objects are data of a ConfigMap for Argo CD, but real objects for the
        // serve task: they are validated as objects too.
        for (const file of [
          'sandbox/inferenceservice.yaml',
          'sandbox/servingruntime.yaml',
        ]) {
          const [object] = documents(files.get(`${dir}/${file}`)!);
          expect(
            schemas.validateObject(file, 0, object).map(formatProblem),
          ).toEqual([]);
        }
      });

      it('builds with kustomize into objects the API accepts, the sandbox only as ConfigMaps', () => {
        const built = documents(
          execFileSync('kubectl', ['kustomize', path.join(outputDir, dir)], {
            encoding: 'utf8',
          }),
        );
        expect(
          built
            .flatMap((object, i) =>
              schemas.validateObject('kustomize', i, object),
            )
            .map(formatProblem),
        ).toEqual([]);
        const kinds = built
          .map(object => `${object.kind}/${object.metadata.name}`)
          .sort();
        expect(kinds).not.toContain(
          'InferenceService/granite-8b-instruct-intake',
        );
        const configMap = (name: string) =>
          built.find(o => o.kind === 'ConfigMap' && o.metadata.name === name);
        const sandbox = configMap('granite-8b-instruct-intake-sandbox');
        expect(Object.keys(sandbox.data).sort()).toEqual([
          'inferenceservice.yaml',
          'servingruntime.yaml',
        ]);
        expect(
          YAML.parse(sandbox.data['inferenceservice.yaml']).metadata.namespace,
        ).toBe('modelops-sandbox');
        const policy = configMap('granite-8b-instruct-intake-policy');
        expect(policy.metadata.namespace).toBe('modelops');
        expect(Object.keys(policy.data).sort()).toEqual([
          'intake-policy.yaml',
          'license-allow-list.yaml',
        ]);
      });

      it('fetches only the pinned revision', () => {
        const fetch = pipeline.spec.tasks[0].taskSpec.steps;
        expect(fetch).toHaveLength(1);
        const env = Object.fromEntries(
          (fetch[0].env ?? []).map((e: any) => [
            e.name,
            e.value ?? e.valueFrom,
          ]),
        );
        expect(env).toMatchObject(expected.fetchEnv);
      });

      it('takes credentials only from Secrets and never puts values into script text', () => {
        const problems: string[] = [];
        for (const { task, step } of tektonSteps(pipeline)) {
          for (const entry of step.env ?? []) {
            if (
              SECRET_NAMES.test(entry.name) &&
              !entry.valueFrom?.secretKeyRef
            ) {
              problems.push(
                `${task}/${step.name}: ${entry.name} is not from a Secret`,
              );
            }
          }
          // Tekton substitutes $(params.x) textually: inside a script it would be code.
          if (/\$\((params|tasks|workspaces)\./.test(step.script ?? '')) {
            problems.push(
              `${task}/${step.name}: a Tekton variable inside the script`,
            );
          }
          if (step.script) {
            const problem = checkSyntax(
              step.script.split('\n')[0],
              step.script,
            );
            if (problem) problems.push(`${task}/${step.name}: ${problem}`);
          }
        }
        expect(problems).toEqual([]);
        const register = tektonSteps(pipeline).find(
          s => s.task === 'register',
        )!.step;
        expect(
          register.env.find((e: any) => e.name === 'MODEL_REGISTRY_TOKEN')
            .valueFrom,
        ).toEqual({
          secretKeyRef: {
            name: 'modelops-registry',
            key: 'MODEL_REGISTRY_TOKEN',
          },
        });
      });

      it('runs as its own service account, allowed only to serve and remove the candidate', () => {
        const rbac = documents(files.get(`${dir}/rbac.yaml`)!);
        const role = rbac.find(o => o.kind === 'Role');
        expect(role.metadata.namespace).toBe('modelops-sandbox');
        const grants = role.rules.flatMap((rule: any) =>
          rule.resources.flatMap((resource: string) =>
            rule.verbs.map(
              (verb: string) =>
                `${verb} ${resource}${rule.resourceNames ? ` ${rule.resourceNames}` : ''}`,
            ),
          ),
        );
        expect(grants.sort()).toEqual(
          [
            'create inferenceservices',
            'create servingruntimes',
            'delete inferenceservices granite-8b-instruct-intake',
            'delete servingruntimes granite-8b-instruct-intake-vllm',
            'get inferenceservices granite-8b-instruct-intake',
            'get servingruntimes granite-8b-instruct-intake-vllm',
            'list inferenceservices',
            'patch inferenceservices granite-8b-instruct-intake',
            'patch servingruntimes granite-8b-instruct-intake-vllm',
            'watch inferenceservices',
          ].sort(),
        );
        const binding = rbac.find(
          o => o.kind === 'RoleBinding' && o.roleRef.kind === 'Role',
        );
        expect(binding.subjects).toEqual([
          {
            kind: 'ServiceAccount',
            name: 'granite-8b-instruct-intake',
            namespace: 'modelops',
          },
        ]);
        const template = documents(files.get(`${dir}/triggers.yaml`)!).find(
          o => o.kind === 'TriggerTemplate',
        );
        expect(
          template.spec.resourcetemplates[0].spec.taskRunTemplate
            .serviceAccountName,
        ).toBe('granite-8b-instruct-intake');
      });

      it('benchmarks with the requested profile and tears the sandbox down', () => {
        const steps = tektonSteps(pipeline);
        const guidellm = steps.find(s => s.task === 'guidellm')!.step;
        const lmEval = steps.find(s => s.task === 'lm-eval')!.step;
        const flags = (args: string[], names: RegExp) =>
          args.filter(a => names.test(a));
        expect(
          flags(guidellm.args, /^--(rate|rate-type|max-seconds)=/),
        ).toEqual(expected.guidellm);
        expect(flags(lmEval.args, /^--(tasks|num_fewshot|limit)=/)).toEqual(
          expected.lmEval,
        );
        const [isvc] = documents(
          files.get(`${dir}/sandbox/inferenceservice.yaml`)!,
        );
        expect(
          isvc.spec.predictor.model.resources.limits['nvidia.com/gpu'],
        ).toBe(expected.gpus);
        const teardown = pipeline.spec.finally[0].taskSpec.steps[0];
        expect(teardown.script).toContain('inferenceservice/$ISVC');
        expect(teardown.env).toEqual(
          expect.arrayContaining([
            { name: 'ISVC', value: 'granite-8b-instruct-intake' },
          ]),
        );
      });
    });

    it.each([
      ['hfRevision', { hfRevision: 'main' }],
      ['hfRevision', { hfRevision: 'v1.0' }],
      [
        'ociImage',
        { sourceKind: 'oci', ociImage: 'quay.io/models/granite:1.0' },
      ],
      [
        's3ChecksumsSha256',
        {
          sourceKind: 's3',
          s3Uri: 's3://models/granite/',
          s3ChecksumsSha256: 'abc',
        },
      ],
      ['name', { name: 'Granite_8B' }],
      ['sandboxNamespace', { sandboxNamespace: 'Sandbox' }],
    ])('refuses a bad %s with an error naming it', async (field, overrides) => {
      const error = await refusal(intakeTemplate, intakeValues(overrides));
      expect(error).toBeInstanceOf(DryRunError);
      expect(error!.status).toBe(400);
      expect(error!.message).toContain(`instance.${field} `);
    });
  });

  describe('llm-model-evaluation', () => {
    let files: Files;
    let compiled: any[];

    beforeAll(async () => {
      const result = await run(evaluationTemplate, evaluationValues());
      files = decodeFiles(result.directoryContents);
      compiled = documents(files.get('pipelines/compiled/evaluation.yaml')!);
    }, 300_000);

    it('writes the editable DSL, the compiled spec and the namespace resources', () => {
      expect([...files.keys()].sort()).toEqual([
        'README.md',
        'deploy/kustomization.yaml',
        'deploy/pipelines/evaluation-pipeline.yaml',
        'deploy/rbac.yaml',
        'deploy/workspace-pvc.yaml',
        'pipelines/compiled/evaluation.yaml',
        'pipelines/evaluation.py',
      ]);
      expect(compiled[0].pipelineInfo.name).toBe(
        'support-tickets-eval-evaluation',
      );
      const dsl = files.get('pipelines/evaluation.py')!;
      expect(dsl).toContain('kubernetes.mount_pvc(');
      expect(checkSyntax('python', dsl)).toBe('');
    });

    it('tears the model server down even when a step fails (exit handler)', () => {
      const root = compiled[0].root.dag.tasks;
      // Only the group and teardown at the top: teardown waits for the whole group to complete,
      // whatever its outcome, instead of for publish to succeed.
      expect(Object.keys(root)).toEqual(['exit-handler-1', 'teardown']);
      expect(root.teardown).toMatchObject({
        dependentTasks: ['exit-handler-1'],
        triggerPolicy: { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' },
      });
      expect(root['exit-handler-1'].componentRef.name).toBe(
        'comp-exit-handler-1',
      );
      const inner = compiled[0].components['comp-exit-handler-1'].dag.tasks;
      expect(Object.keys(inner)).toEqual([
        'check_approved',
        'fetch_dataset',
        'guidellm',
        'lm_eval',
        'make_task',
        'publish',
        'serve',
      ]);
      expect(inner.lm_eval.dependentTasks).toEqual(['serve']);
      const script =
        compiled[0].deploymentSpec.executors['exec-teardown'].container
          .command[2];
      // It also runs when serve never created anything.
      for (const kind of [
        'inferenceservice/$ISVC',
        'servingruntime/$RUNTIME',
      ]) {
        expect(script).toMatch(
          new RegExp(`--ignore-not-found .*"${kind.replace('$', '\\$')}"`),
        );
      }
      const dsl = files.get('pipelines/evaluation.py')!;
      expect(dsl.indexOf('teardown_task = teardown()')).toBeLessThan(
        dsl.indexOf('with dsl.ExitHandler(teardown_task):'),
      );
      expect(dsl).toContain(
        '        serve_task = serve().after(make_task_task)',
      );
    });

    it('validates every manifest and the compiled spec against the upstream schemas', () => {
      const rendered = asRendered(files, file =>
        /^(deploy|pipelines)\//.test(file),
      );
      expect(checkSchemas(rendered, schemas).map(formatProblem)).toEqual([]);
      // The serving objects travel in an environment variable of the serve step.
      const serve =
        compiled[0].deploymentSpec.executors['exec-serve'].container;
      const manifests = documents(
        serve.env.find((e: any) => e.name === 'SANDBOX_MANIFESTS').value,
      );
      expect(manifests.map(o => o.kind)).toEqual([
        'ServingRuntime',
        'InferenceService',
      ]);
      expect(
        manifests
          .flatMap((o, i) => schemas.validateObject('SANDBOX_MANIFESTS', i, o))
          .map(formatProblem),
      ).toEqual([]);
      expect(manifests[1].spec.predictor.model.storageUri).toBe(
        `oci://quay.io/my-org/models/granite-8b-instruct@${DIGEST}`,
      );
    });

    it("builds deploy/ with kustomize into valid objects of the engineer's namespace", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-evaluation-'));
      try {
        for (const [file, text] of files) {
          fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
          fs.writeFileSync(path.join(dir, file), text);
        }
        const built = documents(
          execFileSync('kubectl', ['kustomize', path.join(dir, 'deploy')], {
            encoding: 'utf8',
          }),
        );
        expect(built.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
          'PersistentVolumeClaim/support-tickets-eval-workspace',
          'Role/support-tickets-eval-evaluation',
          'RoleBinding/support-tickets-eval-evaluation',
          'ServiceAccount/support-tickets-eval-evaluation',
        ]);
        expect(built.every(o => o.metadata.namespace === 'support-ai')).toBe(
          true,
        );
        expect(
          built
            .flatMap((o, i) => schemas.validateObject('kustomize', i, o))
            .map(formatProblem),
        ).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('publishes to the same model version as a run labelled with the dataset', () => {
      const publish =
        compiled[0].deploymentSpec.executors['exec-publish'].container;
      const env = Object.fromEntries(
        publish.env.map((e: any) => [e.name, e.value]),
      );
      // Without the catalog (a dry run), the entity name stands in for the registry name.
      expect(env).toMatchObject({
        MODEL_NAME: 'granite-8b-instruct',
        VERSION_NAME: HF_COMMIT,
        RUN: 'custom-support-tickets',
      });
      const platform =
        compiled[1].platforms.kubernetes.deploymentSpec.executors;
      expect(platform['exec-publish'].secretAsEnv[0]).toMatchObject({
        secretName: 'support-tickets-eval-registry',
        optional: false,
      });
      for (const executor of [
        'exec-fetch-dataset',
        'exec-make-task',
        'exec-lm-eval',
        'exec-publish',
      ]) {
        expect(platform[executor].pvcMount[0]).toMatchObject({
          mountPath: '/workspace',
          pvcNameParameter: {
            runtimeValue: { constant: 'support-tickets-eval-workspace' },
          },
        });
      }
      const makeTask =
        compiled[0].deploymentSpec.executors['exec-make-task'].container;
      expect(makeTask.env).toEqual(
        expect.arrayContaining([
          { name: 'METRIC', value: 'exact_match' },
          { name: 'TASK_NAME', value: 'custom_support_tickets' },
        ]),
      );
    });

    it('keeps credentials in Secrets and every script parses', () => {
      const executors = compiled[0].deploymentSpec.executors;
      const problems: string[] = [];
      for (const [name, executor] of Object.entries<any>(executors)) {
        for (const entry of executor.container.env ?? []) {
          if (SECRET_NAMES.test(entry.name))
            problems.push(`${name}: ${entry.name} is a literal`);
        }
        const [interpreter, flag, script] = executor.container.command;
        expect(flag).toBe('-c');
        const problem = checkSyntax(interpreter, script);
        if (problem) problems.push(`${name}: ${problem}`);
      }
      expect(problems).toEqual([]);
      const rbac = documents(files.get('deploy/rbac.yaml')!);
      const role = rbac.find(o => o.kind === 'Role');
      expect(
        role.rules
          .filter((rule: any) => rule.apiGroups.includes('serving.kserve.io'))
          .flatMap((r: any) => r.verbs),
      ).not.toContain('*');
      expect(rbac.find(o => o.kind === 'RoleBinding').subjects[0]).toEqual({
        kind: 'ServiceAccount',
        name: 'support-tickets-eval-evaluation',
        namespace: 'support-ai',
      });
    });

    it('carries a regular expression exactly as typed, as data', async () => {
      const regex = `answer: "?([A-D])"? # $(params.x) {{ x }} \\d+`;
      const result = await run(
        evaluationTemplate,
        evaluationValues({ metric: 'regex', regex }),
      );
      const spec = documents(
        decodeFiles(result.directoryContents).get(
          'pipelines/compiled/evaluation.yaml',
        )!,
      );
      const env =
        spec[0].deploymentSpec.executors['exec-make-task'].container.env;
      expect(env).toEqual(
        expect.arrayContaining([
          { name: 'METRIC', value: 'regex' },
          { name: 'METRIC_REGEX', value: regex },
        ]),
      );
    });

    it.each([
      [
        'modelImage',
        { modelImage: 'oci://quay.io/my-org/models/granite:latest' },
      ],
      ['modelImage', { modelImage: `quay.io/my-org/models/granite@${DIGEST}` }],
      ['datasetLocation', { datasetLocation: 'file:///etc/passwd' }],
      ['name', { name: 'Support Eval' }],
      ['namespace', { namespace: 'Support_AI' }],
      ['promptField', { promptField: 'question; rm -rf /' }],
    ])('refuses a bad %s with an error naming it', async (field, overrides) => {
      const error = await refusal(
        evaluationTemplate,
        evaluationValues(overrides),
      );
      expect(error).toBeInstanceOf(DryRunError);
      expect(error!.status).toBe(400);
      expect(error!.message).toContain(`instance.${field} `);
    });

    it('asks for the regular expression when the metric is regex', async () => {
      const error = await refusal(
        evaluationTemplate,
        evaluationValues({ metric: 'regex' }),
      );
      expect(error!.status).toBe(400);
      expect(error!.message).toContain('requires property "regex"');
    });
  });
});
