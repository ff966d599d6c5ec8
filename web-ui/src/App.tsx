import { Navigate, Route, Routes } from 'react-router-dom';
import { useSession } from './auth/session';
import { Shell } from './components/Shell';
import { SignInPage } from './pages/SignInPage';
import { OverviewPage } from './pages/overview/OverviewPage';
import { PoliciesPage } from './pages/policies/PoliciesPage';
import { PolicyEditorPage } from './pages/policies/PolicyEditorPage';
import { ExecutionsPage } from './pages/executions/ExecutionsPage';
import { ExecutionDetailPage } from './pages/executions/ExecutionDetailPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { EmptyState } from './components/ui';

export function App() {
  const { token } = useSession();
  if (!token) return <SignInPage />;
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/policies" element={<PoliciesPage />} />
        <Route path="/policies/new" element={<PolicyEditorPage />} />
        <Route path="/policies/:name" element={<PolicyEditorPage />} />
        <Route path="/executions" element={<ExecutionsPage />} />
        <Route path="/executions/:id" element={<ExecutionDetailPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/sign-in" element={<Navigate to="/" replace />} />
        <Route path="*" element={<EmptyState title="No such page">Use the navigation on the left.</EmptyState>} />
      </Routes>
    </Shell>
  );
}
