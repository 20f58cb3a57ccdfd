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

import { generateManifests } from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../goldenPath';
import { HF_COMMIT } from './llmValues';

/**
 * Steps of the intake pipeline, run for real against fakes. The Hugging Face fetch (system
 * Python, as in the ModelOps image) against a fake Hub: exactly the pinned commit, the Hub's
 * model info kept as the manifest `modelops verify-checksums` reads, nothing written outside
 * the model directory, nothing fetched again on a re-run. The S3 fetch against a directory
 * standing in for the bucket: refused unless SHA256SUMS hashes to the pinned value. The serve
 * step against a fake `oc`: the InferenceService applied with the pushed digest, anything else
 * refused before the cluster is called.
 */
const PYTHON = process.env.MODELOPS_TEST_PYTHON ?? '/usr/bin/python3';
const toolDir = path.join(repoRoot, 'tools/modelops');

const intakeValues = (source: Record<string, string> = {}) => ({
  name: 'granite-8b-instruct',
  description: '',
  owner: 'group:default/modelops',
  source: {
    kind: 'huggingface',
    hfRepo: 'ibm-granite/granite-3.1-8b-instruct',
    hfRevision: HF_COMMIT,
    s3Uri: '',
    s3ChecksumsSha256: '',
    ociImage: '',
    ...source,
  },
  licenseAllowList: ['Apache-2.0'],
  namespaces: { pipeline: 'modelops', sandbox: 'modelops-sandbox' },
  serving: { gpuCount: 1, memory: '32Gi', maxModelLen: 4096 },
  benchmark: {
    guidellm: {
      rateType: 'sweep',
      rates: [],
      promptTokens: 512,
      outputTokens: 128,
      maxSeconds: 30,
    },
    lmEval: { tasks: ['arc_easy'], fewShot: 0, limit: 0 },
  },
  toolImages: {
    modelops: 'quay.io/my-org/modelops:1',
    guidellm: 'ghcr.io/vllm-project/guidellm:v0.5.0',
    lmEval: 'quay.io/trustyai/ta-lmes-job:latest',
    vllm: 'quay.io/modh/vllm:rhoai-2.25',
  },
  modelcarRegistry: 'quay.io/my-org/models',
  policyVersion: 1,
});

/** The rendered intake manifests for a source, by path. */
async function renderIntake(source: Record<string, string> = {}) {
  const rendered = await generateManifests({
    sourceDir: path.join(repoRoot, 'templates/llm-model-intake/manifests'),
    values: intakeValues(source),
  });
  return new Map(rendered.map(f => [f.path, f.content.toString('utf8')]));
}

/** A step of the intake pipeline by task and step name. */
function step(manifests: Map<string, string>, task: string, name: string) {
  const pipeline = YAML.parse(manifests.get('pipeline.yaml')!);
  return pipeline.spec.tasks
    .find((t: any) => t.name === task)
    .taskSpec.steps.find((s: any) => s.name === name);
}

/** The literal environment values of a step. */
const literalEnv = (s: any): Record<string, string> =>
  Object.fromEntries(
    (s.env ?? [])
      .filter((e: any) => 'value' in e)
      .map((e: any) => [e.name, e.value]),
  );

const files: Record<string, Buffer> = {
  'config.json': Buffer.from('{"model_type": "granite"}'),
  'model.safetensors': crypto.randomBytes(4096),
  'tokenizer/tokenizer.json': Buffer.from('{"version": "1.0"}'),
};
const sha256 = (data: Buffer) =>
  crypto.createHash('sha256').update(data).digest('hex');

