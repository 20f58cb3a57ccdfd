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

import express from 'express';
import Router from 'express-promise-router';
import {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_REGISTRY_NAME,
  getModelReference,
  ingestRequestSchema,
  modelCatalogIngestPermission,
  modelCatalogRegistryListPermission,
} from '@ai-golden-path/plugin-model-catalog-common';
import { sendSerializedAnswer } from './answerResponse';
import { ShortLivedMemo } from './ShortLivedMemo';
import { ModelCatalogService } from './service/ModelCatalogService';
import { DatabaseModelStore } from './sources/store/DatabaseModelStore';

export interface RouterOptions {
  service: ModelCatalogService;
  store: DatabaseModelStore;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  maxIngestBodyBytes: number;
}

const ENTITY_PART = /^[A-Za-z0-9][A-Za-z0-9\-_.]{0,252}$/;
const MAX_PAGE_SIZE = 1000;
const MAX_LATEST_VERSIONS = 1000;

/** `?latestVersions=n`: absent means every version. */
function parseLatestVersions(value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const count =
    typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(count >= 1 && count <= MAX_LATEST_VERSIONS)) {
    throw new InputError(
      `latestVersions must be an integer from 1 to ${MAX_LATEST_VERSIONS}`,
    );
  }
  return count;
}

/**
 * The model catalog's REST API.
 *
 * - `GET /entities/:kind/:namespace/:name/model[?latestVersions=n]`: the entity's model,
 *   versions (all, or the n newest plus the champion and the deployed ones), evaluation
 *   results and deployments, for callers that may read the entity.
 * - `GET /registries`, `GET /registries/:registry/models`: configured registries and a
 *   page of a registry's models, for service callers (the catalog module).
 * - `POST /ingest`: a version or an evaluation result into the built-in store, for
 *   external access tokens only.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, store, catalog, auth, httpAuth, permissions, logger } =
    options;
  const router = Router();
  // Which model an entity names changes rarely, so it is remembered for a few seconds;
  // permission decisions are never remembered.
  const modelReferences = new ShortLivedMemo<{
    registry: string;
    modelName: string;
  } | null>(5000, 5000);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/model', async (req, res) => {
    const { kind, namespace, name } = req.params;
    for (const part of [kind, namespace, name]) {
      if (!ENTITY_PART.test(part)) {
        throw new InputError('Malformed entity reference');
      }
    }
    const entityRef = stringifyEntityRef({ kind, namespace, name });
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: catalogEntityReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    // A hidden entity answers exactly like a missing one, so its existence does not leak.
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    const reference = await modelReferences.get(entityRef, async () => {
      const entity = await catalog.getEntityByRef(entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (!entity) {
        // Thrown, so not remembered: a component registered a moment ago shows at once.
        throw new NotFoundError(`No entity ${entityRef}`);
      }
      return getModelReference(entity) ?? null;
    });
    if (!reference) {
      throw new NotFoundError(
        `Entity ${entityRef} has no ai-golden-path.io/model-name annotation`,
      );
    }
    // Kept answers are looked up only here, after the per-request permission check above.
    const serialized = await service.getEntityModelSerialized(
      entityRef,
      reference,
      { latestVersions: parseLatestVersions(req.query.latestVersions) },
    );
    sendSerializedAnswer(req, res, serialized);
  });

  router.get('/registries', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({ items: service.listRegistries() });
  });

  router.get('/registries/:registry/models', async (req, res) => {
    // The whole registry, unfiltered by entity permissions: only for backend services, and
    // not for tokens restricted to other permissions (such as a pipeline's ingest token).
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const [decision] = await permissions.authorize(
      [{ permission: modelCatalogRegistryListPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError("Not allowed to list the registry's models");
    }
    const pageSize = Number(req.query.pageSize ?? 100);
    if (
      !Number.isInteger(pageSize) ||
      pageSize < 1 ||
      pageSize > MAX_PAGE_SIZE
    ) {
      throw new InputError(
        `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`,
      );
    }
    const pageToken =
      typeof req.query.pageToken === 'string' && req.query.pageToken
        ? req.query.pageToken
        : undefined;
    res.json(
      await service.listModels(req.params.registry, { pageToken, pageSize }),
    );
  });

  router.post(
    '/ingest',
    // Who is asking is settled before the body is read: no parsing work for strangers.
    async (req, res, next) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      // For the log line once the request is stored: the token is verified once.
      res.locals.ingestSubject = credentials.principal.subject;
      // Service principals are either other plugins (`plugin:<id>`) or external access
      // tokens (whose subject is whatever the config says): only the latter ingest.
      if (credentials.principal.subject.startsWith('plugin:')) {
        throw new NotAllowedError(
          'Only external access tokens (backend.auth.externalAccess) may ingest',
        );
      }
      const [decision] = await permissions.authorize(
        [{ permission: modelCatalogIngestPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'Not allowed to ingest into the model catalog',
        );
      }
      next();
    },
    express.json({ limit: options.maxIngestBodyBytes, strict: true }),
    async (req, res) => {
      const parsed = ingestRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 10)
          .map(issue => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
          .join('; ');
        throw new InputError(`Invalid ingest request: ${issues}`);
      }
      const request = parsed.data;
      const registryName = request.registry ?? DEFAULT_REGISTRY_NAME;
      const registry = service.getRegistry(registryName);
      if (registry.type !== 'store') {
        throw new InputError(
          `Registry '${registryName}' is a ${registry.type} registry; ingest writes only to built-in stores`,
        );
      }
      const result = await store.ingest(registryName, request);
      await service.invalidateModel(registryName, request.model);
      // Who reported what: the token's configured subject, never the token.
      logger.info(
        `Ingest '${request.id}' (${request.kind}) for model '${request.model}' in '${registryName}' from ${res.locals.ingestSubject}: ${
          result.created ? 'stored' : 'already stored'
        }`,
      );
      res.status(result.created ? 201 : 200).json(result);
    },
  );

  return router;
}
