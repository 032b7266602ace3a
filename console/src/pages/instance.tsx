// One instance (API.md §4.6): its status, the per-action timeline, variable values, the graph
// coloured by action status, and Stop. Refreshed every two seconds until it ends.
import { api } from '../api';
import {
  ActionStatusBadge,
  ConfirmButton,
  JsonBlock,
  StatusBadge,
  ValueView,
  usePolling,
} from '../components';
import { typeName, useDataTypes } from '../data-types';
import { FlowGraph } from '../flow-graph';
import { layoutFlow } from '../flow-layout';
import {
  TEMPLATES,
  TERMINAL_STATUSES,
  VARIABLE_ORIENTATION,
  formatDuration,
  type ActionTimes,
  type Flow,
  type InstanceAction,
  type StatusAnswer,
} from '../model';
import { Link } from '../router';
import { Async, ErrorBox, PageHeader, formatDate, useAction, useApi } from '../ui';

const REFRESH_MS = 2000;

interface TimelineRow {
  action: InstanceAction;
  times: ActionTimes | undefined;
}

/**
 * The actions in flow order: by depth in the graph (when the process's flow is at hand), then in
 * the order they first ran (the analytics route knows it for the actions it counts), then as the
 * instance lists them. Start, Stop and Join have no analytics row; without the graph Start is put
 * first and the other untimed actions after the timed ones.
 */
function timeline(
  actions: InstanceAction[],
  times: ActionTimes[] | undefined,
  depths: Map<string, number> | null,
): TimelineRow[] {
  const timesById = new Map((times ?? []).map((row) => [row.actionId, row]));
  const firstRun = new Map((times ?? []).map((row, index) => [row.actionId, index]));
  const LAST = Number.MAX_SAFE_INTEGER;
  const group = (action: InstanceAction) => {
    if (depths) return depths.get(action.id) ?? LAST;
    if (action.templateId?.toLowerCase() === TEMPLATES.start) return 0;
    if (firstRun.has(action.id)) return 1;
    return action.status !== undefined && action.status !== 1 ? 2 : 3;
  };
  return actions
    .map((action, index) => ({ action, index }))
    .sort(
      (a, b) =>
        group(a.action) - group(b.action) ||
        (firstRun.get(a.action.id) ?? LAST) - (firstRun.get(b.action.id) ?? LAST) ||
        a.index - b.index,
    )
    .map(({ action }) => ({ action, times: timesById.get(action.id) }));
}

function duration(row: TimelineRow): string {
  if (row.times) return formatDuration(row.times.totalTime);
  const { startedOn, finishedOn } = row.action;
  if (startedOn && finishedOn)
    return formatDuration(new Date(finishedOn).getTime() - new Date(startedOn).getTime());
  return '—';
}

