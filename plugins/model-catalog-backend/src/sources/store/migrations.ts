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

import { Knex } from 'knex';

/*
 * The built-in store's schema. Migrations live in code rather than a migrations/ folder so
 * that the plugin carries them through bundling (RHDH dynamic plugins) without extra files.
 * Never edit a released migration; add a new one.
 */

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '20261125_01_init': {
    async up(knex) {
      await knex.schema.createTable('model_catalog_models', table => {
        table.string('registry', 128).notNullable();
        table.string('name', 256).notNullable();
        table.text('description').nullable();
        table.string('owner', 256).nullable();
        table.string('created_at', 40).notNullable();
        table.string('updated_at', 40).notNullable();
        table.primary(['registry', 'name']);
      });
      await knex.schema.createTable('model_catalog_versions', table => {
        table.bigIncrements('id').primary();
        table.string('registry', 128).notNullable();
        table.string('model_name', 256).notNullable();
        table.string('name', 256).notNullable();
        table.string('state', 16).notNullable();
        table.text('labels').notNullable();
        table.string('author', 256).nullable();
        table.text('description').nullable();
        table.string('source_commit', 256).nullable();
        table.text('pipeline_run').nullable();
        table.text('artifact_uri').nullable();
        table.text('metrics').notNullable();
        table.text('properties').notNullable();
        table.string('created_at', 40).notNullable();
        table.string('updated_at', 40).notNullable();
        table.unique(['registry', 'model_name', 'name']);
      });
      // An alias names at most one version of a model (MLflow semantics): moving
      // `champion` to a new version takes it from the old one.
      await knex.schema.createTable('model_catalog_aliases', table => {
        table.string('registry', 128).notNullable();
        table.string('model_name', 256).notNullable();
        table.string('alias', 128).notNullable();
        table.string('version_name', 256).notNullable();
        table.primary(['registry', 'model_name', 'alias']);
      });
      await knex.schema.createTable('model_catalog_evaluations', table => {
        table.bigIncrements('id').primary();
        table.string('ingest_id', 128).notNullable().unique();
        table.string('registry', 128).notNullable();
        table.string('model_name', 256).notNullable();
        table.string('version_name', 256).notNullable();
        table.string('name', 256).notNullable();
        table.string('kind', 64).nullable();
        table.string('dataset', 512).nullable();
        table.string('evaluated_at', 40).notNullable();
        table.boolean('passed').nullable();
        table.string('policy', 512).nullable();
        table.text('metrics').notNullable();
        table.text('report_url').nullable();
        table.index(['registry', 'model_name', 'version_name']);
      });
      // One row per accepted ingest: the idempotency record. Its primary key makes a
      // concurrent retry of the same id fail instead of storing twice.
      await knex.schema.createTable('model_catalog_ingests', table => {
        table.string('id', 128).primary();
        table.string('kind', 16).notNullable();
        table.string('content_hash', 64).notNullable();
        table.string('received_at', 40).notNullable();
      });
    },
    async down(knex) {
      for (const table of [
        'model_catalog_ingests',
        'model_catalog_evaluations',
        'model_catalog_aliases',
        'model_catalog_versions',
        'model_catalog_models',
      ]) {
        await knex.schema.dropTableIfExists(table);
      }
    },
  },
  // Which run of a tool an evaluation is (`baseline`, `custom-<dataset>`) and the tool's
  // version, both reported through the ingest API since the LLM evaluation pipelines.
  '20261126_01_evaluation_run': {
    async up(knex) {
      await knex.schema.alterTable('model_catalog_evaluations', table => {
        table.string('run', 128).nullable();
        table.string('tool_version', 128).nullable();
      });
    },
    async down(knex) {
      await knex.schema.alterTable('model_catalog_evaluations', table => {
        table.dropColumn('tool_version');
        table.dropColumn('run');
      });
    },
  },
};

/** A knex migration source over the migrations above. */
export const storeMigrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return Object.keys(migrations).sort();
  },
  getMigrationName(migration) {
    return migration;
  },
  async getMigration(migration) {
    return migrations[migration];
  },
};

export const MIGRATIONS_TABLE = 'model_catalog__knex_migrations';

export async function migrateStore(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    migrationSource: storeMigrationSource,
    tableName: MIGRATIONS_TABLE,
  });
}
