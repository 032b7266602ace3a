// The process list (API.md §3.1): search by title, pages, the activation switch, run and delete.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ActivationSwitch, Badge, ConfirmButton, Pager } from '../components';
import type { Paged, ProcessSummary } from '../model';
import { Link, replaceQuery, useRoute } from '../router';
import { Async, ErrorBox, PageHeader, formatDate, useAction, useApi } from '../ui';

const PAGE_SIZE = 20;
/** The API ignores a `searchName` shorter than this (API.md §0.5). */
const MIN_SEARCH = 3;

export function ProcessesPage() {
  const route = useRoute();
  const search = route.query.get('search') ?? '';
  const pageNumber = Math.max(1, Number(route.query.get('page')) || 1);
  const [typed, setTyped] = useState(search);
  // Overrides of the `active` flag switched on this page, until the list is read again.
  const [activeNow, setActiveNow] = useState<Record<string, boolean>>({});

  // Searching waits for a pause in typing; each search starts at the first page.
  useEffect(() => {
    if (typed === search) return;
    const timer = setTimeout(() => replaceQuery({ search: typed, page: undefined }), 300);
    return () => clearTimeout(timer);
  }, [typed, search]);

  const effectiveSearch = search.trim().length >= MIN_SEARCH ? search.trim() : undefined;
  const list = useApi<Paged<ProcessSummary>>('/api/Projects', {
    pageNumber,
    pageItemCount: PAGE_SIZE,
    searchName: effectiveSearch,
  });
  const remove = useAction(async (id: string) => {
    await api(`/api/Projects/${id}`, { method: 'DELETE' });
    list.reload();
  });

  return (
    <>
      <PageHeader title="Processes">
        <Link to="/processes/new" class="button primary">
          New process
        </Link>
      </PageHeader>
      <div class="toolbar">
        <input
          type="search"
          aria-label="Search processes"
          placeholder="Search by title"
          value={typed}
          onInput={(event) => setTyped(event.currentTarget.value)}
        />
        {typed.trim().length > 0 && typed.trim().length < MIN_SEARCH && (
          <span class="muted">Type at least {MIN_SEARCH} characters to search.</span>
        )}
      </div>
      <ErrorBox error={remove.error} />
      <Async state={list}>
        {(page) =>
          page.pageItems.length === 0 ? (
            <p class="empty">
              {effectiveSearch ? (
                <>No process title contains “{effectiveSearch}”.</>
              ) : (
                <>
                  No processes in this workspace yet.{' '}
                  <Link to="/processes/new">Create one from its flow JSON</Link>.
                </>
              )}
            </p>
          ) : (
            <>
              <table class="table" aria-label="Processes">
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Activation</th>
                    <th scope="col">Validity</th>
                    <th scope="col" class="num">
                      Version
                    </th>
                    <th scope="col">Updated</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.pageItems.map((process) => (
                    <tr key={process.id} data-process-id={process.id}>
                      <td>
                        <Link to={`/processes/${process.id}`}>{process.title}</Link>
                        {process.description && (
                          <div class="muted small">{process.description}</div>
                        )}
                      </td>
                      <td>
                        <ActivationSwitch
                          processId={process.id}
                          title={process.title}
                          active={activeNow[process.id] ?? process.active}
                          onChange={(active) =>
                            setActiveNow((now) => ({ ...now, [process.id]: active }))
                          }
                        />
                      </td>
                      <td>
                        {process.isValid ? (
                          <Badge tone="ok">Valid</Badge>
                        ) : (
                          <Badge tone="bad">Invalid</Badge>
                        )}
                      </td>
                      <td class="num">{process.version}</td>
                      <td>{formatDate(process.updatedOn)}</td>
                      <td class="row-actions">
                        <Link to={`/processes/${process.id}/run`} class="button">
                          Run
                        </Link>
                        <Link to="/instances" query={{ process: process.id }} class="button">
                          Instances
                        </Link>
                        <ConfirmButton
                          label="Delete"
                          question={`Delete “${process.title}”?`}
                          busy={remove.busy}
                          onConfirm={() => void remove.invoke(process.id)}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager
                pageNumber={pageNumber}
                pageSize={PAGE_SIZE}
                total={page.totalItemCount}
                noun={page.totalItemCount === 1 ? 'process' : 'processes'}
                onPage={(next) => replaceQuery({ page: next > 1 ? next : undefined })}
              />
            </>
          )
        }
      </Async>
    </>
  );
}
