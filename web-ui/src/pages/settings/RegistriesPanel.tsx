import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useRegions, useRegistries, useSettingsMutation } from '../../api/hooks';
import { REGISTRY_KINDS, type Registry, type RegistryHealth } from '../../api/types';
import { useSession } from '../../auth/session';
import { Card, EmptyState, ErrorState, Field, Loading, fieldId } from '../../components/ui';
import { useFormErrors } from './useFormErrors';

const EMPTY_S3 = { bucket: '', prefix: '', region: '', endpoint: '', pathStyle: false, accessKeyId: '', secretAccessKey: '' };
const EMPTY = { name: '', region: '', url: '', insecure: false, kind: 'distribution', username: '', password: '', caBundle: '', s3: EMPTY_S3 };

/** Registries per region; the password is write-only (the API only says whether one is set). */
export function RegistriesPanel() {
  const { canEdit } = useSession();
  const registries = useRegistries();
  const regions = useRegions();
  const [draft, setDraft] = useState(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const { errors, clear, take } = useFormErrors();
  const save = useSettingsMutation('registries', (r: typeof EMPTY) => {
    const body: Record<string, unknown> = { name: r.name.trim(), region: r.region, url: r.url.trim(), insecure: r.insecure, kind: r.kind, username: r.username.trim() || null, caBundle: r.caBundle.trim() || null };
    if (r.kind === 's3') {
      const s3: Record<string, unknown> = { bucket: r.s3.bucket.trim(), prefix: r.s3.prefix.trim() || null, region: r.s3.region.trim() || null, endpoint: r.s3.endpoint.trim() || null, pathStyle: r.s3.pathStyle };
      // keys are write-only: left empty on edit, the stored ones stay
      if (r.s3.accessKeyId !== '' || r.s3.secretAccessKey !== '') Object.assign(s3, { accessKeyId: r.s3.accessKeyId, secretAccessKey: r.s3.secretAccessKey });
      body.s3 = s3;
    }
    // an empty password field on edit keeps the stored one
    if (r.password !== '' || !editing) body.password = r.password === '' ? null : r.password;
    return editing ? api('PUT', `/api/v1/registries/${encodeURIComponent(editing)}`, body) : api('POST', '/api/v1/registries', body);
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    clear();
    try {
      await save.mutateAsync(draft);
      setDraft(EMPTY);
      setEditing(null);
    } catch (err) {
      take(err);
    }
  }

  function edit(r: Registry) {
    clear();
    setEditing(r.name);
    setDraft({
      name: r.name, region: r.region, url: r.url, insecure: r.insecure, kind: r.kind ?? 'distribution', username: r.username ?? '', password: '', caBundle: r.caBundle ?? '',
      s3: r.s3 ? { ...EMPTY_S3, bucket: r.s3.bucket ?? '', prefix: r.s3.prefix ?? '', region: r.s3.region ?? '', endpoint: r.s3.endpoint ?? '', pathStyle: r.s3.pathStyle } : EMPTY_S3,
    });
  }

  return (
    <Card title="Registries">
      {registries.isLoading ? (
        <Loading what="registries" />
      ) : registries.error ? (
        <ErrorState error={registries.error} />
      ) : registries.data!.length === 0 ? (
        <EmptyState title="No registries yet">Register each registry in its region (it needs a region first), then test the connection.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Region</th>
                <th>URL</th>
                <th>Credentials</th>
                <th>Connection</th>
                {canEdit && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {registries.data!.map((r) => (
                <tr key={r.name} data-testid="registry-row" data-name={r.name}>
                  <td>
                    <code>{r.name}</code>
                  </td>
                  <td>
                    {r.region}
                    <div className="muted small">{r.kind}</div>
                  </td>
                  <td>
                    {r.url}
                    {r.insecure && <span className="muted small"> (TLS not verified)</span>}
                  </td>
                  <td>{r.username ? `${r.username} · password ${r.passwordSet ? 'set' : 'not set'}` : <span className="muted">anonymous</span>}</td>
                  <td>
                    <TestConnection name={r.name} />
                  </td>
                  {canEdit && (
                    <td className="row-actions">
                      <button type="button" className="btn btn-small btn-ghost" onClick={() => edit(r)}>
                        Edit
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && (
        <form className="inline-form" onSubmit={submit} aria-label={editing ? `Edit registry ${editing}` : 'Add a registry'}>
          <Field label="Name" field="registry.name" error={errors.name}>
            <input id={fieldId('registry.name')} value={draft.name} readOnly={!!editing} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="ldn" />
          </Field>
          <Field label="Region" field="registry.region" error={errors.region}>
            <select id={fieldId('registry.region')} value={draft.region} onChange={(e) => setDraft({ ...draft, region: e.target.value })}>
              <option value="">Region…</option>
              {(regions.data ?? []).map((r) => (
                <option key={r.name}>{r.name}</option>
              ))}
            </select>
          </Field>
          <Field label="Kind" field="registry.kind" error={errors.kind}>
            <select id={fieldId('registry.kind')} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
              {REGISTRY_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </Field>
          <Field label="URL" field="registry.url" error={errors.url}>
            <input id={fieldId('registry.url')} value={draft.url} onChange={(e) => setDraft({ ...draft, url: e.target.value })} placeholder="https://registry.example.com" />
          </Field>
          <Field label="Username" field="registry.username" error={errors.username}>
            <input id={fieldId('registry.username')} autoComplete="off" value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
          </Field>
          <Field label="Password" field="registry.password" error={errors.password} hint={editing ? 'Leave empty to keep the stored password.' : 'Stored encrypted; never shown again.'}>
            <input id={fieldId('registry.password')} type="password" autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
          </Field>
          <Field label="CA bundle (PEM path on the server, optional)" field="registry.caBundle" error={errors.caBundle}>
            <input id={fieldId('registry.caBundle')} value={draft.caBundle} onChange={(e) => setDraft({ ...draft, caBundle: e.target.value })} placeholder="/etc/meridian/ca.pem" />
          </Field>
          {draft.kind === 's3' && <S3Fields value={draft.s3} errors={errors} editing={!!editing} onChange={(s3) => setDraft({ ...draft, s3 })} />}
          <div className="field checkbox">
            <label>
              <input type="checkbox" checked={draft.insecure} onChange={(e) => setDraft({ ...draft, insecure: e.target.checked })} /> Plain HTTP / do not verify TLS
            </label>
          </div>
          <button type="submit" className="btn btn-primary" disabled={save.isPending || !draft.name.trim()}>
            {editing ? 'Save registry' : 'Add registry'}
          </button>
          {editing && (
            <button type="button" className="btn btn-ghost" onClick={() => { setEditing(null); setDraft(EMPTY); clear(); }}>
              Cancel
            </button>
          )}
          {errors[''] && (
            <div className="field-error" role="alert">
              {errors['']}
            </div>
          )}
        </form>
      )}
    </Card>
  );
}

function S3Fields({ value, errors, editing, onChange }: { value: typeof EMPTY_S3; errors: Record<string, string>; editing: boolean; onChange: (v: typeof EMPTY_S3) => void }) {
  const text = (key: 'bucket' | 'prefix' | 'region' | 'endpoint' | 'accessKeyId' | 'secretAccessKey', label: string, secret = false) => (
    <Field label={label} field={`registry.s3.${key}`} error={errors[`s3.${key}`]} hint={secret && editing ? 'Leave empty to keep the stored key.' : undefined}>
      <input id={fieldId(`registry.s3.${key}`)} type={secret ? 'password' : 'text'} autoComplete={secret ? 'new-password' : 'off'} value={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.value })} />
    </Field>
  );
  return (
    <>
      {text('bucket', 'S3 bucket')}
      {text('prefix', 'S3 prefix')}
      {text('region', 'S3 region')}
      {text('endpoint', 'S3 endpoint')}
      {text('accessKeyId', 'Access key id', true)}
      {text('secretAccessKey', 'Secret access key', true)}
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={value.pathStyle} onChange={(e) => onChange({ ...value, pathStyle: e.target.checked })} /> Path-style S3 URLs
        </label>
      </div>
    </>
  );
}

function TestConnection({ name }: { name: string }) {
  const [result, setResult] = useState<RegistryHealth | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function test() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api<RegistryHealth>('GET', `/api/v1/registries/${encodeURIComponent(name)}/health`));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="test-connection">
      <button type="button" className="btn btn-small" onClick={test} disabled={busy} data-testid="test-connection">
        {busy ? 'Testing…' : 'Test connection'}
      </button>{' '}
      <span aria-live="polite" className="small">
        {error && <span className="bad">{error}</span>}
        {result &&
          (result.reachable ? (
            <span className="ok">✓ {result.status} in {result.latencyMs} ms</span>
          ) : (
            <span className="bad">✗ {result.error ?? `HTTP ${result.status}`}</span>
          ))}
      </span>
    </div>
  );
}
