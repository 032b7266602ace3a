// Owns knowing whether the embedded database may have changed since a cached read: a counter of
// the statements this process ran through Kysely that may write, except writes to the tables
// every run writes, plus SQLite's data_version, which moves when another connection (another
// server process) commits.
import type BetterSqlite3 from 'better-sqlite3';

/** Tables whose rows no cached read depends on: run records and queue jobs. */
const RUN_TABLES = new Set(['instances', 'action_runs', 'work_jobs']);
const PLAIN_WRITE = /^\s*(?:insert\s+into|update|delete\s+from)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?\s/i;
const NO_WRITE = /^\s*(?:select|begin|commit|rollback|savepoint|release)\b/i;

export class WriteGeneration {
  private local = 0;
  private dataVersion: BetterSqlite3.Statement | null = null;
  /** data_version as read in this turn of the event loop; null before the first read. */
  private seenVersion: string | null = null;
  private readonly forgetVersion = (): void => {
    this.seenVersion = null;
  };

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  /** Whether running `sql` may change what a cached read depends on (asked once per text). */
  static affects(sql: string): boolean {
    if (NO_WRITE.test(sql)) return false;
    const table = PLAIN_WRITE.exec(sql)?.[1];
    return table === undefined || !RUN_TABLES.has(table.toLowerCase());
  }

  /** Called before each statement that `affects` the cached reads runs. */
  wrote(): void {
    this.local++;
  }

  /**
   * Equal for two calls when nothing a cached read depends on was written in between. Another
   * process's commit is looked for once per turn of the event loop (reading data_version costs
   * as much as the cached read): a request that follows that commit arrives in a later turn.
   */
  current(): string {
    if (this.seenVersion === null) {
      this.dataVersion ??= this.sqlite.prepare('pragma data_version').pluck();
      this.seenVersion = String(this.dataVersion.get());
      setImmediate(this.forgetVersion);
    }
    return `${this.local}:${this.seenVersion}`;
  }
}
