import { PageHeader } from '../../components/ui';
import { LinksPanel } from './LinksPanel';
import { RegionsPanel } from './RegionsPanel';
import { RegistriesPanel } from './RegistriesPanel';

/** Regions, registries and the links between regions. */
export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" subtitle="Where registries live and how regions connect." />
      <RegionsPanel />
      <RegistriesPanel />
      <LinksPanel />
    </>
  );
}
