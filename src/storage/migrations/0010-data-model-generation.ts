// One counter that every data model write increments in its own transaction. A write validated
// against the models of generation N commits only while the counter still reads N, so two
// servers cannot each pass the containment check and together make two models contain each
// other (a model may contain public models of other workspaces, so the counter is global).
import type { Kysely } from 'kysely';

export function dataModelGenerationMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('data_model_generation')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .execute();
      await (db as Kysely<{ data_model_generation: { id: number; generation: number } }>)
        .insertInto('data_model_generation')
        .values({ id: 1, generation: 0 })
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('data_model_generation').execute();
    },
  };
}
