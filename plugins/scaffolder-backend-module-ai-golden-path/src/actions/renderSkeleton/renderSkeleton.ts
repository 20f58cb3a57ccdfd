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
import { ScmIntegrations } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  fetchTemplateDirectory,
  resolveTargetDirectory,
} from '../../render/actionInputs';
import { InputError } from '@backstage/errors';
import {
  readSkeletonManifest,
  validateSkeletonValues,
} from '../../render/skeletonManifest';
import { renderTree, writeTree } from '../../render/renderTree';
import { examples } from './renderSkeleton.examples';

export const RENDER_SKELETON_ACTION_ID = 'ai-golden-path:skeleton:render';

/**
 * Renders a Handlebars skeleton into the workspace.
 *
 * Unlike `fetch:template`, templating is opt-in per file (`.hbs`), a missing variable is an
 * error, and a bare `{{ }}` can only print plain names, so user input reaches generated code
 * and YAML only through an escaping helper.
 */
export function createRenderSkeletonAction(options: {
  reader: UrlReaderService;
  integrations: ScmIntegrations;
}) {
  const { reader, integrations } = options;
  return createTemplateAction({
    id: RENDER_SKELETON_ACTION_ID,
    description:
      'Renders a Handlebars skeleton (files ending in .hbs are templates, file names are templated, a name that renders empty is left out) into the workspace, after checking the values against the skeleton\'s .skeleton.yaml schema.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        url: z =>
          z
            .string()
            .min(1)
            .describe(
              'Where the skeleton is: relative to the template (./skeleton), relative to the root of the repository holding the template (/skeleton), or an absolute URL a configured integration can read',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Directory inside the workspace to render into (default: the workspace root)'),
        values: z =>
          z
            .record(z.string(), z.unknown())
            .describe('Values the skeleton files are rendered with'),
      },
      output: {
        targetPath: z =>
          z.string().describe('Directory inside the workspace the skeleton was rendered into'),
        files: z =>
          z.array(z.string()).describe('Paths of the rendered files, relative to targetPath'),
      },
    },
    async handler(ctx) {
      const targetPath = ctx.input.targetPath ?? '.';
      const values = ctx.input.values ?? {};
      const outputDir = resolveTargetDirectory(ctx.workspacePath, targetPath);
      const skeletonDir = await fetchTemplateDirectory({
        ctx,
        reader,
        integrations,
        url: ctx.input.url,
        what: 'the skeleton',
      });

      const manifest = await readSkeletonManifest(skeletonDir);
      validateSkeletonValues(manifest, values);
      const files = await renderTree({ sourceDir: skeletonDir, values });
      if (files.length === 0) {
        throw new InputError(`url "${ctx.input.url}": the skeleton renders no files`);
      }
      await writeTree(outputDir, files);
      ctx.logger.info(
        `Rendered ${files.length} files from ${ctx.input.url} into ${targetPath}`,
      );
      ctx.output('targetPath', targetPath);
      ctx.output(
        'files',
        files.map(file => file.path),
      );
    },
  });
}