/** A Hub that answers for one repository; `answerSha` and `extra` let a test misbehave. */
function fakeHub(options: { answerSha?: string; extra?: object[] } = {}) {
  const requests: string[] = [];
  const authorizations = new Set<string | undefined>();
  const info = {
    id: 'ibm-granite/granite-3.1-8b-instruct',
    sha: options.answerSha ?? HF_COMMIT,
    siblings: [
      { rfilename: 'config.json', size: files['config.json'].length },
      {
        rfilename: 'model.safetensors',
        size: files['model.safetensors'].length,
        lfs: {
          sha256: sha256(files['model.safetensors']),
          size: files['model.safetensors'].length,
        },
      },
      {
        rfilename: 'tokenizer/tokenizer.json',
        size: files['tokenizer/tokenizer.json'].length,
      },
      ...(options.extra ?? []),
    ],
  };
  const server = http.createServer((req, res) => {
    requests.push(req.url!);
    authorizations.add(req.headers.authorization);
    const url = new URL(req.url!, 'http://hub');
    if (
      url.pathname ===
      `/api/models/ibm-granite/granite-3.1-8b-instruct/revision/${HF_COMMIT}`
    ) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(info));
      return;
    }
    const prefix = `/ibm-granite/granite-3.1-8b-instruct/resolve/${HF_COMMIT}/`;
    const file = url.pathname.startsWith(prefix)
      ? files[decodeURIComponent(url.pathname.slice(prefix.length))]
      : undefined;
    if (file) {
      res.end(file);
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
  return { server, requests, authorizations };
}

/** `modelops verify-checksums` of tools/modelops, run from source. */
const verifyChecksums = (args: string[]) =>
  run(
    PYTHON,
    [
      '-c',
      'import sys; from modelops.intake.checksums import main; sys.exit(main(sys.argv[1:]))',
      ...args,
      '--json',
    ],
    { PYTHONPATH: toolDir },
  );

function run(file: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    resolve => {
      execFile(
        file,
        args,
        { env: { PATH: process.env.PATH ?? '', ...env } },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          }),
      );
    },
  );
}

describe('intake pipeline: the Hugging Face fetch step', () => {
  let script: string;
  let tmp: string;

  beforeAll(async () => {
    script = step(await renderIntake(), 'fetch', 'fetch-huggingface').script;
  });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-fetch-'));
    fs.mkdirSync(path.join(tmp, 'work'));
    fs.mkdirSync(path.join(tmp, 'results'));
    fs.writeFileSync(path.join(tmp, 'fetch.py'), script);
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function fetchWith(hub: ReturnType<typeof fakeHub>) {
    await new Promise<void>(resolve =>
      hub.server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = hub.server.address() as AddressInfo;
    try {
      return await run(PYTHON, [path.join(tmp, 'fetch.py')], {
        HF_REPO: 'ibm-granite/granite-3.1-8b-instruct',
        HF_REVISION: HF_COMMIT,
        HF_ENDPOINT: `http://127.0.0.1:${port}`,
        HF_TOKEN: 'hf_test_token',
        WORK_DIR: path.join(tmp, 'work'),
        RESULTS_DIR: path.join(tmp, 'results'),
      });
    } finally {
      await new Promise(resolve => hub.server.close(resolve));
    }
  }

  it('downloads every file at the pinned commit and keeps the model info as checksum manifest', async () => {
    const hub = fakeHub();
    const result = await fetchWith(hub);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const [name, content] of Object.entries(files)) {
      expect(
        fs.readFileSync(path.join(tmp, 'work/model', name)).equals(content),
      ).toBe(true);
    }
    expect(hub.requests.every(url => url.includes(HF_COMMIT))).toBe(true);
    expect([...hub.authorizations]).toEqual(['Bearer hf_test_token']);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(tmp, 'work/state/checksums.json'), 'utf8'),
    );
    expect(manifest.sha).toBe(HF_COMMIT);
    expect(
      fs.readFileSync(path.join(tmp, 'results/source-revision'), 'utf8'),
    ).toBe(HF_COMMIT);
    expect(fs.readFileSync(path.join(tmp, 'results/source-uri'), 'utf8')).toBe(
      'hf://ibm-granite/granite-3.1-8b-instruct',
    );

    // A re-run after a later failure downloads nothing again.
    const again = fakeHub();
    expect((await fetchWith(again)).code).toBe(0);
    expect(again.requests.filter(url => url.includes('/resolve/'))).toEqual([]);
  });

  it('refuses an answer for another revision', async () => {
    const result = await fetchWith(fakeHub({ answerSha: 'f'.repeat(40) }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`not ${HF_COMMIT}`);
    expect(fs.existsSync(path.join(tmp, 'work/model/model.safetensors'))).toBe(
      false,
    );
  });

  it('refuses a file name that leaves the model directory', async () => {
    const result = await fetchWith(
      fakeHub({ extra: [{ rfilename: '../../escape.txt', size: 1 }] }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('outside the model directory');
    expect(fs.existsSync(path.join(tmp, 'escape.txt'))).toBe(false);
  });

  // The contract between this step and the check step: the real `verify-checksums` of
  // tools/modelops reads what the fetch step wrote.
  it('hands verify-checksums a manifest it accepts, and that catches a changed weight', async () => {
    expect((await fetchWith(fakeHub())).code).toBe(0);
    const verify = () =>
      run(
        PYTHON,
        [
          '-c',
          'import sys; from modelops.intake.checksums import main; sys.exit(main(sys.argv[1:]))',
          '--model-dir',
          path.join(tmp, 'work/model'),
          '--manifest',
          path.join(tmp, 'work/state/checksums.json'),
          '--revision',
          HF_COMMIT,
          '--json',
        ],
        { PYTHONPATH: toolDir },
      );
    const ok = await verify();
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    fs.appendFileSync(
      path.join(tmp, 'work/model/model.safetensors'),
      'tampered',
    );
    const tampered = await verify();
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('model.safetensors');
  });
});

/** An executable script in `dir` standing in for a CLI (aws, oc). */
function fakeCli(dir: string, name: string, body: string) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), `#!/usr/bin/env bash\n${body}`, {
    mode: 0o755,
  });
}

