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
 * Writes the manifest schema bundle of the scaffolder module
 * (plugins/scaffolder-backend-module-ai-golden-path/schemas/manifest-schemas.json.gz) from a
 * directory laid out as shared/specs: the schemas of the kinds the manifest sets of templates/*
 * produce, with the sha256 of every upstream file they come from. Run it again after a template
 * starts using another kind or the specs are updated; a test says when the committed bundle is
 * out of date.
 *
 *   bash scripts/toolchain.sh node --import tsx scripts/bundle-manifest-schemas.ts [SPECS_DIR]
 *
 * SPECS_DIR defaults to ../shared/specs (relative to the repository).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchemaBundle,
  encodeSchemaBundle,
} from '../plugins/scaffolder-backend-module-ai-golden-path/src/manifests/schemaBundle';

const repo = path.resolve(__dirname, '..');
const specsDir = path.resolve(repo, process.argv[2] ?? '../shared/specs');
const output = path.join(
  repo,
  'plugins/scaffolder-backend-module-ai-golden-path/schemas/manifest-schemas.json.gz',
);

if (!fs.existsSync(path.join(specsDir, 'kubernetes'))) {
  console.error(
    `bundle-manifest-schemas: ${specsDir} is not a specs directory`,
  );
  process.exit(1);
}
const { bundle, unknownKinds } = buildSchemaBundle({
  specsDir,
  templatesDir: path.join(repo, 'templates'),
});
const encoded = encodeSchemaBundle(bundle);
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, encoded);
console.log(
  `bundle-manifest-schemas: ${bundle.kinds.length} kinds from ${bundle.sources.length} files of ${specsDir}`,
);
console.log(
  `bundle-manifest-schemas: wrote ${path.relative(repo, output)} (${(encoded.length / 1024).toFixed(0)} KiB)`,
);
for (const kind of unknownKinds) {
  console.warn(
    `bundle-manifest-schemas: no schema in the specs for ${kind}; manifests of this kind are refused`,
  );
}
