// The storage port for the registry of running Sluice processes (serve and worker), kept
// alive by heartbeats so any process can tell how many workers are up.

export interface NodeRecord {
  id: string;
  roles: string[];
  host: string;
  pid: number;
  version: string;
  startedOn: Date;
  heartbeatOn: Date;
}

export interface NodeRegistry {
  register(node: NodeRecord): Promise<void>;
  heartbeat(id: string, at: Date): Promise<void>;
  remove(id: string): Promise<void>;
  /** Processes with the role whose last heartbeat is at or after `since`. */
  countLive(role: string, since: Date): Promise<number>;
  /** Deletes records whose heartbeat stopped before `before`. */
  prune(before: Date): Promise<number>;
}
