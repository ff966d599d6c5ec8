import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderPage } from '../../test/render';
import { AuditPanel } from './AuditPanel';

const entry = (id: number, kind: string) => ({
  id, at: '2026-12-01T10:00:00Z', actor: 'root', kind, action: `${kind}.update`, target: `${kind}-${id}`,
  before: { name: `${kind}-${id}`, url: 'https://old' }, after: { name: `${kind}-${id}`, url: 'https://new' },
});

describe('audit', () => {
  it('pages through the log, shows before and after as JSON and filters by kind', async () => {
    const calls = fakeApi((_, url) => {
      if (url === '/api/v1/me') return { status: 200, body: { name: 'root', role: 'admin' } };
      const q = new URL(url, 'http://x').searchParams;
      if (q.get('kind') === 'token') return { status: 200, body: { items: [], page: 0, size: 20, total: 0 } };
      const page = Number(q.get('page'));
      return { status: 200, body: { items: [entry(page === 0 ? 2 : 1, 'registry')], page, size: 20, total: 21 } };
    });
    const user = userEvent.setup();
    renderPage(<AuditPanel />);
    expect(await screen.findByText('registry-2')).toBeInTheDocument();
    expect(screen.getByText('Page 1 of 2 · 21 records')).toBeInTheDocument();
    expect(screen.getByText(/"url": "https:\/\/new"/)).toBeInTheDocument();
    expect(screen.getByText(/"url": "https:\/\/old"/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Newer' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByText('registry-1')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();

    await user.selectOptions(screen.getByTestId('audit-kind'), 'token');
    expect(await screen.findByText('No changes recorded')).toBeInTheDocument();
    await waitFor(() => expect(calls.map((c) => c.url)).toContain('/api/v1/audit?page=0&size=20&kind=token'));
    expect(calls.map((c) => c.url)).toContain('/api/v1/audit?page=1&size=20');
  });

  it('shows an error state when the log cannot be loaded', async () => {
    fakeApi((_, url) => (url === '/api/v1/me' ? { status: 200, body: { name: 'root', role: 'admin' } } : { status: 403, body: { detail: 'admin only' } }));
    renderPage(<AuditPanel />);
    expect(await screen.findByRole('alert')).toHaveTextContent('admin only');
  });
});
