// Owns the embedded database's cache of process summaries, which every run reads to find the
// version it starts: kept until anything but a run record is written, by this process or any
// other (WriteGeneration), so a saved or deactivated process is seen by the very next run.
import type { Kysely } from 'kysely';
import type { ProcessSummary } from '../../ports/process.store.js';
import { KyselyProcessStore } from '../kysely/process.store.js';
import type { Tables } from '../kysely/schema.js';
import type { WriteGeneration } from './write-generation.js';

const MAX_CACHED = 1000;

export class SqliteProcessStore extends KyselyProcessStore {
  private readonly summaries = new Map<string, ProcessSummary | null>();
  private generation = '';

  constructor(
    db: Kysely<Tables>,
    private readonly writes: WriteGeneration,
  ) {
    super(db);
  }

  override async summary(workspaceId: string, id: string): Promise<ProcessSummary | null> {
    const generation = this.writes.current();
    if (generation !== this.generation) {
      this.summaries.clear();
      this.generation = generation;
    }
    const key = `${workspaceId}/${id}`;
    const cached = this.summaries.get(key);
    if (cached !== undefined) return cached && { ...cached };
    const summary = await super.summary(workspaceId, id);
    // Kept only when nothing was written while it was read.
    if (this.writes.current() === generation) {
      if (this.summaries.size >= MAX_CACHED) this.summaries.clear();
      this.summaries.set(key, summary && { ...summary });
    }
    return summary;
  }
}
