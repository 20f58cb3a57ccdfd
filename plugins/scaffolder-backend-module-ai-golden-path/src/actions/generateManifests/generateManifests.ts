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

import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  fetchTemplateDirectory,
  resolveTargetDirectory,
} from '../../render/actionInputs';
import { writeTree } from '../../render/renderTree';
import { generateManifests } from '../../manifests/generate';
import { ManifestSchemas } from '../../manifests/validate';
import { examples } from './generateManifests.examples';

export const GENERATE_MANIFESTS_ACTION_ID = 'ai-golden-path:manifests:generate';

/**
 * Renders the delivery manifests (Tekton, Argo CD, kustomize, OpenShift AI) into the
 * workspace and checks them before writing anything: every manifest is validated against the
 * upstream API schemas bundled with the module, or against those of
 * `aiGoldenPath.manifests.schemaDirectory` when that is configured (newer specs). Platform teams
 * edit manifest sets as files, so this is what catches an edit that breaks a manifest;
 * `aiGoldenPath.manifests.schemaValidation: false` turns it off.
 */
export function createGenerateManifestsAction(options: {
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  config: Config;
}) {
  const { reader, integrations, config } = options;
  const schemaDirectory = config.getOptionalString(
    'aiGoldenPath.manifests.schemaDirectory',
  );
  const schemaValidation =
    config.getOptionalBoolean('aiGoldenPath.manifests.schemaValidation') ??
    true;
  // Loaded on first use (and then kept): reading the schemas costs a second or two, which a
  // backend that never runs the action should not pay at startup.
  const loadSchemas = (): ManifestSchemas | undefined => {
    if (!schemaValidation) return undefined;
    return schemaDirectory
      ? ManifestSchemas.load(schemaDirectory)
      : ManifestSchemas.bundled();
  };
  return createTemplateAction({
    id: GENERATE_MANIFESTS_ACTION_ID,
    description:
      'Renders the delivery manifests of a model project (Tekton Pipelines-as-Code, Argo CD, kustomize overlays, OpenShift AI pipelines) from an editable Handlebars manifest set, checks every manifest, then writes them into the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        url: z =>
          z
            .string()
            .optional()
            .describe(
              'Where the manifest set is, relative to the template (default ./manifests) or an absolute URL',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace to write into (default: the workspace root)',
            ),
        values: z =>
          z
            .record(z.string(), z.unknown())
            .describe('Values the manifests are rendered with'),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('Paths of the generated files, relative to targetPath'),
      },
    },
    async handler(ctx) {
      const url = ctx.input.url ?? './manifests';
      const targetPath = ctx.input.targetPath ?? '.';
      const values = ctx.input.values ?? {};
      const outputDir = resolveTargetDirectory(ctx.workspacePath, targetPath);
      const sourceDir = await fetchTemplateDirectory({
        ctx,
        reader,
        integrations,
        url,
        what: 'the manifest set',
      });

      const schemas = loadSchemas();
      if (!schemas) {
        ctx.logger.warn(
          'Manifest schema validation is off (aiGoldenPath.manifests.schemaValidation: false): only the structure of the manifests is checked',
        );
      }
      const files = await generateManifests({ sourceDir, values, schemas });
      await writeTree(outputDir, files);
      ctx.logger.info(
        `Generated ${files.length} delivery files from ${url}${schemas ? `, all valid against ${schemas.origin}` : ''}`,
      );
      ctx.output(
        'files',
        files.map(file => file.path),
      );
    },
  });
}
