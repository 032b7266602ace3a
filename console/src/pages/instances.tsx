// The instances of a process (API.md §4.7), newest first, filtered by status and refreshed every
// two seconds while the page is visible.
import { useEffect } from 'preact/hooks';
import { Pager, StatusBadge, usePolling } from '../components';
import {
  ACTIVE_STATUSES,
  formatDuration,
  type InstanceRow,
  type Paged,
  type ProcessSummary,
} from '../model';
import { Link, replaceQuery, useRoute } from '../router';
import { Async, ErrorBox, Field, Loading, PageHeader, formatDate, useApi } from '../ui';

const PAGE_SIZE = 25;
const REFRESH_MS = 2000;

/** The status filter's choices and the FlowStatus values each one asks the API for. */
const STATUS_FILTERS: { key: string; label: string; statuses?: readonly number[] }[] = [
  { key: 'all', label: 'All statuses' },
  { key: 'running', label: 'Running or waiting', statuses: ACTIVE_STATUSES },
  { key: 'finished', label: 'Finished', statuses: [50] },
  { key: 'failed', label: 'Failed', statuses: [40] },
  { key: 'stopped', label: 'Stopped', statuses: [6] },
  { key: 'published', label: 'Published, not launched', statuses: [1] },
];

function triggerOf(row: InstanceRow): string {
  if (row.webhookName) return `Webhook ${row.webhookName}`;
  if (row.scheduleName) return `Schedule ${row.scheduleName}`;
  return 'API or console';
}

export function InstancesPage() {
  const route = useRoute();
  const processId = route.query.get('process') ?? '';
  const filterKey = route.query.get('status') ?? 'all';
  const pageNumber = Math.max(1, Number(route.query.get('page')) || 1);
  const filter = STATUS_FILTERS.find((f) => f.key === filterKey) ?? STATUS_FILTERS[0]!;

  const processes = useApi<Paged<ProcessSummary>>('/api/Projects', { pageItemCount: 0 });
  const firstProcess = processes.data?.pageItems[0]?.id;
  // Instances are listed per process; without a choice yet, show the first one's.
  useEffect(() => {
    if (!processId && firstProcess) replaceQuery({ process: firstProcess });
  }, [processId, firstProcess]);

  const list = useApi<Paged<InstanceRow>>(
    processId ? `/api/Projects/${processId}/instances` : null,
    {
      pageNumber,
      pageItemCount: PAGE_SIZE,
      filterStatus: filter.statuses ? [...filter.statuses] : undefined,
    },
  );
  usePolling(list.reload, REFRESH_MS, processId !== '');

  return (
    <>
      <PageHeader title="Instances">
        {processId && (
          <Link to={`/processes/${processId}/run`} class="button primary">
            Run this process
          </Link>
        )}
      </PageHeader>
      <div class="toolbar">
        <Field label="Process">
          <select
            value={processId}
            disabled={!processes.data}
            onChange={(event) =>
              replaceQuery({ process: event.currentTarget.value, page: undefined })
            }
          >
            {!processId && <option value="">Choose a process</option>}
            {processes.data?.pageItems.map((process) => (
              <option key={process.id} value={process.id}>
                {process.title}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Status">
          <select
            value={filter.key}
            onChange={(event) =>
              replaceQuery({
                status: event.currentTarget.value === 'all' ? undefined : event.currentTarget.value,
                page: undefined,
              })
            }
          >
            {STATUS_FILTERS.map((choice) => (
              <option key={choice.key} value={choice.key}>
                {choice.label}
              </option>
            ))}
          </select>
        </Field>
        {processId && (
          <span class="muted small live" aria-live="off">
            Refreshing every {REFRESH_MS / 1000} s
          </span>
        )}
      </div>
      <ErrorBox error={processes.error} />
      {processes.data && processes.data.pageItems.length === 0 ? (
        <p class="empty">
          No processes in this workspace yet, so no instances.{' '}
          <Link to="/processes/new">Create a process</Link>.
        </p>
      ) : !processId ? (
        processes.error === undefined && <Loading />
      ) : (
        <Async state={list}>
          {(page) =>
            page.pageItems.length === 0 ? (
              <p class="empty">
                {filter.statuses
                  ? 'No instance of this process has this status.'
                  : 'This process has not run yet.'}
              </p>
            ) : (
              <>
                <table class="table" aria-label="Instances">
                  <thead>
                    <tr>
                      <th scope="col">Instance</th>
                      <th scope="col">Status</th>
                      <th scope="col">Created</th>
                      <th scope="col">Last change</th>
                      <th scope="col" class="num">
                        Duration
                      </th>
                      <th scope="col" class="num">
                        Actions run
                      </th>
                      <th scope="col">Started by</th>
                      <th scope="col" class="num">
                        Version
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.pageItems.map((row) => (
                      <tr key={row.id} data-instance-id={row.id}>
                        <td>
                          <Link to={`/instances/${row.id}`} title={row.id}>
                            <code>{row.id.slice(0, 8)}</code>
                          </Link>
                        </td>
                        <td>
                          <StatusBadge status={row.status} />
                        </td>
                        <td>{formatDate(row.createdOn)}</td>
                        <td>{formatDate(row.updatedOn)}</td>
                        <td class="num">{formatDuration(row.totalTimeConsumed)}</td>
                        <td class="num">{row.actionsConsumed ?? '—'}</td>
                        <td>{triggerOf(row)}</td>
                        <td class="num">{row.version ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager
                  pageNumber={pageNumber}
                  pageSize={PAGE_SIZE}
                  total={page.totalItemCount}
                  noun={page.totalItemCount === 1 ? 'instance' : 'instances'}
                  onPage={(next) => replaceQuery({ page: next > 1 ? next : undefined })}
                />
              </>
            )
          }
        </Async>
      )}
    </>
  );
}
