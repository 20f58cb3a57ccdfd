/*
 * The local Backstage backend: catalog, scaffolder and the AI golden path modules on the
 * embedded defaults (SQLite in memory, local files, no cluster). Configuration is the
 * repository's app-config.yaml.
 */
import { createBackend } from '@backstage/backend-defaults';
import { localRepositoryUrlReaderFactory } from '@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path';

const backend = createBackend();

// Serves the production build of packages/app (the frontend) at app.baseUrl.
backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@backstage/plugin-permission-backend-module-allow-all-policy'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(import('@ai-golden-path/plugin-scaffolder-backend-module-ai-golden-path'));
// Lets the catalog read repositories published by ai-golden-path:publish:local.
backend.add(localRepositoryUrlReaderFactory);

// Model catalog: versions, evaluation results and deployments of each component's model
// (the built-in store in the backend's database by default), and each registered model as a
// Resource of type ai-model in the catalog.
backend.add(import('@ai-golden-path/plugin-model-catalog-backend'));
backend.add(import('@ai-golden-path/plugin-catalog-backend-module-model-catalog'));

backend.start();
