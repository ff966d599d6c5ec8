import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useLinks, useRegions, useSettingsMutation } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { Card, EmptyState, ErrorState, Field, Loading, fieldId } from '../../components/ui';
import { linkLabel } from '../overview/TopologyMap';
import { useFormErrors } from './useFormErrors';

const EMPTY = { from: '', to: '', latencyMs: '', bandwidthMbps: '', costPerGb: '' };

export function LinksPanel() {
  const { canEdit } = useSession();
  const links = useLinks();
  const regions = useRegions();
  const [draft, setDraft] = useState(EMPTY);
  const { errors, clear, take } = useFormErrors();
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  const put = useSettingsMutation('links', (l: typeof EMPTY) =>
    api('PUT', `/api/v1/region-links/${encodeURIComponent(l.from)}/${encodeURIComponent(l.to)}`, {
      latencyMs: num(l.latencyMs),
      bandwidthMbps: num(l.bandwidthMbps),
      costPerGb: num(l.costPerGb),
    }),
  );
  const remove = useSettingsMutation('links', (l: { from: string; to: string }) =>
    api('DELETE', `/api/v1/region-links/${encodeURIComponent(l.from)}/${encodeURIComponent(l.to)}`),
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    clear();
    try {
      await put.mutateAsync(draft);
      setDraft(EMPTY);
    } catch (err) {
      take(err);
    }
  }
  const regionOptions = (regions.data ?? []).map((r) => (
    <option key={r.name} value={r.name}>
      {r.name}
    </option>
  ));

  return (
    <Card title="Region links">
      {links.isLoading ? (
        <Loading what="links" />
      ) : links.error ? (
        <ErrorState error={links.error} />
      ) : links.data!.length === 0 ? (
        <EmptyState title="No links yet">Links tell Meridian the latency, bandwidth and cost between two regions, so it can choose the path.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>From</th>
                <th>To</th>
                <th>Latency · bandwidth</th>
                <th>Cost per GB</th>
                {canEdit && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {links.data!.map((l) => (
                <tr key={`${l.from}-${l.to}`}>
                  <td>
                    <code>{l.from}</code>
                  </td>
                  <td>
                    <code>{l.to}</code>
                  </td>
                  <td>{linkLabel(l)}</td>
                  <td>{l.costPerGb}</td>
                  {canEdit && (
                    <td className="row-actions">
                      <button type="button" className="btn btn-small btn-ghost" onClick={() => remove.mutateAsync(l).catch(take)}>
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
        <form className="inline-form" onSubmit={submit} aria-label="Add or replace a link">
          <Field label="From" field="from" error={errors.from}>
            <select id={fieldId('from')} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })}>
              <option value="">Region…</option>
              {regionOptions}
            </select>
          </Field>
          <Field label="To" field="to" error={errors.to}>
            <select id={fieldId('to')} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })}>
              <option value="">Region…</option>
              {regionOptions}
            </select>
          </Field>
          <Field label="Latency (ms)" field="latencyMs" error={errors.latencyMs}>
            <input id={fieldId('latencyMs')} inputMode="decimal" value={draft.latencyMs} onChange={(e) => setDraft({ ...draft, latencyMs: e.target.value })} />
          </Field>
          <Field label="Bandwidth (Mbps)" field="bandwidthMbps" error={errors.bandwidthMbps}>
            <input id={fieldId('bandwidthMbps')} inputMode="decimal" value={draft.bandwidthMbps} onChange={(e) => setDraft({ ...draft, bandwidthMbps: e.target.value })} />
          </Field>
          <Field label="Cost per GB" field="costPerGb" error={errors.costPerGb}>
            <input id={fieldId('costPerGb')} inputMode="decimal" value={draft.costPerGb} onChange={(e) => setDraft({ ...draft, costPerGb: e.target.value })} />
          </Field>
          <button type="submit" className="btn btn-primary" disabled={put.isPending || !draft.from || !draft.to}>
            Save link
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
