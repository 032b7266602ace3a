// Owns the graph algorithms the compiler needs: cycles (strongly connected components) and the
// set of nodes upstream of a node. Pure functions over plain adjacency lists.

/** Adjacency: node id → successor ids. Every successor must also be a key. */
export type Adjacency = ReadonlyMap<string, readonly string[]>;

/**
 * The cycles of a directed graph: each strongly connected component with more than one node, or
 * a node with an edge to itself. Nodes of a component keep the order of `graph`'s keys;
 * components come in the order of their first node.
 */
export function findCycles(graph: Adjacency): string[][] {
  const order = new Map<string, number>();
  [...graph.keys()].forEach((id, i) => order.set(id, i));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  // Iterative Tarjan: a flow of a few thousand actions in a chain must not exhaust the JS stack.
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const successors = graph.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const successor = successors[frame.next]!;
        frame.next += 1;
        if (!index.has(successor)) {
          index.set(successor, counter);
          low.set(successor, counter);
          counter += 1;
          stack.push(successor);
          onStack.add(successor);
          work.push({ node: successor, next: 0 });
        } else if (onStack.has(successor)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(successor)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) {
          component.sort((a, b) => order.get(a)! - order.get(b)!);
          components.push(component);
        }
      }
    }
  }
  return components.sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

/** `start` and every node from which `start` can be reached, given predecessor lists. */
export function upstreamOf(start: string, predecessors: Adjacency): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.pop()!;
    for (const previous of predecessors.get(node) ?? []) {
      if (!seen.has(previous)) {
        seen.add(previous);
        queue.push(previous);
      }
    }
  }
  return seen;
}
