// Owns precompiled query shapes for the statements every run makes: building and compiling a
// Kysely query costs more than executing it on SQLite, so a hot statement is compiled once with
// named stand-ins for its values and later executed with the values bound into the same SQL.
import { CompiledQuery, type Compilable } from 'kysely';

/** A stand-in for a named value while a shape is compiled. */
class Slot {
  constructor(readonly name: string) {}
}

interface Shape {
  sql: string;
  parameters: readonly unknown[];
}

export type SlotOf = (name: string) => never;

export class QueryShapes {
  private readonly shapes = new Map<string, Shape>();

  /**
   * The compiled query of the shape `key` with `values` bound. `build` runs once per key and
   * must give every value as `slot(name)`; a key always stands for the same SQL.
   */
  bind(
    key: string,
    build: (slot: SlotOf) => Compilable,
    values: Readonly<Record<string, unknown>>,
  ): CompiledQuery {
    let shape = this.shapes.get(key);
    if (!shape) {
      const compiled = build((name) => new Slot(name) as never).compile();
      shape = { sql: compiled.sql, parameters: compiled.parameters };
      this.shapes.set(key, shape);
    }
    return CompiledQuery.raw(
      shape.sql,
      shape.parameters.map((parameter) => {
        if (!(parameter instanceof Slot)) return parameter;
        if (!(parameter.name in values))
          throw new Error(`no value for ${parameter.name} in ${key}`);
        return values[parameter.name];
      }),
    );
  }
}
