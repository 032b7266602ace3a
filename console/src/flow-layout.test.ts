// Where the graph puts a flow's actions: depth columns from Start, loop-backs and error edges
// told apart, For Each bodies kept inside their area, and nothing overlapping.
import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH, layoutFlow } from './flow-layout';
import { NIL_GUID, TEMPLATES, type FlowAction } from './model';

let next = 0;
const id = () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;

function action(templateId: string, name: string, parentId: string | null = null): FlowAction {
  return { id: id(), templateId, actionName: name, parentId, ports: [] };
}

function edge(from: FlowAction, to: FlowAction, type = 0, data?: Record<string, unknown>) {
  from.ports!.push({ id: id(), sourceId: from.id, destinationId: to.id, type, data });
}

const TASK = '11111111-2222-4333-8444-555555555555';

describe('layoutFlow', () => {
  it('puts each action one column right of its deepest predecessor', () => {
    const start = action(TEMPLATES.start, 'Start');
    start.ports!.push({ id: id(), sourceId: NIL_GUID, destinationId: start.id, type: 0 });
    const a = action(TASK, 'A');
    const b = action(TASK, 'B');
    const join = action(TEMPLATES.join, 'Join');
    const stop = action(TEMPLATES.stop, 'Stop');
    edge(start, a);
    edge(start, join);
    edge(a, b);
    edge(b, join);
    edge(join, stop);
    const layout = layoutFlow([stop, join, b, a, start]);
    const column = Object.fromEntries(layout.nodes.map((n) => [n.name, n.column]));
    expect(column).toEqual({ Start: 0, A: 1, B: 2, Join: 3, Stop: 4 });
    // The entry port is not an edge between two actions.
    expect(layout.edges).toHaveLength(5);
    expect(layout.nodes.find((n) => n.name === 'Join')!.kind).toBe('join');
  });

  it('marks error edges, default edges and loop-backs, and surrounds a For Each body', () => {
    const start = action(TEMPLATES.start, 'Start');
    const loop = action(TEMPLATES.forEach, 'Each order');
    const first = action(TASK, 'Check', loop.id);
    const second = action(TASK, 'Store', loop.id);
    const decide = action(TEMPLATES.decisional, 'Decide');
    const fix = action(TASK, 'Fix');
    const stop = action(TEMPLATES.stop, 'Stop');
    edge(start, loop);
    edge(loop, first);
    edge(first, second);
    edge(second, loop);
    edge(loop, decide);
    edge(decide, stop, 0, { isDefault: 'default' });
    edge(decide, fix);
    edge(fix, stop, 1);
    const layout = layoutFlow([start, loop, first, second, decide, fix, stop]);
    const byName = Object.fromEntries(layout.nodes.map((n) => [n.name, n]));
    // The continuation waits for the whole body.
    expect(byName.Decide!.column).toBe(byName.Store!.column + 1);
    const back = layout.edges.filter((e) => e.back);
    expect(back.map((e) => [e.from, e.to])).toEqual([[second.id, loop.id]]);
    expect(layout.edges.find((e) => e.error)).toMatchObject({ from: fix.id, label: 'error' });
    expect(layout.edges.find((e) => e.label === 'default')).toMatchObject({ from: decide.id });
    expect(layout.areas).toHaveLength(1);
    const area = layout.areas[0]!;
    for (const member of [byName['Each order']!, byName.Check!, byName.Store!]) {
      expect(member.x).toBeGreaterThan(area.x);
      expect(member.x + NODE_WIDTH).toBeLessThan(area.x + area.width);
      expect(member.y).toBeGreaterThan(area.y);
      expect(member.y + NODE_HEIGHT).toBeLessThan(area.y + area.height);
    }
    expect(byName.Decide!.x).toBeGreaterThan(area.x + area.width);
  });

  it('never places two actions on the same spot and fits them all in the drawing', () => {
    const start = action(TEMPLATES.start, 'Start');
    const branches = [1, 2, 3, 4].map((n) => action(TASK, `Branch ${n}`));
    const stop = action(TEMPLATES.stop, 'Stop');
    for (const branch of branches) {
      edge(start, branch);
      edge(branch, stop);
    }
    const orphan = action(TASK, 'Unconnected');
    const layout = layoutFlow([start, ...branches, stop, orphan]);
    const spots = layout.nodes.map((n) => `${n.x},${n.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    for (const node of layout.nodes) {
      expect(node.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width);
      expect(node.y + NODE_HEIGHT).toBeLessThanOrEqual(layout.height);
    }
  });

  it('draws what it can of a flow being typed and skips the rest', () => {
    const broken = [
      { id: 42, templateId: TASK },
      null,
      { id: 'only-one', templateId: 7, ports: 'none' },
    ] as unknown as FlowAction[];
    const layout = layoutFlow(broken);
    expect(layout.nodes.map((n) => n.id)).toEqual(['only-one']);
    expect(layout.edges).toEqual([]);
  });
});