export function InstancePage({ instanceId }: { instanceId: string }) {
  const status = useApi<StatusAnswer>(`/api/Projects/instances/${instanceId}/status`);
  const times = useApi<ActionTimes[]>(`/api/Resources/analytics/instances/${instanceId}/details`);
  const processId = status.data?.instance.parentId ?? null;
  const flow = useApi<{ flow: Flow }>(processId ? `/api/Projects/${processId}` : null);
  const types = useDataTypes();
  const current = status.data?.status;
  const ended = current !== undefined && TERMINAL_STATUSES.includes(current);
  usePolling(
    () => {
      status.reload();
      times.reload();
    },
    REFRESH_MS,
    status.data !== undefined && !ended,
  );
  const stop = useAction(async () => {
    await api(`/api/Projects/instances/${instanceId}/stop`, {
      method: 'POST',
      query: { flowTemplateId: processId },
    });
    status.reload();
    times.reload();
  });

  return (
    <Async state={status}>
      {({ instance, error }) => {
        const actions = instance.actions ?? [];
        const depths = flow.data
          ? new Map(layoutFlow(flow.data.flow.actions).nodes.map((n) => [n.id, n.column]))
          : null;
        const rows = timeline(actions, times.data, depths);
        const showStart = actions.some((a) => a.startedOn);
        const showAttempts = actions.some((a) => typeof a.attempts === 'number');
        const statuses = new Map(actions.map((a) => [a.id, a.status ?? 1]));
        return (
          <>
            <PageHeader title={`Instance of ${instance.title}`}>
              <Link to="/instances" query={{ process: instance.parentId }} class="button">
                All instances
              </Link>
              <Link to={`/processes/${instance.parentId}`} class="button">
                Process
              </Link>
              {!ended && (
                <ConfirmButton
                  label="Stop"
                  question="Stop this instance?"
                  busy={stop.busy}
                  onConfirm={() => void stop.invoke()}
                />
              )}
            </PageHeader>
            <ErrorBox error={stop.error} />
            <dl class="facts">
              <dt>Status</dt>
              <dd>
                <StatusBadge status={instance.status} />
                {!ended && <span class="muted small"> refreshing every 2 s</span>}
              </dd>
              <dt>Instance</dt>
              <dd>
                <code>{instance.id}</code>
              </dd>
              <dt>Created</dt>
              <dd>{formatDate(instance.createdOn)}</dd>
              <dt>Last change</dt>
              <dd>{formatDate(instance.updatedOn)}</dd>
              <dt>Action time</dt>
              <dd>{formatDuration(instance.timeConsumed)}</dd>
              <dt>Actions run</dt>
              <dd>{instance.actionsConsumed ?? '—'}</dd>
              <dt>Version</dt>
              <dd>{instance.version ?? '—'}</dd>
              <dt>Started by</dt>
              <dd>
                {instance.webhookName
                  ? `Webhook ${instance.webhookName}`
                  : instance.scheduleName
                    ? `Schedule ${instance.scheduleName}`
                    : instance.parentFlow
                      ? 'A calling process'
                      : 'API or console'}
                {instance.parentFlow && (
                  <>
                    {' '}
                    (<Link to={`/instances/${instance.parentFlow.parentId}`}>parent instance</Link>)
                  </>
                )}
              </dd>
            </dl>
            {error.length > 0 && (
              <div class="error" role="alert">
                <p>The instance ended with errors:</p>
                <ul>
                  {error.map((item, index) => (
                    <li key={index}>
                      {item.actionName ? <strong>{item.actionName}: </strong> : null}
                      {item.message ?? JSON.stringify(item)}
                    </li>
                  ))}
                </ul>
              </div>
            )}

            <section class="panel" aria-label="Timeline">
              <h2>Timeline</h2>
              <ErrorBox error={times.error} />
              <table class="table timeline" aria-label="Action timeline">
                <thead>
                  <tr>
                    <th scope="col" class="num">
                      #
                    </th>
                    <th scope="col">Action</th>
                    <th scope="col">Status</th>
                    {showStart && <th scope="col">Started</th>}
                    <th scope="col" class="num">
                      Duration
                    </th>
                    <th scope="col" class="num">
                      Runs
                    </th>
                    {showAttempts && (
                      <th scope="col" class="num">
                        Attempts
                      </th>
                    )}
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, index) => (
                    <tr
                      key={row.action.id}
                      data-action-id={row.action.id}
                      class={row.action.status === 90 ? 'row-error' : undefined}
                    >
                      <td class="num">{index + 1}</td>
                      <td>
                        {row.action.actionName ?? row.times?.actionName ?? row.action.id}
                        {row.action.isDisabled && <span class="muted small"> (disabled)</span>}
                        {(row.action.inputs !== undefined || row.action.outputs !== undefined) && (
                          <details>
                            <summary>Inputs and outputs</summary>
                            <h3>Inputs</h3>
                            <JsonBlock value={row.action.inputs} />
                            <h3>Outputs</h3>
                            <JsonBlock value={row.action.outputs} />
                          </details>
                        )}
                      </td>
                      <td>
                        <ActionStatusBadge status={row.action.status} />
                      </td>
                      {showStart && <td>{formatDate(row.action.startedOn)}</td>}
                      <td class="num">{duration(row)}</td>
                      <td class="num">{row.times?.totalRuns ?? '—'}</td>
                      {showAttempts && <td class="num">{row.action.attempts ?? '—'}</td>}
                      <td class="error-text">{row.action.errorMessage ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class="muted small">
                Duration is the action's total time over all its runs (For Each iterations,
                retries).
              </p>
            </section>

            <section class="panel" aria-label="Variables">
              <h2>Variable values</h2>
              {instance.variables.length === 0 ? (
                <p class="muted">This instance has no variables.</p>
              ) : (
                <table class="table" aria-label="Variable values">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Direction</th>
                      <th scope="col">Type</th>
                      <th scope="col">Value</th>
                    </tr>
                  </thead>
                  <tbody>
                    {instance.variables.map((variable) => (
                      <tr key={variable.id} data-variable={variable.name}>
                        <td>
                          <code>{variable.name}</code>
                        </td>
                        <td>{VARIABLE_ORIENTATION[variable.type] ?? variable.type}</td>
                        <td>{typeName(types.byId, variable)}</td>
                        <td>
                          <ValueView value={variable.defaultValue} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section class="panel" aria-label="Graph">
              <h2>Graph</h2>
              {flow.error !== undefined ? (
                <ErrorBox error={flow.error} />
              ) : flow.data ? (
                <>
                  {flow.data.flow.version !== instance.version && (
                    <p class="muted small">
                      Drawn from the current version {flow.data.flow.version}; this instance ran
                      version {instance.version}.
                    </p>
                  )}
                  <FlowGraph actions={flow.data.flow.actions} statuses={statuses} />
                </>
              ) : (
                <p class="muted">Loading the graph…</p>
              )}
            </section>
          </>
        );
      }}
    </Async>
  );
}
