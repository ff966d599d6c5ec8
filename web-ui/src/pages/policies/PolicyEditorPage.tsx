import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { usePolicy, useRegistries, useRunPolicy, useSavePolicy } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { Card, EmptyState, ErrorState, Loading, PageHeader } from '../../components/ui';
import { PolicyFields } from './PolicyFields';
import { PolicyYaml } from './PolicyYaml';
import { EMPTY_FORM, errorsByField, fromPolicy, toPolicy, type PolicyForm } from './policyForm';

/** Create or edit one policy: form and YAML tabs in sync, server-side errors next to their fields, run now. */
export function PolicyEditorPage() {
  const { name } = useParams();
  const existing = usePolicy(name);
  if (name && existing.isLoading) return <Loading what="the policy" />;
  if (name && existing.error) return <ErrorState error={existing.error} onRetry={() => existing.refetch()} />;
  return <PolicyEditor key={name ?? 'new'} name={name} initial={name && existing.data ? fromPolicy(existing.data) : EMPTY_FORM} />;
}

function PolicyEditor({ name, initial }: { name: string | undefined; initial: PolicyForm }) {
  const navigate = useNavigate();
  const location = useLocation();
  const { canEdit } = useSession();
  const registries = useRegistries();
  const save = useSavePolicy(name);
  const run = useRunPolicy();
  const [form, setFormState] = useState<PolicyForm>(initial);
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // a policy just created arrives here again under its own URL, still "saved"
  const [saved, setSaved] = useState(!!(location.state as { saved?: boolean } | null)?.saved);
  const isNew = !name;
  const setForm = (f: PolicyForm) => {
    setFormState(f);
    setSaved(false);
  };

  async function onSave() {
    setErrors({});
    try {
      const policy = await save.mutateAsync(toPolicy(form));
      setSaved(true);
      if (isNew) navigate(`/policies/${encodeURIComponent(policy.name)}`, { replace: true, state: { saved: true } });
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) setErrors(errorsByField(e.errors));
      else setErrors({ '': (e as Error).message });
    }
  }

  async function onRun() {
    if (!name) return;
    try {
      const started = await run.mutateAsync(name);
      navigate(`/executions/${started.id}`);
    } catch (e) {
      setErrors({ '': (e as Error).message });
    }
  }

  const formLevel = errors[''];
  const errorCount = Object.keys(errors).length;
  return (
    <>
      <PageHeader
        title={isNew ? 'New policy' : name}
        subtitle={<Link to="/policies">← All policies</Link>}
        actions={
          canEdit && (
            <>
              <button type="button" className="btn" data-testid="preview-policy" disabled title="Preview needs the policy preview API (not on this server yet)">
                Preview
              </button>
              <button type="button" className="btn" data-testid="run-policy" onClick={onRun} disabled={isNew || run.isPending} title={isNew ? 'Save the policy first' : 'Start an execution now'}>
                {run.isPending ? 'Starting…' : 'Run now'}
              </button>
              <button type="button" className="btn btn-primary" data-testid="save-policy" onClick={onSave} disabled={save.isPending}>
                {save.isPending ? 'Saving…' : isNew ? 'Create policy' : 'Save'}
              </button>
            </>
          )
        }
      />
      {saved && (
        <div className="notice notice-ok" role="status">
          Saved.
        </div>
      )}
      {errorCount > 0 && (
        <div className="notice notice-bad" role="alert">
          {formLevel ?? `The server refused the policy: ${errorCount} field${errorCount > 1 ? 's need' : ' needs'} attention.`}
        </div>
      )}
      {registries.data?.length === 0 && (
        <EmptyState title="No registries yet">
          A policy copies from one registry to others. <Link to="/settings">Add registries in Settings</Link> first.
        </EmptyState>
      )}
      <Card>
        <div className="tabs" role="tablist" aria-label="Edit as">
          <button type="button" role="tab" aria-selected={tab === 'form'} className={`tab ${tab === 'form' ? 'active' : ''}`} onClick={() => setTab('form')}>
            Form
          </button>
          <button type="button" role="tab" aria-selected={tab === 'yaml'} className={`tab ${tab === 'yaml' ? 'active' : ''}`} data-testid="yaml-tab" onClick={() => setTab('yaml')}>
            YAML
          </button>
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (canEdit) onSave();
          }}
        >
          {tab === 'form' ? (
            <PolicyFields form={form} errors={errors} registries={registries.data ?? []} isNew={isNew} readOnly={!canEdit} onChange={setForm} />
          ) : (
            <PolicyYaml policy={toPolicy(form)} readOnly={!canEdit} onChange={(p) => setForm(fromPolicy(isNew ? p : { ...p, name }))} />
          )}
        </form>
      </Card>
    </>
  );
}
