import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderPage } from '../../test/render';
import { ExecutionDetailPage } from './ExecutionDetailPage';

const ID = '6aafd43c-4a7a-49d0-9c31-7dc9a3bc7fbf';
const execution = {
  id: ID, policy: 'apps', status: 'RUNNING', trigger: 'manual', createdAt: new Date().toISOString(),
  summary: { artifacts: { total: 2, copied: 0, skipped: 0, failed: 0, conflicts: 0 }, blobs: { copied: 0, mounted: 0, skipped: 0 },
    bytes: { read: 0, written: 0, byRegistry: [] } },
};
const task = (id: number, state: string, error: unknown = null) => ({
  id, artifact: { repository: 'team/app', reference: `v${id}`, digest: 'sha256:' + 'a'.repeat(64), mediaType: null },
  destination: { registry: 'ldn', repository: 'mirror/team/app' }, state, bytes: 1024 * id, error, startedAt: null, finishedAt: null,
  path: id === 1 ? { source: 'hz/default', destination: 'ldn/vpc', reason: 'fastest: 12 ms', failovers: 1 } : null,
});
const progress = (status: string, value: number) => ({
  id: ID, policy: 'apps', status, finished: status !== 'RUNNING', progress: value,
  artifacts: { total: 2, copied: 1, skipped: 0, failed: value === 100 ? 1 : 0, conflicts: 0 }, bytesRead: 3072, bytesWritten: 3072,
  registries: [{ registry: 'hz', read: 3072, written: 0, readPerSecond: 1024, writtenPerSecond: 0 },
    { registry: 'ldn', read: 0, written: 3072, readPerSecond: 0, writtenPerSecond: 2048 }],
  durationMillis: 1500, error: null,
});
const sse = (event: string, data: unknown) => `event:${event}\ndata:${JSON.stringify(data)}\n\n`;

describe('execution detail', () => {
  it('follows the event stream with the bearer token: tasks, errors, path, progress and the end', async () => {
    const requests: { url: string; auth: string | null }[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      requests.push({ url, auth: headers.get('Authorization') });
      if (url === '/api/v1/me') return Response.json({ name: 'a', role: 'admin' });
      if (url === `/api/v1/executions/${ID}`) return Response.json(execution);
      if (url === `/api/v1/executions/${ID}/events`) {
        const body = sse('task', task(1, 'COPIED')) + sse('task', task(2, 'RUNNING')) + sse('execution', progress('RUNNING', 50))
          + sse('task', task(2, 'FAILED', { code: 'DENIED', message: 'requested access to the resource is denied' }))
          + sse('end', progress('PARTIAL', 100));
        return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
      }
      return new Response('', { status: 404 });
    }));
    renderPage(<ExecutionDetailPage />, { path: `/executions/${ID}`, route: '/executions/:id' });

    await waitFor(() => expect(screen.getByTestId('execution-status')).toHaveTextContent('PARTIAL'));
    expect(screen.getByTestId('execution-progress')).toHaveAttribute('aria-valuenow', '100');
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('task-row');
    expect(rows[1]).toHaveAttribute('data-state', 'FAILED');
    expect(rows[1]).toHaveTextContent('DENIED requested access to the resource is denied');
    expect(rows[0]).toHaveTextContent('hz/default → ldn/vpc');
    expect(rows[0]).toHaveTextContent('after 1 failover');
    expect(screen.getByText('2.0 KiB/s')).toBeInTheDocument(); // ldn's throughput as a destination
    expect(screen.getByText('final')).toBeInTheDocument();
    const stream = requests.filter((r) => r.url.endsWith('/events'));
    expect(stream).toHaveLength(1); // ended: no reconnect
    expect(stream[0].auth).toBe('Bearer test-token');
  });
});
