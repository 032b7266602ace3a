import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { QueryShapes } from './query-shapes.js';

interface Db {
  items: { id: string; name: string; size: number };
}

const db = new Kysely<Db>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

describe('QueryShapes', () => {
  it('compiles a shape once and binds each call’s values in slot order', () => {
    const shapes = new QueryShapes();
    let builds = 0;
    const update = (values: Record<string, unknown>) =>
      shapes.bind(
        'rename',
        (slot) => {
          builds++;
          return db
            .updateTable('items')
            .set({ name: slot('name'), size: 3 })
            .where('id', '=', slot('id'));
        },
        values,
      );
    const first = update({ id: 'a', name: 'one' });
    const second = update({ id: 'b', name: 'two' });
    expect(builds).toBe(1);
    expect(first.sql).toBe('update "items" set "name" = ?, "size" = ? where "id" = ?');
    expect(first.parameters).toEqual(['one', 3, 'a']);
    expect(second.parameters).toEqual(['two', 3, 'b']);
  });

  it('refuses to run a shape with a value missing', () => {
    const shapes = new QueryShapes();
    expect(() =>
      shapes.bind(
        'find',
        (slot) => db.selectFrom('items').selectAll().where('id', '=', slot('id')),
        {},
      ),
    ).toThrow('no value for id in find');
  });
});
