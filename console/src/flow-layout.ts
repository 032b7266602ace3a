// Owns where the flow graph's nodes go: columns by depth from Start (longest path, so every edge
// but a loop-back points right), rows in the order the flow is walked, For Each bodies kept
// together so one area can surround them. Pure: no DOM, so it is tested in Node.
import { NIL_GUID, TEMPLATES, type FlowAction } from './model';

export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 46;
const COLUMN_GAP = 64;
const ROW_GAP = 50;
const MARGIN = 24;
const AREA_PAD = 12;
const AREA_LABEL = 18;

export type NodeKind = 'start' | 'stop' | 'join' | 'decisional' | 'foreach' | 'action';

export interface LaidOutNode {
  id: string;
  name: string;
  kind: NodeKind;
  disabled: boolean;
  column: number;
  row: number;
  x: number;
  y: number;
}

export interface LaidOutEdge {
  id: string;
  from: string;
  to: string;
  error: boolean;
  /** A loop-back (For Each body → For Each) or any other edge that points backwards. */
  back: boolean;
  label: string | null;
}

export interface LaidOutArea {
  forEachId: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlowLayout {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  areas: LaidOutArea[];
  width: number;
  height: number;
}

function kindOf(action: FlowAction): NodeKind {
  switch (String(action.templateId ?? '').toLowerCase()) {
    case TEMPLATES.start:
      return 'start';
    case TEMPLATES.stop:
      return 'stop';
    case TEMPLATES.join:
      return 'join';
    case TEMPLATES.decisional:
      return 'decisional';
    case TEMPLATES.forEach:
      return 'foreach';
    default:
      return 'action';
  }
}

function edgesOf(actions: FlowAction[], known: Set<string>): Omit<LaidOutEdge, 'back'>[] {
  const edges: Omit<LaidOutEdge, 'back'>[] = [];
  for (const action of actions) {
    for (const port of Array.isArray(action.ports) ? action.ports : []) {
      if (typeof port !== 'object' || port === null) continue;
      // The entry port (nil → Start) is designer data, not an edge between two actions.
      if (port.sourceId === NIL_GUID || !known.has(port.sourceId)) continue;
      if (!known.has(port.destinationId)) continue;
      const marker = port.data?.isDefault;
      const error = port.type === 1 || marker === 'error';
      edges.push({
        id: port.id,
        from: port.sourceId,
        to: port.destinationId,
        error,
        label: error ? 'error' : marker === 'default' ? 'default' : null,
      });
    }
  }
  return edges;
}

export function layoutFlow(given: FlowAction[]): FlowLayout {
  // The editor previews whatever is typed: anything that is not an action with an id is left out.
  const actions = given.filter(
    (action): action is FlowAction =>
      typeof action === 'object' && action !== null && typeof action.id === 'string',
  );
  const byId = new Map(actions.map((action) => [action.id, action]));
  const rawEdges = edgesOf(actions, new Set(byId.keys()));
  const outgoing = new Map<string, string[]>();
  for (const edge of rawEdges)
    outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge.to]);

  // Walk from Start first (then anything unreachable), marking edges into the walk's own path as
  // back edges: that breaks every cycle, For Each loop-backs included.
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 'open');
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') back.add(`${id}>${next}`);
      else if (seen === undefined) visit(next);
    }
    state.set(id, 'done');
  };
  const starts = actions.filter((a) => kindOf(a) === 'start').map((a) => a.id);
  for (const id of [...starts, ...actions.map((a) => a.id)]) if (!state.has(id)) visit(id);
  const edges: LaidOutEdge[] = rawEdges.map((edge) => ({
    ...edge,
    back: back.has(`${edge.from}>${edge.to}`),
  }));
  const forward = edges.filter((edge) => !edge.back);

  // Longest-path depth; a For Each's continuation also waits for the deepest body action.
  const bodyOf = new Map<string, string[]>();
  for (const action of actions)
    if (action.parentId && byId.has(action.parentId))
      bodyOf.set(action.parentId, [...(bodyOf.get(action.parentId) ?? []), action.id]);
  const depth = new Map(actions.map((action) => [action.id, 0]));
  for (let pass = 0; pass <= actions.length; pass++) {
    let changed = false;
    const raise = (id: string, value: number) => {
      if (value > depth.get(id)!) {
        depth.set(id, value);
        changed = true;
      }
    };
    for (const edge of forward) {
      raise(edge.to, depth.get(edge.from)! + 1);
      const body = bodyOf.get(edge.from);
      if (body && byId.get(edge.to)?.parentId !== edge.from)
        raise(edge.to, Math.max(...body.map((id) => depth.get(id)!)) + 1);
    }
    if (!changed) break;
  }

  // Rows: each node takes its first placed predecessor's row, or the next free one below it.
  const firstParent = new Map<string, string>();
  for (const edge of forward) if (!firstParent.has(edge.to)) firstParent.set(edge.to, edge.from);
  const rowOf = new Map<string, number>();
  const taken = new Map<number, Set<number>>();
  for (const id of order) {
    const column = depth.get(id)!;
    const parent = firstParent.get(id);
    let row = parent !== undefined ? (rowOf.get(parent) ?? 0) : 0;
    const used = taken.get(column) ?? new Set<number>();
    while (used.has(row)) row++;
    used.add(row);
    taken.set(column, used);
    rowOf.set(id, row);
  }

  const nodes: LaidOutNode[] = actions.map((action) => {
    const column = depth.get(action.id)!;
    const row = rowOf.get(action.id)!;
    return {
      id: action.id,
      name: String(action.actionName || action.actionTemplateName || 'Action'),
      kind: kindOf(action),
      disabled: action.isDisabled === true,
      column,
      row,
      x: MARGIN + column * (NODE_WIDTH + COLUMN_GAP),
      y: MARGIN + AREA_LABEL + row * (NODE_HEIGHT + ROW_GAP),
    };
  });
  const nodeById = new Map(nodes.map((node) => [node.id, node]));

  const areas: LaidOutArea[] = [];
  for (const [forEachId, body] of bodyOf) {
    const members = [forEachId, ...body].map((id) => nodeById.get(id)!);
    const left = Math.min(...members.map((n) => n.x)) - AREA_PAD;
    const top = Math.min(...members.map((n) => n.y)) - AREA_PAD - AREA_LABEL;
    const right = Math.max(...members.map((n) => n.x + NODE_WIDTH)) + AREA_PAD;
    const bottom = Math.max(...members.map((n) => n.y + NODE_HEIGHT)) + AREA_PAD;
    areas.push({
      forEachId,
      name: nodeById.get(forEachId)!.name,
      x: left,
      y: top,
      width: right - left,
      height: bottom - top,
    });
  }

  // The drawing ends where its lowest and rightmost parts do; loop-backs dip under their nodes.
  const loopDip = edges
    .filter((edge) => edge.back)
    .map(
      (edge) => Math.max(nodeById.get(edge.from)!.y, nodeById.get(edge.to)!.y) + NODE_HEIGHT + 40,
    );
  const right = Math.max(
    0,
    ...nodes.map((n) => n.x + NODE_WIDTH),
    ...areas.map((a) => a.x + a.width),
  );
  const bottom = Math.max(
    0,
    ...nodes.map((n) => n.y + NODE_HEIGHT),
    ...areas.map((a) => a.y + a.height),
    ...loopDip,
  );
  return { nodes, edges, areas, width: right + MARGIN, height: bottom + MARGIN };
}
