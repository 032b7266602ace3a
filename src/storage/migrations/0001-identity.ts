// Realms, users, workspaces and their members; logins with their refresh tokens; password
// resets; API keys; and the registry of running server and worker processes.
import type { Kysely } from 'kysely';
import { columnTypes, type Dialect } from './column-types.js';

export function identityMigration(dialect: Dialect) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('realms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('realm_id', 'text', (c) => c.notNull().references('realms.id'))
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('user_name_key', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('email_key', 'text')
        .addColumn('first_name', 'text')
        .addColumn('last_name', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('updated_on', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('users_realm_user_name', ['realm_id', 'user_name_key'])
        .execute();
      await db.schema
        .createIndex('users_realm_email')
        .on('users')
        .columns(['realm_id', 'email_key'])
        .execute();

      await db.schema
        .createTable('workspaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('realm_id', 'text', (c) => c.notNull().references('realms.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('type', 'integer', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.references('users.id'))
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('workspaces_owner').on('workspaces').column('owner_id').execute();

      await db.schema
        .createTable('workspace_members')
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('workspace_members_pk', ['workspace_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('workspace_members_user')
        .on('workspace_members')
        .column('user_id')
        .execute();

      await db.schema
        .createTable('logins')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('expires_on', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_on', t.timestamp)
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema.createIndex('logins_user').on('logins').column('user_id').execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('login_id', 'text', (c) =>
          c.notNull().references('logins.id').onDelete('cascade'),
        )
        .addColumn('issued_on', t.timestamp, (c) => c.notNull())
        .addColumn('expires_on', t.timestamp, (c) => c.notNull())
        .addColumn('retired_on', t.timestamp)
        .execute();
      await db.schema
        .createIndex('refresh_tokens_login')
        .on('refresh_tokens')
        .column('login_id')
        .execute();

      await db.schema
        .createTable('password_resets')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('expires_on', t.timestamp, (c) => c.notNull())
        .addColumn('used_on', t.timestamp)
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspaces.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('value_hash', 'text', (c) => c.notNull())
        .addColumn('created_on', t.timestamp, (c) => c.notNull())
        .addColumn('last_accessed', t.timestamp)
        .execute();
      await db.schema
        .createIndex('api_keys_owner')
        .on('api_keys')
        .columns(['workspace_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('nodes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('started_on', t.timestamp, (c) => c.notNull())
        .addColumn('heartbeat_on', t.timestamp, (c) => c.notNull())
        .addColumn('info', t.json, (c) => c.notNull())
        .execute();
    },
  };
}
