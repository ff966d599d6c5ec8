import { useState } from 'react';
import { useAudit } from '../../api/hooks';
import type { AuditEntry } from '../../api/types';
import { Card, EmptyState, ErrorState, Loading } from '../../components/ui';

const KINDS = ['policy', 'token', 'region', 'registry', 'link'];
const SIZE = 20;

/** Every change, newest first, with its before and after (secrets redacted by the server). Admin only. */
export function AuditPanel() {
  const [page, setPage] = useState(0);
  const [kind, setKind] = useState('');
  const audit = useAudit(page, SIZE, kind);
  const pages = audit.data ? Math.max(1, Math.ceil(audit.data.total / SIZE)) : 1;

  return (
    <Card
      title="Audit log"
      actions={
        <label className="small">
          Kind{' '}
          <select data-testid="audit-kind" value={kind} onChange={(e) => { setKind(e.target.value); setPage(0); }}>
            <option value="">All</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {audit.isLoading ? (
        <Loading what="the audit log" />
      ) : audit.error ? (
        <ErrorState error={audit.error} onRetry={() => audit.refetch()} />
      ) : audit.data!.items.length === 0 ? (
        <EmptyState title="No changes recorded">{kind ? `Nothing of kind ${kind} yet.` : 'Changes made through the API appear here.'}</EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Who</th>
                  <th>Action</th>
                  <th>Target</th>
                  <th>Before → after</th>
                </tr>
              </thead>
              <tbody>
                {audit.data!.items.map((e) => (
                  <AuditRow key={e.id} entry={e} />
                ))}
              </tbody>
            </table>
          </div>
          <div className="row-between">
            <span className="muted small">
              Page {page + 1} of {pages} · {audit.data!.total} records
            </span>
            <span>
              <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Newer
              </button>{' '}
              <button type="button" className="btn btn-small" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                Older
              </button>
            </span>
          </div>
        </>
      )}
    </Card>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  return (
    <tr data-testid="audit-row" data-kind={entry.kind}>
      <td title={entry.at}>{new Date(entry.at).toLocaleString()}</td>
      <td>{entry.actor}</td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td>{entry.target ?? '—'}</td>
      <td>
        <details>
          <summary>{entry.before == null ? 'created' : entry.after == null ? 'deleted' : 'changed'}</summary>
          <div className="field-pair">
            <Json label="Before" value={entry.before} />
            <Json label="After" value={entry.after} />
          </div>
        </details>
      </td>
    </tr>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <div className="muted small">{label}</div>
      <pre className="small">{value == null ? '—' : JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
