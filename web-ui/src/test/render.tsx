import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { vi } from 'vitest';
import { SessionProvider } from '../auth/session';

/** Renders a page as the console does (query cache, session, router) at `path`. */
export function renderPage(element: ReactNode, { path = '/', route = '/', token = 'test-token' } = {}) {
  if (token) sessionStorage.setItem('meridian.token', token);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={element} />
            <Route path="*" element={<div data-testid="navigated" />} />
          </Routes>
        </MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

type Handler = (method: string, url: string, body: unknown) => { status: number; body?: unknown } | undefined;

/** A fake API: `handler` answers each request (undefined → 404); returns the recorded calls. */
export function fakeApi(handler: Handler) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      const answer = handler(method, url, body) ?? { status: 404, body: { detail: 'not found' } };
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'Content-Type': answer.status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    }),
  );
  return calls;
}
