// Owns the persisted execution state of an instance: where its branches are (tokens), the For
// Each loops in progress and the Join arrivals. It is plain JSON so any worker can resume it.

/** Iteration index of a token outside any For Each body. */
export const TOP_LEVEL = -1;

export interface Token {
  id: number;
  /** The node to run next. */
  node: string;
  /** The edge the token arrived by (Joins count arrivals per edge); null for Start. */
  via: string | null;
  /** The For Each item index for a token inside a body; TOP_LEVEL otherwise. */
  iteration: number;
  /**
   * Variable values private to this iteration (For Each with concurrency above 1 binds the item
   * and index here, so parallel iterations do not overwrite each other).
   */
  locals?: Record<string, unknown>;
  /**
   * Set while the token waits: for a Delay until a time, for a sub-process instance, or for the
   * back-off after a retryable failure (`attempt` is the attempt that failed).
   */
  wait?:
    | { kind: 'delay'; until: string }
    | { kind: 'child'; instanceId: string }
    | { kind: 'retry'; until: string; attempt: number };
  /** The attempt the token's action makes next, when it is not the first (set on a retry wake). */
  attempt?: number;
}

export interface LoopState {
  items: unknown[];
  /** The next item index to start. */
  next: number;
  concurrency: number;
  startedOn: string;
  /** Item indexes whose body still runs. */
  running: number[];
  /** The loop's time limit (the For Each *Action timeout*); 0 = none. */
  timeoutSeconds: number;
}

export interface ExecutionState {
  tokens: Token[];
  loops: Record<string, LoopState>;
  /** Join node id + iteration → the edge ids that arrived. */
  joins: Record<string, string[]>;
  nextTokenId: number;
}

export function initialState(startNodeId: string): ExecutionState {
  return {
    tokens: [{ id: 1, node: startNodeId, via: null, iteration: TOP_LEVEL }],
    loops: {},
    joins: {},
    nextTokenId: 2,
  };
}

export function joinKey(nodeId: string, iteration: number): string {
  return `${nodeId}#${iteration}`;
}
