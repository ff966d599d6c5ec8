import { describe, expect, it } from 'vitest';
import type { Execution } from '../../api/types';
import { bytesPerHour } from './BytesPerHourChart';

const run = (finishedAt: string, written: number) =>
  ({ finishedAt, summary: { bytes: { written } } }) as unknown as Execution;

describe('bytes per hour', () => {
  it('sums finished executions into their hour of the last 24 and ignores older ones', () => {
    const now = Date.parse('2026-12-03T06:40:00Z');
    const { hours, written } = bytesPerHour(
      [run('2026-12-03T06:05:00Z', 100), run('2026-12-03T06:39:59Z', 50), run('2026-12-03T05:59:59Z', 7), run('2026-12-01T06:00:00Z', 999)],
      now,
    );
    expect(hours).toHaveLength(24);
    expect(hours[23]).toBe(Date.parse('2026-12-03T06:00:00Z') / 1000);
    expect(written[23]).toBe(150);
    expect(written[22]).toBe(7);
    expect(written.reduce((a, b) => a + b, 0)).toBe(157);
  });
});
