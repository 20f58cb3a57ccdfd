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

import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import * as k8s from '@kubernetes/client-node';
import fs from 'node:fs/promises';
import YAML from 'yaml';
import { examples } from './bootstrapCluster.examples';

export const BOOTSTRAP_CLUSTER_ACTION_ID = 'ai-golden-path:cluster:bootstrap';

/** Field manager of every server-side apply, so a re-run updates what it applied before. */
export const FIELD_MANAGER = 'ai-golden-path';

/** A cluster from `aiGoldenPath.clusters`: address and credentials never come from templates. */
export interface ClusterConfig {
  name: string;
  url: string;
  token: string;
  caData?: string;
  skipTLSVerify: boolean;
  argocdNamespace: string;
}

export function readClusters(config: Config): ClusterConfig[] {
  return (config.getOptionalConfigArray('aiGoldenPath.clusters') ?? []).map(
    cluster => ({
      name: cluster.getString('name'),
      url: cluster.getString('url'),
      token: cluster.getString('token'),
      caData: cluster.getOptionalString('caData'),
      skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      argocdNamespace:
        cluster.getOptionalString('argocdNamespace') ?? 'openshift-gitops',
    }),
  );
}

interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  [key: string]: unknown;
}

/** The kinds this action may apply: namespaces and Argo CD objects, nothing else. */
const ALLOWED_KINDS = new Set([
  'v1/Namespace',
  'argoproj.io/v1alpha1/AppProject',
  'argoproj.io/v1alpha1/Application',
]);

const describeObject = (object: KubernetesObject) =>
  `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;

/** Turns a client error into a sentence that says what failed and what to do. */
function applyError(
  cluster: ClusterConfig,
  object: KubernetesObject,
  error: unknown,
): Error {
  const code = (error as { code?: unknown }).code;
  const body = (error as { body?: unknown }).body;
  let message = '';
  try {
    message =
      (typeof body === 'string'
        ? JSON.parse(body)
        : (body as { message?: string })
      )?.message ?? '';
  } catch {
    message = typeof body === 'string' ? body : '';
  }
  if (code === 401) {
    return new Error(
      `cluster "${cluster.name}" refused the configured token (401 Unauthorized); renew aiGoldenPath.clusters[].token`,
    );
  }
  if (code === 403) {
    return new Error(
      `cluster "${cluster.name}": the configured service account may not apply ${describeObject(object)} (403 Forbidden${message ? `: ${message}` : ''}); grant it that permission`,
    );
  }
  if (typeof code === 'number') {
    return new Error(
      `cluster "${cluster.name}" answered ${code} to applying ${describeObject(object)}${message ? `: ${message}` : ''}`,
    );
  }
  const cause =
    (error as { cause?: { code?: string } }).cause?.code ??
    (error as Error).message;
  return new Error(
    `cluster "${cluster.name}" at ${cluster.url} could not be reached (${cause})`,
  );
}

/**
 * Creates the project's namespaces and Argo CD objects on a configured cluster by server-side
 * apply: a re-run (or a task recovered after a restart) applies the same objects again and
 * changes nothing. Each object is applied in its own checkpoint.
 */
export function createBootstrapClusterAction(options: { config: Config }) {
  const { config } = options;
  return createTemplateAction({
    id: BOOTSTRAP_CLUSTER_ACTION_ID,
    description:
      'Creates namespaces and applies Argo CD AppProject/Application manifests from the workspace on a cluster configured in aiGoldenPath.clusters, by server-side apply (safe to re-run).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z
            .string()
            .min(1)
            .describe('Name of a cluster in aiGoldenPath.clusters'),
        namespaces: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Namespaces to create, labelled for the Argo CD instance',
            ),
        manifests: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Workspace paths of AppProject/Application manifests to apply',
            ),
      },
      output: {
        applied: z =>
          z
            .array(z.string())
            .describe('The objects applied, as "Kind namespace/name"'),
      },
    },
    async handler(ctx) {
      const clusters = readClusters(config);
      const cluster = clusters.find(c => c.name === ctx.input.cluster);
      if (!cluster) {
        throw new InputError(
          `cluster "${ctx.input.cluster}" is not configured; known clusters: ${clusters.map(c => c.name).join(', ') || 'none (set aiGoldenPath.clusters)'}`,
        );
      }
      const objects: KubernetesObject[] = [];
      for (const [index, namespace] of (ctx.input.namespaces ?? []).entries()) {
        if (
          !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) ||
          namespace.length > 63
        ) {
          throw new InputError(
            `namespaces[${index}] "${namespace}" is not a namespace name`,
          );
        }
        objects.push({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: namespace,
            // OpenShift GitOps manages a namespace only when it carries this label.
            labels: {
              'argocd.argoproj.io/managed-by': cluster.argocdNamespace,
            },
          },
        });
      }
      for (const [index, file] of (ctx.input.manifests ?? []).entries()) {
        let text: string;
        try {
          text = await fs.readFile(
            resolveSafeChildPath(ctx.workspacePath, file),
            'utf8',
          );
        } catch (error) {
          throw new InputError(
            `manifests[${index}] "${file}" cannot be read from the workspace: ${(error as Error).message}`,
          );
        }
        YAML.parseAllDocuments(text).forEach((document, docIndex) => {
          const object = document.toJS() as KubernetesObject | null;
          if (!object) return;
          const kind = `${object.apiVersion}/${object.kind}`;
          if (!ALLOWED_KINDS.has(kind) || !object.metadata?.name) {
            throw new InputError(
              `manifests[${index}] "${file}" document ${docIndex}: only named Namespaces, AppProjects and Applications are applied, not ${object.kind}`,
            );
          }
          objects.push(object);
        });
      }

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would apply on cluster "${cluster.name}": ${objects.map(describeObject).join(', ')}`,
        );
        ctx.output('applied', objects.map(describeObject));
        return;
      }

      const kubeConfig = new k8s.KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name: cluster.name,
            server: cluster.url,
            caData: cluster.caData,
            skipTLSVerify: cluster.skipTLSVerify,
          },
        ],
        users: [{ name: 'ai-golden-path', token: cluster.token }],
        contexts: [
          { name: cluster.name, cluster: cluster.name, user: 'ai-golden-path' },
        ],
        currentContext: cluster.name,
      });
      const client = k8s.KubernetesObjectApi.makeApiClient(kubeConfig);

      const applied: string[] = [];
      for (const object of objects) {
        try {
          await ctx.checkpoint({
            key: `apply-${cluster.name}-${object.kind}-${object.metadata.namespace ?? ''}-${object.metadata.name}`,
            fn: async () => {
              const result = await client.patch(
                object,
                undefined,
                undefined,
                FIELD_MANAGER,
                true,
                k8s.PatchStrategy.ServerSideApply,
              );
              const metadata = (result as { metadata?: { uid?: string } })
                .metadata;
              return { uid: String(metadata?.uid ?? '') };
            },
          });
        } catch (error) {
          const reason = applyError(cluster, object, error);
          const done = applied.length
            ? ` Already applied: ${applied.join(', ')}.`
            : ' Nothing was applied.';
          throw new Error(
            `${reason.message}.${done} Re-running the step is safe.`,
          );
        }
        applied.push(describeObject(object));
        ctx.logger.info(
          `Applied ${describeObject(object)} on cluster "${cluster.name}"`,
        );
      }
      ctx.output('applied', applied);
    },
  });
}
