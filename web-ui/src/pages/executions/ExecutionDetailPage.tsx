import { Link, useParams } from 'react-router-dom';
import { useExecution, useStopExecution } from '../../api/hooks';
import { ACTIVE_STATUSES, type ExecutionProgress, type Task, type TaskPath } from '../../api/types';
import { useSession } from '../../auth/session';
import { Card, EmptyState, ErrorState, Loading, PageHeader, ProgressBar, StatusBadge } from '../../components/ui';
import { bytes, duration, executionProgress, rate, shortDigest, when } from '../../format';
import { useExecutionEvents } from './useExecutionEvents';

/** One execution, live: progress, bytes and throughput per destination, every task with its error and path. */
export function ExecutionDetailPage() {
  const { id } = useParams();
  const execution = useExecution(id);
  const live = useExecutionEvents(id);
  const { canEdit } = useSession();
  const stop = useStopExecution();

  if (execution.isLoading) return <Loading what="the execution" />;
  if (execution.error) return <ErrorState error={execution.error} onRetry={() => execution.refetch()} />;
  const e = execution.data!;
  const p: ExecutionProgress | null = live.progress;
  const status = p?.status ?? e.status;
  const artifacts = p?.artifacts ?? e.summary.artifacts;
  const progress = p?.progress ?? executionProgress(e.status, artifacts);
  const active = ACTIVE_STATUSES.includes(status);
  const destinations = new Set(live.tasks.map((t) => t.destination.registry));

  return (
    <>
      <PageHeader
        title={
          <>
            Execution of <Link to={`/policies/${encodeURIComponent(e.policy)}`}>{e.policy}</Link>
          </>
        }
        subtitle={
          <>
            <Link to="/executions">← All executions</Link> · <code>{e.id}</code> · {e.trigger} trigger · queued {when(e.createdAt)}
          </>
        }
        actions={
          canEdit &&
          active && (
            <button type="button" className="btn btn-danger" data-testid="stop-execution" disabled={status === 'STOPPING' || stop.isPending} onClick={() => stop.mutate(e.id)}>
              {status === 'STOPPING' ? 'Stopping…' : 'Stop'}
            </button>
          )
        }
      />
      {stop.error && <ErrorState error={stop.error} />}
      <Card>
        <div className="execution-summary">
          <div>
            <div className="muted small">Status</div>
            <StatusBadge status={status} testId="execution-status" />
            <span className={`live ${live.connected && !live.ended ? 'on' : ''}`} title={live.ended ? 'The execution has ended' : live.connected ? 'Live updates connected' : 'Live updates not connected'}>
              {live.ended ? 'final' : live.connected ? '● live' : '○ connecting'}
            </span>
          </div>
          <div className="grow">
            <div className="muted small">Progress</div>
            <ProgressBar value={progress} label="Execution progress" testId="execution-progress" />
          </div>
          <Figure label="Artifacts" value={`${artifacts.copied} copied · ${artifacts.skipped} unchanged · ${artifacts.failed} failed${artifacts.conflicts ? ` · ${artifacts.conflicts} conflicts` : ''} of ${artifacts.total}`} />
          <Figure label="Read / written" value={`${bytes(p?.bytesRead ?? e.summary.bytes.read)} / ${bytes(p?.bytesWritten ?? e.summary.bytes.written)}`} />
          <Figure label="Duration" value={duration(p?.durationMillis ?? e.durationMillis)} />
        </div>
        {(p?.error ?? e.error) && (
          <div className="notice notice-bad" role="alert">
            {p?.error ?? e.error}
          </div>
        )}
      </Card>

      <Card title="Bytes and throughput per registry">
        {!p ? (
          <Loading what="live figures" />
        ) : p.registries.length === 0 ? (
          <EmptyState title="No bytes moved yet">{active ? 'Bytes appear here as blobs are copied.' : 'Everything was already in place, or nothing matched.'}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Registry</th>
                  <th>Role</th>
                  <th>Written</th>
                  <th>Read</th>
                  <th>{active ? 'Throughput (last seconds)' : 'Average throughput'}</th>
                </tr>
              </thead>
              <tbody>
                {p.registries.map((r) => (
                  <tr key={r.registry}>
                    <td>
                      <code>{r.registry}</code>
                    </td>
                    <td>{destinations.has(r.registry) ? 'destination' : 'source'}</td>
                    <td>{bytes(r.written)}</td>
                    <td>{bytes(r.read)}</td>
                    <td>{rate(destinations.has(r.registry) ? r.writtenPerSecond : r.readPerSecond)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title={`Tasks (${live.tasks.length})`}>
        {live.error && <ErrorState error={new Error(`Live updates interrupted: ${live.error}; retrying.`)} />}
        {!p && live.tasks.length === 0 ? (
          <Loading what="tasks" />
        ) : live.tasks.length === 0 ? (
          <EmptyState title={active ? 'Planning…' : 'No tasks'}>
            {active ? 'Tasks appear once the source has been listed and compared with each destination.' : 'Nothing in the source matched this policy.'}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="tasks">
              <thead>
                <tr>
                  <th>Artifact</th>
                  <th>Destination</th>
                  <th>State</th>
                  <th>Bytes</th>
                  <th>Path</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {live.tasks.map((t) => (
                  <TaskRow key={t.id} task={t} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <div className="muted small">{label}</div>
      <div>{value}</div>
    </div>
  );
}

function TaskRow({ task: t }: { task: Task }) {
  return (
    <tr data-testid="task-row" data-state={t.state}>
      <td>
        <div>
          <code>
            {t.artifact.repository}:{t.artifact.reference}
          </code>
        </div>
        <div className="muted small" title={t.artifact.digest ?? undefined}>
          {shortDigest(t.artifact.digest)}
        </div>
      </td>
      <td>
        <code>
          {t.destination.registry}/{t.destination.repository}
        </code>
      </td>
      <td>
        <StatusBadge status={t.state} />
      </td>
      <td>{bytes(t.bytes)}</td>
      <td className="small">{t.path ? <TaskPathCell path={t.path} /> : <span className="muted">—</span>}</td>
      <td>
        {t.error ? (
          <span className="task-error">
            <code className="bad">{t.error.code}</code> {t.error.message}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}

/** The endpoints the route step chose, why, and how many it gave up on first. */
function TaskPathCell({ path }: { path: TaskPath }) {
  return (
    <span title={path.reason ?? undefined}>
      <code>{path.source}</code> → <code>{path.destination}</code>
      {path.reason && <div className="muted">{path.reason}</div>}
      {path.failovers > 0 && <div className="warn">after {path.failovers} failover{path.failovers > 1 ? 's' : ''}</div>}
    </span>
  );
}
