import { useState } from 'react';
import { api } from '../../api/client';
import { useSettingsMutation, useTokens } from '../../api/hooks';
import type { ApiToken } from '../../api/types';
import { Card, EmptyState, ErrorState, Loading } from '../../components/ui';
import { when } from '../../format';
import { NewTokenForm } from './NewTokenForm';

/** API tokens: who may call the API with which role; secrets are never listed. Admin only. */
export function TokensPanel() {
  const tokens = useTokens();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const remove = useSettingsMutation('tokens', (name: string) => api('DELETE', `/api/v1/tokens/${encodeURIComponent(name)}`));

  async function revoke(name: string) {
    setDeleteError(null);
    try {
      await remove.mutateAsync(name);
      setConfirming(null);
    } catch (e) {
      setDeleteError((e as Error).message);
    }
  }

  return (
    <Card title="API tokens">
      {tokens.isLoading ? (
        <Loading what="tokens" />
      ) : tokens.error ? (
        <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.data!.length === 0 ? (
        <EmptyState title="No tokens yet">Create one below; its secret is shown once.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Expires</th>
                <th>Registry</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {tokens.data!.map((t) => (
                <TokenRow
                  key={t.name}
                  token={t}
                  confirming={confirming === t.name}
                  busy={remove.isPending}
                  onAsk={() => setConfirming(t.name)}
                  onCancel={() => setConfirming(null)}
                  onConfirm={() => revoke(t.name)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleteError && (
        <div className="field-error" role="alert">
          {deleteError}
        </div>
      )}
      <NewTokenForm />
    </Card>
  );
}

function TokenRow({ token, confirming, busy, onAsk, onCancel, onConfirm }: {
  token: ApiToken; confirming: boolean; busy: boolean; onAsk: () => void; onCancel: () => void; onConfirm: () => void;
}) {
  return (
    <tr data-testid="token-row" data-name={token.name}>
      <td>
        <code>{token.name}</code>
      </td>
      <td>
        <span className="badge badge-neutral">{token.role}</span>
      </td>
      <td>{token.expiresAt ? when(token.expiresAt) : 'never'}</td>
      <td>{token.registry ?? '—'}</td>
      <td className="row-actions">
        {confirming ? (
          <>
            <span className="small">Revoke {token.name}?</span>{' '}
            <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={onConfirm} data-testid="confirm-revoke">
              Revoke
            </button>{' '}
            <button type="button" className="btn btn-small btn-ghost" onClick={onCancel}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-small btn-ghost" onClick={onAsk}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
