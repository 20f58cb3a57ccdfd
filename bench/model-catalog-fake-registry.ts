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

/**
 * A fake Kubeflow Model Registry in its own process for the model catalog benches, so
 * that the measured process holds only the catalog's side.
 *
 * Args: <models> <versionsPerModel> <latencyMs> [richVersions]
 * Sends `{ url }` to the parent when listening and `{ requests }` when asked with `count`.
 */
import { FakeKubeflowRegistry } from '../plugins/model-catalog-backend/src/__testUtils__/fakeKubeflowRegistry';

async function main() {
  const [models, versionsPerModel, latencyMs] = process.argv
    .slice(2, 5)
    .map(Number);
  const rich = process.argv[5] === 'rich';
  const registry = new FakeKubeflowRegistry();
  registry.latencyMs = latencyMs;
  for (let i = 0; i < models; i++) {
    registry.addModel(
      `model-${String(i).padStart(5, '0')}`,
      versionsPerModel,
      (version, index) => {
        if (!rich) {
          return;
        }
        // What a golden-path evaluation pipeline writes on each version.
        version.customProperties = {
          ...version.customProperties,
          f1: {
            metadataType: 'MetadataDoubleValue',
            double_value: 0.7 + (index % 7) / 100,
          },
          // What the LLM evaluation pipelines write (docs/registry-properties.md).
          'lm_eval@baseline.arc_easy.acc': {
            metadataType: 'MetadataDoubleValue',
            double_value: 0.71,
          },
          'lm_eval@baseline.arc_easy.acc.stderr': {
            metadataType: 'MetadataDoubleValue',
            double_value: 0.009,
          },
          'lm_eval@baseline.hellaswag.acc_norm': {
            metadataType: 'MetadataDoubleValue',
            double_value: 0.55,
          },
          'lm_eval@baseline.dataset': {
            metadataType: 'MetadataStringValue',
            string_value: 'arc_easy,hellaswag',
          },
          'lm_eval@baseline.passed': {
            metadataType: 'MetadataBoolValue',
            bool_value: true,
          },
          'lm_eval@baseline.tool_version': {
            metadataType: 'MetadataStringValue',
            string_value: 'lm-eval 0.4.13',
          },
          'guidellm@baseline.constant-4.ttft_ms.p99': {
            metadataType: 'MetadataDoubleValue',
            double_value: 180 + index,
          },
          'guidellm@baseline.constant-4.itl_ms.p50': {
            metadataType: 'MetadataDoubleValue',
            double_value: 12.5,
          },
          'guidellm@baseline.throughput.requests_per_s.mean': {
            metadataType: 'MetadataDoubleValue',
            double_value: 4.2,
          },
          source_commit: {
            metadataType: 'MetadataStringValue',
            string_value: `c0ffee${index}`,
          },
          pipeline_run: {
            metadataType: 'MetadataStringValue',
            string_value: `https://pipelines.example/runs/${index}`,
          },
          ...(index === versionsPerModel - 1
            ? {
                champion: {
                  metadataType: 'MetadataStringValue',
                  string_value: '',
                },
              }
            : {}),
        };
      },
    );
  }
  if (rich) {
    // A model artifact, a metric artifact and a report on every version: one artifact
    // listing per version is part of each cold read.
    for (const versions of registry.versions.values()) {
      for (const version of versions) {
        registry.artifacts.set(version.id, [
          {
            artifactType: 'model-artifact',
            id: `${version.id}1`,
            name: `model-${version.id}`,
            uri: `s3://models/${version.id}`,
            state: 'LIVE',
          },
          {
            artifactType: 'metric',
            id: `${version.id}2`,
            name: 'val_loss',
            value: 0.3,
            timestamp: version.createTimeSinceEpoch,
            state: 'LIVE',
          },
          {
            artifactType: 'doc-artifact',
            id: `${version.id}3`,
            name: 'lm_eval@baseline.html',
            uri: `https://reports.example/${version.id}.html`,
            state: 'LIVE',
          },
        ]);
      }
    }
  }
  const url = await registry.start();
  process.send?.({ url });
  process.on('message', message => {
    if (message === 'count') {
      process.send?.({ requests: registry.requests.length });
    } else if (message === 'stop') {
      registry.stop().then(() => process.exit(0));
    }
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
