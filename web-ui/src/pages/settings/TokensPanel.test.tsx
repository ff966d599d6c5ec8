import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderPage } from '../../test/render';
import { SettingsPage } from './SettingsPage';
import { TokensPanel } from './TokensPanel';
import type { ApiToken } from '../../api/types';

const admin = { status: 200, body: { name: 'root', role: 'admin' } };
const ci: ApiToken = { name: 'ci', role: 'viewer', registry: null, createdAt: '2026-01-01T00:00:00Z', expiresAt: null, lastUsedAt: null };

describe('tokens', () => {
  it('lists tokens, creates one showing its secret once, and revokes one only after confirming', async () => {
    let tokens = [ci];
    const calls = fakeApi((method, url, body) => {
      if (url === '/api/v1/me') return admin;
      if (url === '/api/v1/registries') return { status: 200, body: [{ name: 'harbor' }] };
      if (url === '/api/v1/tokens' && method === 'GET') return { status: 200, body: tokens };
      if (url === '/api/v1/tokens' && method === 'POST') {
        const b = body as { name: string; role: string; registry: string };
        tokens = [...tokens, { ...ci, name: b.name, role: b.role, registry: b.registry }];
        return { status: 201, body: { ...ci, name: b.name, role: b.role, registry: b.registry, token: 'mrd_s3cret' } };
      }
      if (url === '/api/v1/tokens/ci' && method === 'DELETE') {
        tokens = tokens.filter((t) => t.name !== 'ci');
        return { status: 204 };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderPage(<TokensPanel />);
    const row = await screen.findByText('ci');
    expect(within(row.closest('tr')!).getByText('never')).toBeInTheDocument();
    expect(screen.queryByText(/mrd_/)).toBeNull();

    await user.type(screen.getByLabelText('Name'), 'hook');
    await user.selectOptions(screen.getByLabelText('Role'), 'webhook');
    await user.selectOptions(await screen.findByLabelText('Registry'), 'harbor');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByTestId('token-secret')).toHaveTextContent('mrd_s3cret');
    expect(screen.getByText(/shown only this once/)).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ name: 'hook', role: 'webhook', expiresAt: null, registry: 'harbor' });
    await waitFor(() => expect(document.querySelector('[data-testid="token-row"][data-name="hook"]')).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByTestId('token-secret')).toBeNull();

    await user.click(within(screen.getByText('ci').closest('tr')!).getByRole('button', { name: 'Delete' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(document.querySelector('[data-testid="token-row"][data-name="ci"]')).toBeNull(), { timeout: 5000 });
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/tokens/ci']);
  });

  it('shows the server problem next to the field it names', async () => {
    fakeApi((method, url) => {
      if (url === '/api/v1/me') return admin;
      if (url === '/api/v1/registries') return { status: 200, body: [] };
      if (url === '/api/v1/tokens' && method === 'GET') return { status: 200, body: [] };
      if (method === 'POST') return { status: 400, body: { detail: 'invalid', errors: [{ field: 'expiresAt', reason: 'must be in the future' }] } };
      return undefined;
    });
    const user = userEvent.setup();
    renderPage(<TokensPanel />);
    await screen.findByText('No tokens yet');
    await user.type(screen.getByLabelText('Name'), 'old');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await waitFor(() => expect(document.querySelector('[data-error-for="token.expiresAt"]')).toHaveTextContent('must be in the future'));
    expect(screen.queryByTestId('token-secret')).toBeNull();
  });

  it('shows an error state when the list cannot be loaded', async () => {
    fakeApi((_, url) => (url === '/api/v1/me' ? admin : { status: 500, body: { detail: 'database down' } }));
    renderPage(<TokensPanel />);
    expect(await screen.findByRole('alert')).toHaveTextContent('database down');
  });

  it('offers the Tokens and Audit tabs to an admin only', async () => {
    fakeApi((_, url) => {
      if (url === '/api/v1/me') return { status: 200, body: { name: 'v', role: 'viewer' } };
      return { status: 200, body: [] };
    });
    renderPage(<SettingsPage />);
    await screen.findByText('No regions yet');
    await waitFor(() => expect(screen.queryByRole('tab', { name: 'Tokens' })).toBeNull());
    expect(screen.queryByRole('tab', { name: 'Audit' })).toBeNull();
  });

  it('an admin switches to the Tokens tab', async () => {
    fakeApi((_, url) => (url === '/api/v1/me' ? admin : { status: 200, body: url === '/api/v1/tokens' ? [ci] : [] }));
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    await user.click(await screen.findByRole('tab', { name: 'Tokens' }));
    expect(await screen.findByText('ci')).toBeInTheDocument();
  });
});
