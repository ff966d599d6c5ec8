import { Link } from 'react-router-dom';
import { useExecutions, useFailedTasks } from '../../api/hooks';
import { ACTIVE_STATUSES, type Execution } from '../../api/types';
import { Card, EmptyState, ErrorState, Loading, PageHeader, ProgressBar, StatusBadge } from '../../components/ui';
import { bytes, executionProgress, when } from '../../format';
import { BytesPerHourChart } from './BytesPerHourChart';
import { TopologyMap } from './TopologyMap';

/** The state of replication at a glance: topology, what runs now, bytes per hour, what failed. */
export function OverviewPage() {
  const executions = useExecutions(undefined, 200);
  const items = executions.data?.items ?? [];
  const running = items.filter((e) => ACTIVE_STATUSES.includes(e.status));
  const failures = items.filter((e) => e.status === 'FAILED' || e.status === 'PARTIAL').slice(0, 5);

  return (
    <>
      <PageHeader title="Overview" subtitle="Regions, links and replication right now." />
      <div className="overview-grid">
        <Card title="Topology" className="span-2">
          <TopologyMap />
        </Card>
        <Card title="Running executions" actions={<Link to="/executions">All executions</Link>}>
          {executions.isLoading ? (
            <Loading what="executions" />
          ) : executions.error ? (
            <ErrorState error={executions.error} />
          ) : running.length === 0 ? (
            <EmptyState title="Nothing is running">
              Start one with <em>Run now</em> on a <Link to="/policies">policy</Link>; scheduled and push-triggered runs show up here too.
            </EmptyState>
          ) : (
            <ul className="running-list">
              {running.map((e) => (
                <RunningExecution key={e.id} execution={e} />
              ))}
            </ul>
          )}
        </Card>
        <Card title="Bytes replicated per hour">
          {executions.isLoading ? <Loading what="history" /> : <BytesPerHourChart executions={items} />}
        </Card>
        <Card title="Recent failures" className="span-2">
          {failures.length === 0 ? (
            <EmptyState title="No recent failures">Failed and partial executions, with the registry's own error, appear here.</EmptyState>
          ) : (
            <ul className="failure-list">
              {failures.map((e) => (
                <RecentFailure key={e.id} execution={e} />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

function RunningExecution({ execution: e }: { execution: Execution }) {
  const a = e.summary.artifacts;
  return (
    <li>
      <div className="row-between">
        <Link to={`/executions/${e.id}`} className="strong">
          {e.policy}
        </Link>
        <StatusBadge status={e.status} />
      </div>
      <ProgressBar value={executionProgress(e.status, a)} label={`Progress of ${e.policy}`} />
      <div className="muted small">
        {a.copied + a.skipped} of {a.total} artifacts · {bytes(e.summary.bytes.written)} written · started {when(e.startedAt ?? e.createdAt)}
      </div>
    </li>
  );
}

function RecentFailure({ execution: e }: { execution: Execution }) {
  const tasks = useFailedTasks(e.id);
  return (
    <li>
      <div className="row-between">
        <Link to={`/executions/${e.id}`} className="strong">
          {e.policy}
        </Link>
        <span>
          <StatusBadge status={e.status} /> <span className="muted small">{when(e.finishedAt ?? e.createdAt)}</span>
        </span>
      </div>
      {e.error && <div className="small">{e.error}</div>}
      {(tasks.data?.items ?? []).map((t) => (
        <div key={t.id} className="small task-error">
          <code>
            {t.artifact.repository}:{t.artifact.reference}
          </code>{' '}
          → <code>{t.destination.registry}</code>: <code className="bad">{t.error?.code}</code> {t.error?.message}
        </div>
      ))}
    </li>
  );
}
