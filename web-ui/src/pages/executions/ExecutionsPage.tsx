import { Link, useSearchParams } from 'react-router-dom';
import { useExecutions, usePolicies } from '../../api/hooks';
import { EXECUTION_STATUSES, type Execution } from '../../api/types';
import { Card, EmptyState, ErrorState, Loading, PageHeader, ProgressBar, StatusBadge } from '../../components/ui';
import { bytes, duration, executionProgress, when } from '../../format';

/** Executions, newest first, filtered by policy (server side) and status; the filters live in the URL. */
export function ExecutionsPage() {
  const [params, setParams] = useSearchParams();
  const policy = params.get('policy') ?? '';
  const status = params.get('status') ?? '';
  const policies = usePolicies();
  const executions = useExecutions(policy || undefined, 200);
  const items = (executions.data?.items ?? []).filter((e) => !status || e.status === status);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader title="Executions" subtitle="Every run of every policy, newest first." />
      <Card>
        <div className="filters">
          <label>
            Policy{' '}
            <select value={policy} onChange={(e) => setFilter('policy', e.target.value)} data-testid="filter-policy">
              <option value="">All policies</option>
              {(policies.data ?? []).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status{' '}
            <select value={status} onChange={(e) => setFilter('status', e.target.value)} data-testid="filter-status">
              <option value="">Any status</option>
              {EXECUTION_STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        </div>
        {executions.isLoading ? (
          <Loading what="executions" />
        ) : executions.error ? (
          <ErrorState error={executions.error} onRetry={() => executions.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={policy || status ? 'No execution matches these filters' : 'No executions yet'}>
            {policy || status ? 'Clear a filter to see more.' : <>Run a policy from <Link to="/policies">Policies</Link> (Run now), or wait for its schedule.</>}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Status</th>
                  <th>Policy</th>
                  <th>Trigger</th>
                  <th>Started</th>
                  <th>Progress</th>
                  <th>Artifacts</th>
                  <th>Written</th>
                  <th>Duration</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <ExecutionRow key={e.id} execution={e} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function ExecutionRow({ execution: e }: { execution: Execution }) {
  const a = e.summary.artifacts;
  return (
    <tr data-testid="execution-row" data-id={e.id}>
      <td>
        <Link to={`/executions/${e.id}`} aria-label={`Execution ${e.id} of ${e.policy}`}>
          <StatusBadge status={e.status} />
        </Link>
      </td>
      <td>
        <Link to={`/executions/${e.id}`}>{e.policy}</Link>
      </td>
      <td>{e.trigger}</td>
      <td>{when(e.startedAt ?? e.createdAt)}</td>
      <td className="progress-cell">
        <ProgressBar value={executionProgress(e.status, a)} label={`Progress of ${e.policy}`} />
      </td>
      <td>
        {a.copied} copied · {a.skipped} unchanged{a.failed > 0 && <span className="bad"> · {a.failed} failed</span>}
      </td>
      <td>{bytes(e.summary.bytes.written)}</td>
      <td>{duration(e.durationMillis)}</td>
    </tr>
  );
}
