import { useState } from 'react';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/ui';
import { AuditPanel } from './AuditPanel';
import { LinksPanel } from './LinksPanel';
import { RegionsPanel } from './RegionsPanel';
import { RegistriesPanel } from './RegistriesPanel';
import { TokensPanel } from './TokensPanel';

type Tab = 'topology' | 'tokens' | 'audit';

/** Regions, registries and the links between regions; for an admin also API tokens and the audit log. */
export function SettingsPage() {
  const { canEdit: isAdmin } = useSession();
  const [tab, setTab] = useState<Tab>('topology');
  const shown = isAdmin ? tab : 'topology';
  return (
    <>
      <PageHeader title="Settings" subtitle="Where registries live and how regions connect." />
      {isAdmin && (
        <div className="tabs" role="tablist" aria-label="Settings">
          <TabButton tab="topology" current={shown} onSelect={setTab} label="Regions & registries" />
          <TabButton tab="tokens" current={shown} onSelect={setTab} label="Tokens" />
          <TabButton tab="audit" current={shown} onSelect={setTab} label="Audit" />
        </div>
      )}
      {shown === 'topology' && (
        <>
          <RegionsPanel />
          <RegistriesPanel />
          <LinksPanel />
        </>
      )}
      {shown === 'tokens' && <TokensPanel />}
      {shown === 'audit' && <AuditPanel />}
    </>
  );
}

function TabButton({ tab, current, onSelect, label }: { tab: Tab; current: Tab; onSelect: (t: Tab) => void; label: string }) {
  return (
    <button type="button" role="tab" aria-selected={tab === current} className={`tab ${tab === current ? 'active' : ''}`} data-testid={`settings-tab-${tab}`} onClick={() => onSelect(tab)}>
      {label}
    </button>
  );
}
