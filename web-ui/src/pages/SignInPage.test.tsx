import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { fakeApi, renderPage } from '../test/render';

describe('sign in', () => {
  it('refuses an unknown token and keeps it out of session storage', async () => {
    fakeApi(() => ({ status: 401, body: { detail: 'The bearer token is unknown, malformed or revoked.' } }));
    const user = userEvent.setup();
    renderPage(<App />, { token: '', route: '*' });
    await user.type(screen.getByTestId('token-input'), 'wrong-token');
    await user.click(screen.getByTestId('sign-in'));
    expect(await screen.findByRole('alert')).toHaveTextContent('unknown or revoked');
    expect(sessionStorage.getItem('meridian.token')).toBeNull();
  });

  it('keeps a valid token for the session and shows its role from /api/v1/me', async () => {
    const calls = fakeApi((_m, url) => {
      if (url === '/api/v1/me') return { status: 200, body: { name: 'bootstrap-admin', role: 'admin' } };
      return { status: 200, body: url.startsWith('/api/v1/executions') ? { items: [], page: 0, size: 50, total: 0 } : [] };
    });
    const user = userEvent.setup();
    renderPage(<App />, { token: '', route: '*' });
    await user.type(screen.getByTestId('token-input'), 'mrd_good');
    await user.click(screen.getByTestId('sign-in'));
    expect(await screen.findByTestId('signed-in-role')).toHaveTextContent('admin');
    expect(sessionStorage.getItem('meridian.token')).toBe('mrd_good');
    expect(calls[0].url).toBe('/api/v1/me');
  });
});
