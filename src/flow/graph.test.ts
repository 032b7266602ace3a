import { describe, expect, it } from 'vitest';
import { findCycles, upstreamOf } from './graph.js';

function graph(edges: [string, string][], nodes: string[]): Map<string, string[]> {
  const adjacency = new Map(nodes.map((n) => [n, [] as string[]]));
  for (const [from, to] of edges) adjacency.get(from)!.push(to);
  return adjacency;
}

describe('findCycles', () => {
  it('finds nothing in a DAG with a diamond', () => {
    const g = graph(
      [
        ['a', 'b'],
        ['a', 'c'],
        ['b', 'd'],
        ['c', 'd'],
      ],
      ['a', 'b', 'c', 'd'],
    );
    expect(findCycles(g)).toEqual([]);
  });

  it('returns each cycle once, its nodes in graph order, and a self-loop', () => {
    const g = graph(
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'b'],
        ['d', 'd'],
        ['e', 'a'],
      ],
      ['a', 'b', 'c', 'd', 'e'],
    );
    expect(findCycles(g)).toEqual([['b', 'c'], ['d']]);
  });

  it('handles a chain of 100 000 nodes without exhausting the stack', () => {
    const nodes = Array.from({ length: 100_000 }, (_, i) => `n${i}`);
    const edges = nodes.slice(1).map((n, i) => [nodes[i]!, n] as [string, string]);
    edges.push([nodes[nodes.length - 1]!, nodes[0]!]);
    const cycles = findCycles(graph(edges, nodes));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(100_000);
  });
});

describe('upstreamOf', () => {
  it('collects the node and everything that reaches it, nothing downstream or aside', () => {
    const predecessors = graph(
      [
        ['d', 'b'],
        ['d', 'c'],
        ['b', 'a'],
        ['c', 'a'],
        ['e', 'd'],
      ],
      ['a', 'b', 'c', 'd', 'e', 'x'],
    );
    expect([...upstreamOf('b', predecessors)].sort()).toEqual(['a', 'b']);
    expect([...upstreamOf('d', predecessors)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});
