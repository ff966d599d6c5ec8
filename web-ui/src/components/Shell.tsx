import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { useSession } from '../auth/session';

const NAV = [
  { to: '/', label: 'Overview', testId: 'nav-overview', end: true },
  { to: '/policies', label: 'Policies', testId: 'nav-policies', end: false },
  { to: '/executions', label: 'Executions', testId: 'nav-executions', end: false },
  { to: '/settings', label: 'Settings', testId: 'nav-settings', end: false },
];

/** The frame around every page: navigation, who is signed in, sign out. */
export function Shell({ children }: { children: ReactNode }) {
  const { me, signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden>◎</span> Meridian
        </div>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <NavLink key={n.to} to={n.to} end={n.end} data-testid={n.testId} className={({ isActive }) => `nav-link ${isActive ? 'active' : ''}`}>
              {n.label}
            </NavLink>
          ))}
        </nav>
        <div className="who">
          <div className="muted small">Signed in as</div>
          <div>
            {me?.name ?? '…'} <span className="role" data-testid="signed-in-role">{me?.role ?? ''}</span>
          </div>
          <button type="button" className="btn btn-small btn-ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
