// Draws a flow (API.md §3.4–3.7) as SVG: actions as boxes left to right, normal edges solid,
// error edges dashed red, loop-backs under the nodes, For Each bodies inside a shaded area.
import { useMemo } from 'preact/hooks';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  layoutFlow,
  type LaidOutEdge,
  type LaidOutNode,
} from './flow-layout';
import { actionStatusName, actionTone, type FlowAction } from './model';

const KIND_LABEL: Record<LaidOutNode['kind'], string> = {
  start: 'Start',
  stop: 'Stop',
  join: 'Join',
  decisional: 'Decisional',
  foreach: 'For Each',
  action: 'Action',
};

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function edgePath(edge: LaidOutEdge, from: LaidOutNode, to: LaidOutNode, floor: number): string {
  if (edge.back) {
    // Under both nodes, from the source's bottom back to the target's bottom.
    const sx = from.x + NODE_WIDTH / 2;
    const tx = to.x + NODE_WIDTH / 2;
    const sy = from.y + NODE_HEIGHT;
    const ty = to.y + NODE_HEIGHT;
    const low = Math.min(floor, Math.max(sy, ty) + 36);
    return `M ${sx} ${sy} C ${sx} ${low}, ${tx} ${low}, ${tx} ${ty + 6}`;
  }
  const sx = from.x + NODE_WIDTH;
  const sy = from.y + NODE_HEIGHT / 2;
  const tx = to.x;
  const ty = to.y + NODE_HEIGHT / 2;
  const bend = Math.max(28, (tx - sx) / 2);
  return `M ${sx} ${sy} C ${sx + bend} ${sy}, ${tx - bend} ${ty}, ${tx - 6} ${ty}`;
}

export function FlowGraph({
  actions,
  invalidActions = new Set(),
  statuses,
}: {
  actions: FlowAction[];
  /** Actions the last validation complained about: outlined in red. */
  invalidActions?: Set<string>;
  /** Instance view: ActionStatus per action id, shown as the node's colour. */
  statuses?: Map<string, number>;
}) {
  const layout = useMemo(() => layoutFlow(actions), [actions]);
  const byId = new Map(layout.nodes.map((node) => [node.id, node]));
  if (layout.nodes.length === 0) return <p class="muted">This flow has no actions.</p>;
  return (
    <div class="graph-scroll">
      <svg
        class="flow-graph"
        role="img"
        aria-label={`Flow graph with ${layout.nodes.length} actions`}
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        // Shrinks a wide flow to the panel, down to 60 %; past that the panel scrolls instead.
        style={{
          width: '100%',
          maxWidth: `${layout.width}px`,
          minWidth: `${Math.round(layout.width * 0.6)}px`,
          height: 'auto',
        }}
      >
        <defs>
          <marker
            id="arrow-normal"
            viewBox="0 0 10 10"
            refX="4"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-normal" />
          </marker>
          <marker
            id="arrow-error"
            viewBox="0 0 10 10"
            refX="4"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-error" />
          </marker>
        </defs>
        {layout.areas.map((area) => (
          <g class="foreach-area" key={area.forEachId} data-foreach-id={area.forEachId}>
            <rect x={area.x} y={area.y} width={area.width} height={area.height} rx="10" />
            <text x={area.x + 10} y={area.y + 14}>
              {truncate(/^for each/i.test(area.name) ? area.name : `For Each: ${area.name}`, 40)}
            </text>
          </g>
        ))}
        {layout.edges.map((edge) => {
          const from = byId.get(edge.from)!;
          const to = byId.get(edge.to)!;
          const path = edgePath(edge, from, to, layout.height - 4);
          const midX = edge.back
            ? (from.x + to.x + NODE_WIDTH) / 2
            : (from.x + NODE_WIDTH + to.x) / 2;
          const midY = edge.back
            ? Math.max(from.y, to.y) + NODE_HEIGHT + 26
            : (from.y + to.y + NODE_HEIGHT) / 2 - 6;
          return (
            <g
              key={edge.id}
              class={`edge ${edge.error ? 'edge-error' : 'edge-normal'}${edge.back ? ' edge-back' : ''}`}
              data-from={edge.from}
              data-to={edge.to}
            >
              <path d={path} marker-end={edge.error ? 'url(#arrow-error)' : 'url(#arrow-normal)'} />
              {edge.label && (
                <text x={midX} y={midY} text-anchor="middle" class="edge-label">
                  {edge.label}
                </text>
              )}
            </g>
          );
        })}
        {layout.nodes.map((node) => {
          const status = statuses?.get(node.id);
          const classes = [
            'node',
            `node-${node.kind}`,
            node.disabled ? 'node-disabled' : '',
            invalidActions.has(node.id) ? 'node-invalid' : '',
            statuses ? `node-status-${actionTone(status)}` : '',
          ].filter(Boolean);
          const round = node.kind === 'start' || node.kind === 'stop' ? NODE_HEIGHT / 2 : 6;
          return (
            <g
              key={node.id}
              class={classes.join(' ')}
              data-action-id={node.id}
              transform={`translate(${node.x} ${node.y})`}
            >
              <title>
                {`${node.name} (${KIND_LABEL[node.kind]})${statuses ? ` — ${actionStatusName(status)}` : ''}${node.disabled ? ' — disabled' : ''}`}
              </title>
              <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={round} />
              {node.kind === 'decisional' && (
                <path d="M 14 15 L 22 23 L 14 31 L 6 23 z" class="node-glyph" />
              )}
              {node.kind === 'foreach' && (
                <path
                  d="M 8 23 a 7 7 0 1 1 7 7 M 15 30 l -4 -3 M 15 30 l -4 3"
                  class="node-glyph node-glyph-line"
                />
              )}
              <text x={NODE_WIDTH / 2} y={20} text-anchor="middle" class="node-name">
                {truncate(node.name, 22)}
              </text>
              <text x={NODE_WIDTH / 2} y={36} text-anchor="middle" class="node-kind">
                {statuses ? actionStatusName(status) : KIND_LABEL[node.kind]}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
