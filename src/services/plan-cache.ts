// Owns turning a stored process version into an executable plan: compiled once per (process,
// version) and kept, since versions never change.
import { builtinResolver } from '../domain/data-types/builtin-models.js';
import type { DataTypeResolver } from '../domain/data-types/types.js';
import type { LoadedPlan, PlanSource } from '../engine/ports.js';
import { compileFlow } from '../flow/compile.js';
import type { FlowRequestDto } from '../flow/flow.schema.js';
import type { ValidationProblem } from '../flow/plan.js';
import type { CatalogSource } from '../flow/template-catalog.js';

/** Where stored process versions come from. */
export interface ProcessVersions {
  /** The flow document of one saved version, or null when it does not exist in the workspace. */
  flow(workspaceId: string, processId: string, version: number): Promise<FlowRequestDto | null>;
  /** Whether a process exists in the workspace (sub-process references). */
  exists(workspaceId: string, processId: string): Promise<boolean>;
}

export class PlanNotRunnable extends Error {
  constructor(readonly problems: ValidationProblem[]) {
    super(problems.map((p) => `${p.target}: ${p.value}`).join('; '));
  }
}

const MAX_CACHED = 500;

export class PlanCache implements PlanSource {
  private readonly plans = new Map<string, LoadedPlan>();

  constructor(
    private readonly versions: ProcessVersions,
    private readonly catalogs: CatalogSource,
    private readonly types: (workspaceId: string) => Promise<DataTypeResolver> = async () =>
      builtinResolver(),
  ) {}

  async load(workspaceId: string, processId: string, version: number): Promise<LoadedPlan> {
    const key = `${workspaceId}/${processId}/${version}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const flow = await this.versions.flow(workspaceId, processId, version);
    if (!flow)
      throw new PlanNotRunnable([
        { statusCode: 450, value: 'Database requested information not found.', target: 'flow' },
      ]);
    const loaded = await this.compile(workspaceId, flow);
    if (this.plans.size >= MAX_CACHED) this.plans.delete(this.plans.keys().next().value as string);
    this.plans.set(key, loaded);
    return loaded;
  }

  /**
   * Drops the compiled plans of a workspace (null: of every workspace), which captured its data
   * models: after a model changes, the next run compiles against the new definition (or is
   * refused when the flow no longer fits it).
   */
  forget(workspaceId: string | null): void {
    if (workspaceId === null) return this.plans.clear();
    const prefix = `${workspaceId}/`;
    for (const key of [...this.plans.keys()]) if (key.startsWith(prefix)) this.plans.delete(key);
  }

  /** Compiles a flow; throws PlanNotRunnable with every problem when it is invalid. */
  async compile(workspaceId: string, flow: FlowRequestDto): Promise<LoadedPlan> {
    const types = await this.types(workspaceId);
    // Deleted custom actions still compile: instances published before the delete keep running.
    const catalog = await this.catalogs.catalogFor(workspaceId, { includeDeleted: true });
    // Sub-process targets are checked when the action runs (it fails with 504 then).
    const { plan, problems } = compileFlow(flow, catalog, types, {
      processExists: () => true,
    });
    if (!plan) throw new PlanNotRunnable(problems);
    return { plan, types };
  }
}
