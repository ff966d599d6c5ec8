import { useEffect, useState } from 'react';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useQueryClient } from '@tanstack/react-query';
import { storedToken } from '../../api/client';
import type { ExecutionProgress, Task } from '../../api/types';

export interface LiveExecution {
  progress: ExecutionProgress | null;
  tasks: Task[];
  connected: boolean;
  ended: boolean;
  error: string | null;
}

/**
 * Follows GET /api/v1/executions/{id}/events. A browser EventSource cannot send the bearer token,
 * so the stream is read with fetch (the token stays in a header, never in a URL). One stream per
 * open detail page; the server polls the database once per execution however many pages follow it.
 */
export function useExecutionEvents(id: string | undefined): LiveExecution {
  const client = useQueryClient();
  const [state, setState] = useState<LiveExecution>({ progress: null, tasks: [], connected: false, ended: false, error: null });

  useEffect(() => {
    if (!id) return;
    const abort = new AbortController();
    const tasks = new Map<number, Task>();
    let ended = false;
    let flush: number | undefined;
    const publishTasks = () => {
      if (flush !== undefined) return;
      flush = window.setTimeout(() => {
        flush = undefined;
        setState((s) => ({ ...s, tasks: [...tasks.values()].sort((a, b) => a.id - b.id) }));
      }, 100);
    };
    setState({ progress: null, tasks: [], connected: false, ended: false, error: null });
    fetchEventSource(`/api/v1/executions/${id}/events`, {
      headers: { Authorization: `Bearer ${storedToken() ?? ''}`, Accept: 'text/event-stream' },
      signal: abort.signal,
      openWhenHidden: true,
      async onopen(response) {
        if (!response.ok) throw new Error(`the event stream answered ${response.status}`);
        setState((s) => ({ ...s, connected: true, error: null }));
      },
      onmessage(msg) {
        if (msg.event === 'task') {
          const t = JSON.parse(msg.data) as Task;
          tasks.set(t.id, t);
          publishTasks();
        } else if (msg.event === 'execution' || msg.event === 'end') {
          const p = JSON.parse(msg.data) as ExecutionProgress;
          setState((s) => ({ ...s, progress: p, ended: s.ended || msg.event === 'end' }));
          if (msg.event === 'end') {
            ended = true;
            client.invalidateQueries({ queryKey: ['execution', id] });
            client.invalidateQueries({ queryKey: ['executions'] });
          }
        }
      },
      onclose() {
        // the server closes after `end`; an earlier close is a dropped connection: reconnect
        if (!ended && !abort.signal.aborted) throw new Error('closed');
      },
      onerror(err) {
        if ((err as Error).message === 'closed') {
          setState((s) => ({ ...s, connected: false }));
          return 2000;
        }
        setState((s) => ({ ...s, connected: false, error: (err as Error).message }));
        return 5000;
      },
    }).catch(() => undefined);
    return () => {
      abort.abort();
      if (flush !== undefined) window.clearTimeout(flush);
    };
  }, [id, client]);
  return state;
}
