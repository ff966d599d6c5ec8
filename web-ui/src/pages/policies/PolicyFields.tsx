import type { Registry } from '../../api/types';
import { Field, fieldId } from '../../components/ui';
import type { PolicyForm } from './policyForm';
import { cronInWords } from './triggerText';

interface Props {
  form: PolicyForm;
  errors: Record<string, string>;
  registries: Registry[];
  isNew: boolean;
  readOnly: boolean;
  onChange: (f: PolicyForm) => void;
}

/** Every field of the policy language, each a native input named by its JSON path (`data-field`). */
export function PolicyFields({ form, errors, registries, isNew, readOnly, onChange }: Props) {
  const set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => onChange({ ...form, [key]: value });
  const common = (field: string) => ({ id: fieldId(field), 'data-field': field, disabled: readOnly, 'aria-invalid': !!errors[field] || undefined });

  return (
    <div className="form-grid">
      <fieldset className="form-section">
        <legend>Policy</legend>
        <Field label="Name" field="name" error={errors.name} hint={isNew ? 'Lowercase letters, digits and dashes; it cannot be changed later.' : 'Names cannot be changed.'}>
          <input {...common('name')} value={form.name} onChange={(e) => set('name', e.target.value)} readOnly={!isNew} placeholder="apps-to-london" />
        </Field>
      </fieldset>

      <fieldset className="form-section">
        <legend>Source</legend>
        <Field label="Registry" field="source.registry" error={errors['source.registry']}>
          <RegistrySelect {...common('source.registry')} value={form.sourceRegistry} registries={registries} onChange={(v) => set('sourceRegistry', v)} />
        </Field>
        <Field label="Repositories (one glob per line)" field="source.repositories" error={errors['source.repositories']} hint={<><code>*</code> stays in one path segment, <code>**</code> crosses them; <code>**</code> alone takes every repository.</>}>
          <textarea {...common('source.repositories')} rows={3} value={form.repositories} onChange={(e) => set('repositories', e.target.value)} spellCheck={false} />
        </Field>
        <Field label="Leave out repositories (one glob per line)" field="source.exclude" error={errors['source.exclude']} hint="Wins over the repositories above.">
          <textarea {...common('source.exclude')} rows={2} value={form.excludeRepositories} onChange={(e) => set('excludeRepositories', e.target.value)} spellCheck={false} />
        </Field>
      </fieldset>

      <fieldset className="form-section">
        <legend>Tags</legend>
        <Field label="Include (one regular expression per line)" field="tags.include" error={errors['tags.include']} hint="A tag is taken when it fully matches one of these.">
          <textarea {...common('tags.include')} rows={2} value={form.include} onChange={(e) => set('include', e.target.value)} spellCheck={false} />
        </Field>
        <Field label="Exclude (one regular expression per line)" field="tags.exclude" error={errors['tags.exclude']} hint="Exclude wins over include.">
          <textarea {...common('tags.exclude')} rows={2} value={form.exclude} onChange={(e) => set('exclude', e.target.value)} spellCheck={false} />
        </Field>
        <div className="field-pair">
          <Field label="Semver range (optional)" field="tags.semver" error={errors['tags.semver']} hint={<>npm syntax, e.g. <code>^1.2</code> or <code>&gt;=2 &lt;3</code></>}>
            <input {...common('tags.semver')} value={form.semver} onChange={(e) => set('semver', e.target.value)} spellCheck={false} placeholder="^1.2" />
          </Field>
          <Field label="Keep the newest (optional)" field="tags.latest" error={errors['tags.latest']} hint="Tags per repository, after the other filters.">
            <input {...common('tags.latest')} inputMode="numeric" value={form.latest} onChange={(e) => set('latest', e.target.value)} placeholder="all" />
          </Field>
        </div>
        <Field label="Also copy these digests (one per line)" field="tags.digests" error={errors['tags.digests']} hint="sha256:… manifests, whatever their tags.">
          <textarea {...common('tags.digests')} rows={2} value={form.digests} onChange={(e) => set('digests', e.target.value)} spellCheck={false} />
        </Field>
      </fieldset>

      <fieldset className="form-section">
        <legend>Destinations</legend>
        <div className="field-error" data-error-for="destinations">{errors.destinations}</div>
        {form.destinations.map((d, i) => {
          const reg = `destinations[${i}].registry`;
          const ns = `destinations[${i}].namespace`;
          const update = (patch: Partial<{ registry: string; namespace: string }>) =>
            set('destinations', form.destinations.map((x, j) => (j === i ? { ...x, ...patch } : x)));
          return (
            <div className="destination-row" key={i}>
              <Field label={`Destination ${i + 1} registry`} field={reg} error={errors[reg]}>
                <RegistrySelect {...common(reg)} value={d.registry} registries={registries} onChange={(v) => update({ registry: v })} />
              </Field>
              <Field label="Namespace (optional)" field={ns} error={errors[ns]}>
                <input {...common(ns)} value={d.namespace} onChange={(e) => update({ namespace: e.target.value })} placeholder="mirror" spellCheck={false} />
              </Field>
              {!readOnly && (
                <button type="button" className="btn btn-ghost btn-small remove" aria-label={`Remove destination ${i + 1}`} onClick={() => set('destinations', form.destinations.filter((_, j) => j !== i))}>
                  Remove
                </button>
              )}
            </div>
          );
        })}
        {!readOnly && (
          <button type="button" className="btn btn-small" onClick={() => set('destinations', [...form.destinations, { registry: '', namespace: '' }])}>
            Add destination
          </button>
        )}
      </fieldset>

      <fieldset className="form-section">
        <legend>Behaviour</legend>
        <div className="field checkbox">
          <label>
            <input type="checkbox" {...common('override')} checked={form.override} onChange={(e) => set('override', e.target.checked)} /> Overwrite a destination tag that points elsewhere
          </label>
          <div className="hint">Off: such tags are left alone and reported as conflicts.</div>
          <div className="field-error" data-error-for="override">{errors.override}</div>
        </div>
        <Field label="Trigger" field="trigger.type" error={errors['trigger.type']}>
          <select {...common('trigger.type')} value={form.triggerType} onChange={(e) => set('triggerType', e.target.value as PolicyForm['triggerType'])}>
            <option value="manual">Manual</option>
            <option value="cron">Schedule (cron)</option>
            <option value="event">On push (registry event)</option>
          </select>
        </Field>
        {form.triggerType === 'cron' && (
          <Field label="Cron (Quartz, seconds first, UTC)" field="trigger.cron" error={errors['trigger.cron']} hint={cronInWords(form.cron)}>
            <input {...common('trigger.cron')} value={form.cron} onChange={(e) => set('cron', e.target.value)} spellCheck={false} />
          </Field>
        )}
        {form.triggerType === 'event' && (
          <Field label="Debounce (seconds)" field="trigger.debounceSeconds" error={errors['trigger.debounceSeconds']} hint="Pushes within this window start one run.">
            <input {...common('trigger.debounceSeconds')} inputMode="numeric" value={form.debounceSeconds} onChange={(e) => set('debounceSeconds', e.target.value)} />
          </Field>
        )}
      </fieldset>
    </div>
  );
}

function RegistrySelect({ value, registries, onChange, ...rest }: { value: string; registries: Registry[]; onChange: (v: string) => void } & Record<string, unknown>) {
  const known = registries.some((r) => r.name === value);
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose a registry…</option>
      {!known && value && <option value={value}>{value} (unknown)</option>}
      {registries.map((r) => (
        <option key={r.name} value={r.name} title={r.url}>
          {r.name} — {r.region}
        </option>
      ))}
    </select>
  );
}
