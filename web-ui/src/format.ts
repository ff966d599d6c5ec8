/** Human-readable figures. */

export function bytes(n: number | null | undefined): string {
  if (n == null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function rate(bytesPerSecond: number | null | undefined): string {
  return bytesPerSecond == null ? '—' : `${bytes(bytesPerSecond)}/s`;
}

export function duration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const diff = (Date.now() - d.getTime()) / 1000;
  const abs = Math.abs(diff);
  const words =
    abs < 60 ? `${Math.round(abs)} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 86400 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86400)} d`;
  return diff >= 0 ? `${words} ago` : `in ${words}`;
}

export function shortDigest(d: string | null | undefined): string {
  return d ? d.replace(/^sha256:/, 'sha256:').slice(0, 19) + '…' : '—';
}

/** Share of an execution's tasks that are finished, 0–100 (100 once it ended, except STOPPED). */
export function executionProgress(status: string, a: { total: number; copied: number; skipped: number; failed: number; conflicts: number }): number {
  if (!['QUEUED', 'RUNNING', 'STOPPING', 'STOPPED'].includes(status)) return 100;
  if (a.total === 0) return 0;
  return Math.min(100, Math.floor(((a.copied + a.skipped + a.failed + a.conflicts) * 100) / a.total));
}
