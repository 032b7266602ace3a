// Owns how the embedded database writes instances: every write of one turn of the event loop
// goes into one transaction (group commit). A commit writes each changed page to the WAL once,
// so concurrent runs share the cost that dominated a run of quick actions; each write keeps its
// own outcome (see commit). Reads and the rarer writes stay on the shared Kysely code.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type {
  ActionRunRecord,
  FirstWrite,
  InstanceProgress,
  InstanceRecord,
} from '../../ports/instance.store.js';
import {
  KyselyInstanceStore,
  firstWriteRow,
  instanceRow,
  progressChanges,
} from '../kysely/instance.store.js';
import { writeJson } from '../kysely/codec.js';
import type { Tables } from '../kysely/schema.js';
import { toSqliteParameter } from './sqlite.database.js';

/** A write bound to its values; answers what the caller gets (false: the lease was lost). */
type Write = () => boolean;

interface Pending {
  write: Write;
  resolve: (value: boolean) => void;
  reject: (error: unknown) => void;
}

/** Action records per insert: one statement per checkpoint of a short run, few texts to prepare. */
const RUNS_PER_STATEMENT = 16;
const RUN_COLUMNS = [
  'instance_id',
  'action_id',
  'iteration',
  'status',
  'attempts',
  'started_on',
  'finished_on',
  'inputs',
  'outputs',
  'error',
  'counted',
];
/** What a repeated record of the same action and item replaces. */
const RUN_UPDATED = RUN_COLUMNS.filter(
  (c) => !['instance_id', 'action_id', 'iteration', 'counted'].includes(c),
);

function values(row: Record<string, unknown>, columns: readonly string[]): unknown[] {
  return columns.map((column) => toSqliteParameter(row[column]));
}

/** Appends a record's values in RUN_COLUMNS order (the hot path of every checkpoint). */
function pushRunValues(bound: unknown[], run: ActionRunRecord): void {
  bound.push(
    run.instanceId,
    run.actionId,
    run.iteration,
    run.status,
    run.attempts,
    toSqliteParameter(run.startedOn),
    toSqliteParameter(run.finishedOn),
    run.inputs === null || run.inputs === undefined ? null : writeJson(run.inputs),
    run.outputs === null || run.outputs === undefined ? null : writeJson(run.outputs),
    run.error === null || run.error === undefined ? null : writeJson(run.error),
    run.counted ? 1 : 0,
  );
}

export class SqliteInstanceStore extends KyselyInstanceStore {
  private pending: Pending[] = [];
  private flushScheduled = false;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    private readonly kysely: Kysely<Tables>,
    private readonly sqlite: BetterSqlite3.Database,
  ) {
    super(kysely);
  }

  override async create(i: InstanceRecord, lease?: { owner: string; until: Date }): Promise<void> {
    const insert = this.instanceInsert(instanceRow(i, lease ?? null));
    await this.enqueue(() => {
      insert();
      return true;
    });
  }

  override checkpoint(
    id: string,
    owner: string,
    p: InstanceProgress,
    runs: ActionRunRecord[],
    first?: FirstWrite,
  ): Promise<boolean> {
    // Values are taken now: the engine goes on changing its variables after this call.
    const now = new Date();
    const upsertRuns: (() => void)[] = [];
    for (let i = 0; i < runs.length; i += RUNS_PER_STATEMENT)
      upsertRuns.push(this.runsUpsert(runs.slice(i, i + RUNS_PER_STATEMENT)));
    let progress: () => boolean;
    if (first) {
      const insert = this.instanceInsert(firstWriteRow(first, owner, p, now));
      progress = () => {
        insert();
        return true;
      };
    } else {
      const changes = progressChanges(p, now);
      const columns = Object.keys(changes);
      const statement = this.statement(
        `progress:${p.releaseLease === true}`,
        () =>
          `update "instances" set ${columns.map((c) => `"${c}" = ?`).join(', ')} where "id" = ? and "lease_owner" = ?`,
      );
      const bound = [...values(changes, columns), id, owner];
      progress = () => statement.run(bound).changes === 1;
    }
    return this.enqueue(() => {
      if (!progress()) return false;
      for (const upsert of upsertRuns) upsert();
      return true;
    });
  }

  private instanceInsert(row: Record<string, unknown>): () => void {
    const columns = Object.keys(row);
    const statement = this.statement(
      'insert instance',
      () =>
        `insert into "instances" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    );
    const bound = values(row, columns);
    return () => void statement.run(bound);
  }

  private runsUpsert(runs: ActionRunRecord[]): () => void {
    const statement = this.statement(
      `upsert runs:${runs.length}`,
      () =>
        `insert into "action_runs" (${RUN_COLUMNS.map((c) => `"${c}"`).join(', ')}) values ` +
        runs.map(() => `(${RUN_COLUMNS.map(() => '?').join(', ')})`).join(', ') +
        ` on conflict ("instance_id", "action_id", "iteration") do update set ${RUN_UPDATED.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`,
    );
    const bound: unknown[] = [];
    for (const run of runs) pushRunValues(bound, run);
    return () => void statement.run(bound);
  }

  /** The prepared statement named `key`; `sql` builds its text the first time (a key is one text). */
  private statement(key: string, sql: () => string = () => key): BetterSqlite3.Statement {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(sql());
      this.statements.set(key, statement);
    }
    return statement;
  }

  private enqueue(write: Write): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    // Holding Kysely's connection keeps this transaction from interleaving with one of Kysely's.
    this.kysely
      .connection()
      .execute(async () => this.commit(batch))
      .catch((error: unknown) => {
        for (const pending of batch) pending.reject(error);
      });
  };

  /**
   * Runs the batch in one transaction. Should a write fail, the batch is rolled back and each
   * write runs again in a transaction of its own, so only the failing one is rejected.
   */
  private commit(batch: Pending[]): void {
    let outcomes: boolean[];
    try {
      outcomes = this.transaction(() => batch.map((pending) => pending.write()));
    } catch (error) {
      if (batch.length === 1) throw error;
      for (const pending of batch) {
        try {
          pending.resolve(this.transaction(pending.write));
        } catch (failure) {
          pending.reject(failure);
        }
      }
      return;
    }
    batch.forEach((pending, n) => pending.resolve(outcomes[n]!));
  }

  private transaction<T>(work: () => T): T {
    this.statement('begin immediate').run();
    try {
      const result = work();
      this.statement('commit').run();
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.statement('rollback').run();
      throw error;
    }
  }
}
