// Owns the column types that differ between the two dialects, so one migration serves both.
import type { ColumnDataType } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export interface ColumnTypes {
  timestamp: ColumnDataType;
  boolean: ColumnDataType;
  json: ColumnDataType;
  bigint: ColumnDataType;
}

export function columnTypes(dialect: Dialect): ColumnTypes {
  return dialect === 'postgres'
    ? { timestamp: 'timestamptz', boolean: 'boolean', json: 'jsonb', bigint: 'bigint' }
    : { timestamp: 'text', boolean: 'integer', json: 'text', bigint: 'integer' };
}
