import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useRegistries, useSettingsMutation } from '../../api/hooks';
import type { CreatedToken, TokenRole } from '../../api/types';
import { Field, fieldId } from '../../components/ui';
import { useFormErrors } from './useFormErrors';

const ROLES: TokenRole[] = ['viewer', 'operator', 'admin', 'webhook'];
const EMPTY = { name: '', role: 'viewer' as TokenRole, expiresAt: '', registry: '' };

/** Creates a token and shows its secret this once. */
export function NewTokenForm() {
  const [draft, setDraft] = useState(EMPTY);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const { errors, clear, take } = useFormErrors();
  const registries = useRegistries();
  const create = useSettingsMutation('tokens', (d: typeof EMPTY) =>
    api<CreatedToken>('POST', '/api/v1/tokens', {
      name: d.name.trim(),
      role: d.role,
      expiresAt: d.expiresAt ? new Date(d.expiresAt).toISOString() : null,
      registry: d.role === 'webhook' ? d.registry || null : null,
    }),
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    clear();
    setCreated(null);
    try {
      setCreated((await create.mutateAsync(draft)) as CreatedToken);
      setDraft(EMPTY);
    } catch (err) {
      take(err);
    }
  }

  return (
    <>
      {created && (
        <div className="notice notice-ok" role="status" data-testid="token-secret-notice">
          Token <code>{created.name}</code> ({created.role}) created. Copy its secret now: it is shown only this once.
          <pre>
            <code data-testid="token-secret">{created.token}</code>
          </pre>
          <button type="button" className="btn btn-small" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      )}
      <form className="inline-form" onSubmit={submit} aria-label="Create a token">
        <Field label="Name" field="token.name" error={errors.name}>
          <input id={fieldId('token.name')} data-field="token.name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="ci-viewer" />
        </Field>
        <Field label="Role" field="token.role" error={errors.role}>
          <select id={fieldId('token.role')} data-field="token.role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as TokenRole })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Expires (optional)" field="token.expiresAt" error={errors.expiresAt}>
          <input id={fieldId('token.expiresAt')} data-field="token.expiresAt" type="datetime-local" value={draft.expiresAt} onChange={(e) => setDraft({ ...draft, expiresAt: e.target.value })} />
        </Field>
        {draft.role === 'webhook' && (
          <Field label="Registry" field="token.registry" error={errors.registry}>
            <select id={fieldId('token.registry')} data-field="token.registry" value={draft.registry} onChange={(e) => setDraft({ ...draft, registry: e.target.value })}>
              <option value="">Choose…</option>
              {(registries.data ?? []).map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <button type="submit" className="btn btn-primary" data-testid="create-token" disabled={create.isPending || !draft.name.trim()}>
          Create token
        </button>
        {errors[''] && (
          <div className="field-error" role="alert">
            {errors['']}
          </div>
        )}
      </form>
    </>
  );
}
