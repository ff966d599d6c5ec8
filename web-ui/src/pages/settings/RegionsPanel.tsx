import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useRegions, useSettingsMutation } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { Card, EmptyState, ErrorState, Field, Loading, fieldId } from '../../components/ui';
import { useFormErrors } from './useFormErrors';

export function RegionsPanel() {
  const { canEdit } = useSession();
  const regions = useRegions();
  const [draft, setDraft] = useState({ name: '', displayName: '', jurisdiction: '' });
  const { errors, clear, take } = useFormErrors();
  const create = useSettingsMutation('regions', (r: typeof draft) =>
    api('POST', '/api/v1/regions', { name: r.name.trim(), displayName: r.displayName.trim() || null, jurisdiction: r.jurisdiction.trim() || null }),
  );
  const remove = useSettingsMutation('regions', (name: string) => api('DELETE', `/api/v1/regions/${encodeURIComponent(name)}`));

  async function submit(e: FormEvent) {
    e.preventDefault();
    clear();
    try {
      await create.mutateAsync(draft);
      setDraft({ name: '', displayName: '', jurisdiction: '' });
    } catch (err) {
      take(err);
    }
  }

  return (
    <Card title="Regions">
      {regions.isLoading ? (
        <Loading what="regions" />
      ) : regions.error ? (
        <ErrorState error={regions.error} />
      ) : regions.data!.length === 0 ? (
        <EmptyState title="No regions yet">A region groups the registries that sit close together, e.g. cn-hangzhou. Add the first one below.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Display name</th>
                <th>Jurisdiction</th>
                {canEdit && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {regions.data!.map((r) => (
                <tr key={r.name} data-testid="region-row" data-name={r.name}>
                  <td>
                    <code>{r.name}</code>
                  </td>
                  <td>{r.displayName ?? '—'}</td>
                  <td>{r.jurisdiction ?? '—'}</td>
                  {canEdit && (
                    <td className="row-actions">
                      <button type="button" className="btn btn-small btn-ghost" onClick={() => remove.mutateAsync(r.name).catch(take)}>
                        Delete
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
        <form className="inline-form" onSubmit={submit} aria-label="Add a region">
          <Field label="Name" field="region.name" error={errors.name}>
            <input id={fieldId('region.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="eu-london" />
          </Field>
          <Field label="Display name" field="region.displayName" error={errors.displayName}>
            <input id={fieldId('region.displayName')} value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} placeholder="UK (London)" />
          </Field>
          <Field label="Jurisdiction" field="region.jurisdiction" error={errors.jurisdiction}>
            <input id={fieldId('region.jurisdiction')} value={draft.jurisdiction} onChange={(e) => setDraft({ ...draft, jurisdiction: e.target.value })} placeholder="GB" />
          </Field>
          <button type="submit" className="btn btn-primary" disabled={create.isPending || !draft.name.trim()}>
            Add region
          </button>
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
