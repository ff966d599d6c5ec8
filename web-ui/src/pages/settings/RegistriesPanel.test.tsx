import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderPage } from '../../test/render';
import { RegistriesPanel } from './RegistriesPanel';

const registry = {
  name: 'charts', region: 'eu-london', url: 'https://s3.example.com', insecure: false, kind: 's3', caBundle: null,
  username: 'robot', passwordSet: true,
  s3: { bucket: 'charts', prefix: 'stable', region: 'eu-west-2', endpoint: null, pathStyle: true, accessKeyIdSet: true, secretAccessKeySet: true },
};

describe('registries', () => {
  it('edits a registry without ever sending a password or key it did not type, keeping its kind', async () => {
    const calls = fakeApi((method, url) => {
      if (url === '/api/v1/me') return { status: 200, body: { name: 'a', role: 'admin' } };
      if (url === '/api/v1/registries' && method === 'GET') return { status: 200, body: [registry] };
      if (url === '/api/v1/regions') return { status: 200, body: [{ name: 'eu-london', displayName: null, jurisdiction: null }] };
      if (method === 'PUT') return { status: 200, body: registry };
      return undefined;
    });
    const user = userEvent.setup();
    renderPage(<RegistriesPanel />);
    const row = await screen.findByText('robot · password set');
    await user.click(within(row.closest('tr')!).getByRole('button', { name: 'Edit' }));
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('S3 bucket')).toHaveValue('charts');
    await user.click(screen.getByRole('button', { name: 'Save registry' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const body = calls.find((c) => c.method === 'PUT')!.body as Record<string, unknown>;
    expect(calls.find((c) => c.method === 'PUT')!.url).toBe('/api/v1/registries/charts');
    expect(body).not.toHaveProperty('password');
    expect(body.kind).toBe('s3');
    expect(body.s3).toEqual({ bucket: 'charts', prefix: 'stable', region: 'eu-west-2', endpoint: null, pathStyle: true });
  });
});
