import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderPage } from '../../test/render';
import { PolicyEditorPage } from './PolicyEditorPage';

const registries = [
  { name: 'hz', region: 'cn-hangzhou', url: 'http://127.0.0.1:5201', insecure: true, kind: 'distribution', caBundle: null, username: null, passwordSet: false },
  { name: 'ldn', region: 'eu-london', url: 'http://127.0.0.1:5202', insecure: true, kind: 'distribution', caBundle: null, username: null, passwordSet: false },
];

function field(name: string): HTMLElement {
  const el = document.querySelector(`[data-field="${name}"]`);
  if (!el) throw new Error(`no input with data-field=${name}`);
  return el as HTMLElement;
}

describe('policy editor', () => {
  it('shows the server’s message next to the field it names and saves once fixed', async () => {
    const calls = fakeApi((method, url, body) => {
      if (url === '/api/v1/me') return { status: 200, body: { name: 'bootstrap-admin', role: 'admin' } };
      if (url === '/api/v1/registries') return { status: 200, body: registries };
      if (method === 'POST' && url === '/api/v1/policies') {
        const trigger = (body as { trigger: { cron?: string } }).trigger;
        return trigger.cron === 'every minute'
          ? { status: 400, body: { detail: 'trigger.cron: not a valid Quartz cron expression', field: 'trigger.cron', errors: [{ field: 'trigger.cron', reason: 'not a valid Quartz cron expression' }] } }
          : { status: 201, body };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderPage(<PolicyEditorPage />, { path: '/policies/new', route: '/policies/new' });
    await screen.findAllByText(/hz — cn-hangzhou/);

    await user.type(field('name'), 'apps-to-london');
    await user.selectOptions(field('source.registry'), 'hz');
    await user.selectOptions(field('destinations[0].registry'), 'ldn');
    await user.selectOptions(field('trigger.type'), 'cron');
    await user.clear(field('trigger.cron'));
    await user.type(field('trigger.cron'), 'every minute');
    await user.click(screen.getByTestId('save-policy'));

    const message = document.querySelector('[data-error-for="trigger.cron"]')!;
    await waitFor(() => expect(message).toHaveTextContent('not a valid Quartz cron expression'));
    expect(document.querySelector('[data-error-for="name"]')).toBeEmptyDOMElement();

    await user.clear(field('trigger.cron'));
    await user.type(field('trigger.cron'), '0 0 * * * ?');
    await user.click(screen.getByTestId('save-policy'));
    await screen.findByTestId('navigated');
    const saved = calls.filter((c) => c.method === 'POST').at(-1)!.body;
    expect(saved).toEqual({
      name: 'apps-to-london',
      source: { registry: 'hz', repositories: ['**'] },
      tags: { include: ['.*'], exclude: [] },
      destinations: [{ registry: 'ldn', namespace: null }],
      override: true,
      trigger: { type: 'cron', cron: '0 0 * * * ?' },
    });
  });

  it('keeps the YAML tab and the form in sync both ways', async () => {
    fakeApi((_m, url) => {
      if (url === '/api/v1/me') return { status: 200, body: { name: 'bootstrap-admin', role: 'admin' } };
      if (url === '/api/v1/registries') return { status: 200, body: registries };
      return undefined;
    });
    const user = userEvent.setup();
    renderPage(<PolicyEditorPage />, { path: '/policies/new', route: '/policies/new' });
    await screen.findAllByText(/hz — cn-hangzhou/);
    await waitFor(() => expect(field('name')).toBeEnabled());
    await user.type(field('name'), 'sync-me');
    await user.click(screen.getByTestId('yaml-tab'));
    const yaml = screen.getByLabelText('Policy as YAML') as HTMLTextAreaElement;
    expect(yaml.value).toContain('name: sync-me');

    await user.clear(yaml);
    // userEvent treats { and [ as key descriptors: double them
    await user.type(yaml, 'name: from-yaml\nsource:\n  registry: hz\n  repositories: [[ "team/**" ]\ntags:\n  include: [[ "v1" ]\n');
    await user.click(screen.getByRole('tab', { name: 'Form' }));
    expect(field('name')).toHaveValue('from-yaml');
    expect(field('source.repositories')).toHaveValue('team/**');
    expect(field('tags.include')).toHaveValue('v1');
    expect(field('source.registry')).toHaveValue('hz');
  });

  it('marks the Preview button as not available yet', async () => {
    fakeApi((_m, url) => (url === '/api/v1/me' ? { status: 200, body: { name: 'a', role: 'admin' } } : { status: 200, body: [] }));
    renderPage(<PolicyEditorPage />, { path: '/policies/new', route: '/policies/new' });
    const preview = await screen.findByTestId('preview-policy');
    expect(preview).toBeDisabled();
    expect(preview).toHaveAttribute('title', expect.stringContaining('preview'));
  });

  it('shows a viewer no edit control', async () => {
    fakeApi((_m, url) => (url === '/api/v1/me' ? { status: 200, body: { name: 'v', role: 'viewer' } } : { status: 200, body: registries }));
    renderPage(<PolicyEditorPage />, { path: '/policies/new', route: '/policies/new' });
    await screen.findAllByText(/hz — cn-hangzhou/);
    await waitFor(() => expect(field('name')).toBeDisabled());
    expect(screen.queryByTestId('save-policy')).toBeNull();
    expect(screen.queryByTestId('run-policy')).toBeNull();
    expect(within(document.body).queryByText('Add destination')).toBeNull();
  });
});
