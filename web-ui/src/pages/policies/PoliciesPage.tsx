import { Link, useNavigate } from 'react-router-dom';
import { useExecutions, usePolicies, useRunPolicy, useSchedule } from '../../api/hooks';
import type { Execution, Policy } from '../../api/types';
import { useSession } from '../../auth/session';
import { Card, EmptyState, ErrorState, Loading, PageHeader, StatusBadge } from '../../components/ui';
import { when } from '../../format';
import { triggerInWords } from './triggerText';

/** Every policy: its trigger in words with the next run, its last run and result. */
export function PoliciesPage() {
  const { canEdit } = useSession();
  const policies = usePolicies();
  const executions = useExecutions(undefined, 200);
  const lastRun = new Map<string, Execution>();
  for (const e of executions.data?.items ?? []) if (!lastRun.has(e.policy)) lastRun.set(e.policy, e);

  return (
    <>
      <PageHeader
        title="Policies"
        subtitle="What is copied where, and when."
        actions={
          canEdit && (
            <Link to="/policies/new" className="btn btn-primary" data-testid="new-policy">
              New policy
            </Link>
          )
        }
      />
      <Card>
        {policies.isLoading ? (
          <Loading what="policies" />
        ) : policies.error ? (
          <ErrorState error={policies.error} onRetry={() => policies.refetch()} />
        ) : policies.data!.length === 0 ? (
          <EmptyState title="No policies yet">
            {canEdit ? (
              <>
                Create one with <Link to="/policies/new">New policy</Link>: pick a source registry, the repositories and tags to take, and where they go.
              </>
            ) : (
              'An administrator has not created any policy yet.'
            )}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Source → destinations</th>
                  <th>Trigger</th>
                  <th>Last run</th>
                  {canEdit && <th aria-label="Actions" />}
                </tr>
              </thead>
              <tbody>
                {policies.data!.map((p) => (
                  <PolicyRow key={p.name} policy={p} last={lastRun.get(p.name)} canEdit={canEdit} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function PolicyRow({ policy, last, canEdit }: { policy: Policy; last: Execution | undefined; canEdit: boolean }) {
  const navigate = useNavigate();
  const run = useRunPolicy();
  const schedule = useSchedule(policy.name, policy.trigger.type === 'cron');
  return (
    <tr data-testid="policy-row" data-name={policy.name}>
      <td>
        <Link to={`/policies/${encodeURIComponent(policy.name)}`} className="strong">
          {policy.name}
        </Link>
      </td>
      <td>
        <code>{policy.source.registry}</code> {policy.source.repositories.join(', ')} →{' '}
        {policy.destinations.map((d) => `${d.registry}${d.namespace ? `/${d.namespace}` : ''}`).join(', ')}
      </td>
      <td>
        <div>{triggerInWords(policy.trigger)}</div>
        {schedule.data?.nextRunAt && <div className="muted small">next run {when(schedule.data.nextRunAt)}</div>}
      </td>
      <td>
        {last ? (
          <Link to={`/executions/${last.id}`}>
            <StatusBadge status={last.status} /> <span className="muted small">{when(last.finishedAt ?? last.createdAt)}</span>
          </Link>
        ) : (
          <span className="muted">never</span>
        )}
      </td>
      {canEdit && (
        <td className="row-actions">
          <button
            type="button"
            className="btn btn-small"
            disabled={run.isPending}
            onClick={async () => navigate(`/executions/${(await run.mutateAsync(policy.name)).id}`)}
          >
            Run now
          </button>
        </td>
      )}
    </tr>
  );
}