describe('intake pipeline: the S3 fetch step', () => {
  let tmp: string;
  let bucket: string;

  const writeSums = () =>
    fs.writeFileSync(
      path.join(bucket, 'SHA256SUMS'),
      Object.keys(files)
        .map(
          name =>
            `${sha256(fs.readFileSync(path.join(bucket, name)))}  ${name}\n`,
        )
        .join(''),
    );

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-s3-'));
    bucket = path.join(tmp, 's3/models/granite/8b');
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(bucket, name)), { recursive: true });
      fs.writeFileSync(path.join(bucket, name), content);
    }
    writeSums();
    fs.mkdirSync(path.join(tmp, 'work'));
    fs.mkdirSync(path.join(tmp, 'results'));
    // `aws s3 cp|sync` over a directory that stands for the bucket.
    fakeCli(
      path.join(tmp, 'bin'),
      'aws',
      `set -euo pipefail
args=(); exclude=
while [ $# -gt 0 ]; do
  case "$1" in --only-show-errors) ;; --exclude) shift; exclude="$1" ;; *) args+=("$1") ;; esac
  shift
done
bucket_path() { printf '%s' "$FAKE_S3_ROOT/\${1#s3://}"; }
case "\${args[1]}" in
  cp) cp "$(bucket_path "\${args[2]}")" "\${args[3]}" ;;
  sync) src="$(bucket_path "\${args[2]}")"; dst="\${args[3]}"
    (cd "$src" && find . -type f ! -name "$exclude" | while read -r f; do
      mkdir -p "$dst/$(dirname "$f")"; cp "$f" "$dst/$f"; done) ;;
esac
`,
    );
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Renders the template pinned to the current SHA256SUMS and runs its fetch step. */
  async function fetch(
    pin = sha256(fs.readFileSync(path.join(bucket, 'SHA256SUMS'))),
  ) {
    const manifests = await renderIntake({
      kind: 's3',
      hfRepo: '',
      hfRevision: '',
      s3Uri: 's3://models/granite/8b/',
      s3ChecksumsSha256: pin,
    });
    const fetchStep = step(manifests, 'fetch', 'fetch-s3');
    fs.writeFileSync(path.join(tmp, 'fetch.sh'), fetchStep.script);
    return run('bash', [path.join(tmp, 'fetch.sh')], {
      ...literalEnv(fetchStep),
      PATH: `${path.join(tmp, 'bin')}:${process.env.PATH}`,
      FAKE_S3_ROOT: path.join(tmp, 's3'),
      WORK_DIR: path.join(tmp, 'work'),
      RESULTS_DIR: path.join(tmp, 'results'),
    });
  }

  it('takes the files pinned by the SHA256SUMS hash, and verify-checksums accepts them', async () => {
    const pin = sha256(fs.readFileSync(path.join(bucket, 'SHA256SUMS')));
    const result = await fetch(pin);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(
      fs.readFileSync(path.join(tmp, 'results/source-revision'), 'utf8'),
    ).toBe(`sha256:${pin}`);
    const verified = await verifyChecksums([
      '--model-dir',
      path.join(tmp, 'work/model'),
      '--manifest',
      path.join(tmp, 'work/state/SHA256SUMS'),
      '--require-all-verified',
    ]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
  });

  it('refuses the prefix when its SHA256SUMS changed after the template pinned it', async () => {
    const pin = sha256(fs.readFileSync(path.join(bucket, 'SHA256SUMS')));
    fs.writeFileSync(
      path.join(bucket, 'model.safetensors'),
      crypto.randomBytes(4096),
    );
    writeSums();
    const result = await fetch(pin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not hash to the pinned');
    expect(fs.existsSync(path.join(tmp, 'work/model/model.safetensors'))).toBe(
      false,
    );
  });

  it('leaves a file the manifest does not list to verify-checksums, which refuses it', async () => {
    fs.writeFileSync(path.join(bucket, 'extra.bin'), 'smuggled');
    expect((await fetch()).code).toBe(0);
    const verified = await verifyChecksums([
      '--model-dir',
      path.join(tmp, 'work/model'),
      '--manifest',
      path.join(tmp, 'work/state/SHA256SUMS'),
      '--require-all-verified',
    ]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('extra.bin');
  });
});

describe('intake pipeline: the serve step', () => {
  let tmp: string;
  let manifests: Map<string, string>;
  const digestUri = `oci://quay.io/my-org/models/granite-8b-instruct@sha256:${'0f'.repeat(32)}`;

  beforeAll(async () => {
    manifests = await renderIntake();
  });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-serve-'));
    fs.mkdirSync(path.join(tmp, 'sandbox'));
    fs.mkdirSync(path.join(tmp, 'results'));
    for (const file of ['servingruntime.yaml', 'inferenceservice.yaml']) {
      fs.writeFileSync(
        path.join(tmp, 'sandbox', file),
        manifests.get(`sandbox/${file}`)!,
      );
    }
    // Records every call; `apply -f -` keeps what it was given, `get` answers the URL.
    fakeCli(
      path.join(tmp, 'bin'),
      'oc',
      `echo "$*" >> "$OC_LOG"
if [ "$1" = apply ] && [ "\${@: -1}" = - ]; then cat > "$OC_APPLIED"; fi
if [ "$1" = get ]; then printf 'http://granite-8b-instruct-intake-predictor.modelops-sandbox.svc.cluster.local'; fi
`,
    );
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function serve(storageUri: string) {
    const serveStep = step(manifests, 'serve', 'apply');
    fs.writeFileSync(path.join(tmp, 'serve.sh'), serveStep.script);
    return run('bash', [path.join(tmp, 'serve.sh')], {
      ...literalEnv(serveStep),
      STORAGE_URI: storageUri,
      PATH: `${path.join(tmp, 'bin')}:${process.env.PATH}`,
      OC_LOG: path.join(tmp, 'oc.log'),
      OC_APPLIED: path.join(tmp, 'applied.yaml'),
      SANDBOX_DIR: path.join(tmp, 'sandbox'),
      RESULTS_DIR: path.join(tmp, 'results'),
    });
  }

  it('serves the pushed image by digest in the sandbox and waits for it', async () => {
    const result = await serve(digestUri);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const applied = YAML.parse(
      fs.readFileSync(path.join(tmp, 'applied.yaml'), 'utf8'),
    );
    const original = YAML.parse(
      manifests.get('sandbox/inferenceservice.yaml')!,
    );
    expect(applied.spec.predictor.model.storageUri).toBe(digestUri);
    original.spec.predictor.model.storageUri = digestUri;
    expect(applied).toEqual(original);
    const calls = fs
      .readFileSync(path.join(tmp, 'oc.log'), 'utf8')
      .trim()
      .split('\n');
    expect(calls).toEqual([
      `apply -n modelops-sandbox -f ${path.join(tmp, 'sandbox/servingruntime.yaml')}`,
      'apply -n modelops-sandbox -f -',
      'wait -n modelops-sandbox --for=condition=Ready inferenceservice/granite-8b-instruct-intake --timeout=45m',
      'get -n modelops-sandbox inferenceservice/granite-8b-instruct-intake -o jsonpath={.status.address.url}',
    ]);
    expect(fs.readFileSync(path.join(tmp, 'results/url'), 'utf8')).toContain(
      '-predictor.',
    );
  });

  it.each([
    ['a tag', 'oci://quay.io/my-org/models/granite:latest'],
    ['a URI with shell or sed syntax', `${digestUri}|s/x/y/;$(id)`],
    ['another scheme', `s3://models/granite@sha256:${'0f'.repeat(32)}`],
  ])(
    'refuses %s instead of a digest, before calling the cluster',
    async (_what, uri) => {
      const result = await serve(uri);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('not an oci:// reference by digest');
      expect(fs.existsSync(path.join(tmp, 'oc.log'))).toBe(false);
    },
  );
});
