import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiToken, AuditEntry, Execution, Link, Page, Policy, Region, Registry, RegistryHealth, Schedule, Task } from './types';

/** Queries and mutations of the console, one per thing the operator sees; TanStack Query caches them. */

export const usePolicies = () => useQuery({ queryKey: ['policies'], queryFn: () => api<Policy[]>('GET', '/api/v1/policies') });

export const usePolicy = (name: string | undefined) =>
  useQuery({
    queryKey: ['policies', name],
    queryFn: () => api<Policy>('GET', `/api/v1/policies/${encodeURIComponent(name!)}`),
    enabled: !!name,
  });

export const useSchedule = (name: string, enabled: boolean) =>
  useQuery({
    queryKey: ['schedule', name],
    queryFn: () => api<Schedule>('GET', `/api/v1/policies/${encodeURIComponent(name)}/schedule`),
    enabled,
    staleTime: 30_000,
  });

export const useRegions = () => useQuery({ queryKey: ['regions'], queryFn: () => api<Region[]>('GET', '/api/v1/regions') });

export const useRegistries = () =>
  useQuery({ queryKey: ['registries'], queryFn: () => api<Registry[]>('GET', '/api/v1/registries') });

export const useLinks = () => useQuery({ queryKey: ['links'], queryFn: () => api<Link[]>('GET', '/api/v1/region-links') });

export const useRegistryHealth = (name: string) =>
  useQuery({
    queryKey: ['health', name],
    queryFn: () => api<RegistryHealth>('GET', `/api/v1/registries/${encodeURIComponent(name)}/health`),
    staleTime: 60_000,
    refetchInterval: 60_000,
  });

/** The newest executions (one page), refreshed every few seconds while any is active. */
export const useExecutions = (policy?: string, size = 100) =>
  useQuery({
    queryKey: ['executions', policy ?? null, size],
    queryFn: () =>
      api<Page<Execution>>(
        'GET',
        `/api/v1/executions?size=${size}${policy ? `&policy=${encodeURIComponent(policy)}` : ''}`,
      ),
    refetchInterval: (q) =>
      q.state.data?.items.some((e) => ['QUEUED', 'RUNNING', 'STOPPING'].includes(e.status)) ? 3_000 : 30_000,
  });

export const useExecution = (id: string | undefined) =>
  useQuery({
    queryKey: ['execution', id],
    queryFn: () => api<Execution>('GET', `/api/v1/executions/${id}`),
    enabled: !!id,
  });

export const useFailedTasks = (executionId: string) =>
  useQuery({
    queryKey: ['tasks', executionId, 'FAILED'],
    queryFn: () => api<Page<Task>>('GET', `/api/v1/executions/${executionId}/tasks?state=FAILED&size=3`),
    staleTime: 60_000,
  });

export function useRunPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api<{ id: string; status: string }>('POST', `/api/v1/policies/${encodeURIComponent(name)}/executions`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['executions'] }),
  });
}

export function useStopExecution() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Execution>('POST', `/api/v1/executions/${id}/stop`),
    onSuccess: (_, id) => {
      client.invalidateQueries({ queryKey: ['execution', id] });
      client.invalidateQueries({ queryKey: ['executions'] });
    },
  });
}

export function useSavePolicy(existing: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (policy: Policy) =>
      existing
        ? api<Policy>('PUT', `/api/v1/policies/${encodeURIComponent(existing)}`, policy)
        : api<Policy>('POST', '/api/v1/policies', policy),
    onSuccess: (saved) => {
      client.setQueryData(['policies', saved.name], saved);
      client.invalidateQueries({ queryKey: ['policies'] });
      client.invalidateQueries({ queryKey: ['schedule', saved.name] });
    },
  });
}

/** A create/replace/delete on a settings resource, refreshing that resource's list afterwards. */
export function useSettingsMutation<T>(listKey: string, run: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: [listKey] }),
  });
}

/** Live API tokens (admin only). */
export const useTokens = () => useQuery({ queryKey: ['tokens'], queryFn: () => api<ApiToken[]>('GET', '/api/v1/tokens') });

/** One page of the audit log, newest first, optionally of one kind (admin only). */
export const useAudit = (page: number, size: number, kind: string) =>
  useQuery({
    queryKey: ['audit', page, size, kind],
    queryFn: () =>
      api<Page<AuditEntry>>('GET', `/api/v1/audit?page=${page}&size=${size}${kind ? `&kind=${encodeURIComponent(kind)}` : ''}`),
    placeholderData: (previous) => previous,
  });
