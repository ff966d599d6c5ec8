import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Execution } from '../../api/types';
import { bytes } from '../../format';

const HOURS = 24;

/** Bytes written per hour over the last day, from finished executions (one bar per hour). */
export function bytesPerHour(executions: Execution[], now = Date.now()): { hours: number[]; written: number[] } {
  const end = Math.floor(now / 3_600_000) * 3_600_000;
  const hours = Array.from({ length: HOURS }, (_, i) => (end - (HOURS - 1 - i) * 3_600_000) / 1000);
  const written = new Array<number>(HOURS).fill(0);
  for (const e of executions) {
    const at = e.finishedAt ?? e.startedAt;
    if (!at) continue;
    const i = HOURS - 1 - Math.floor((end - Math.floor(new Date(at).getTime() / 3_600_000) * 3_600_000) / 3_600_000);
    if (i >= 0 && i < HOURS) written[i] += e.summary.bytes.written;
  }
  return { hours, written };
}

export function BytesPerHourChart({ executions }: { executions: Execution[] }) {
  const box = useRef<HTMLDivElement>(null);
  const { hours, written } = bytesPerHour(executions);
  const key = written.join();
  const total = written.reduce((a, b) => a + b, 0);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(260, el.clientWidth);
    const plot = new uPlot(
      {
        width,
        height: 200,
        legend: { show: false },
        cursor: { show: true, points: { show: false } },
        // half an hour of room on each side, so the first and the current hour's bars show whole
        scales: { x: { time: true, range: (_u, min, max) => [min - 1800, max + 1800] } },
        axes: [
          { stroke: '#64748b', grid: { show: false } },
          { stroke: '#64748b', size: 70, values: (_u, vals) => vals.map((v) => bytes(v)), grid: { stroke: '#e2e8f0' } },
        ],
        series: [{}, { label: 'written', fill: 'rgba(37,99,235,0.55)', stroke: '#2563eb', paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } }],
      },
      // an hour without bytes draws no bar
      [hours, written.map((w) => (w === 0 ? null : w))],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(260, el.clientWidth), height: 200 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <figure className="chart">
      <div ref={box} role="img" aria-label={`Bytes replicated per hour over the last ${HOURS} hours: ${bytes(total)} in total`} />
      <figcaption className="muted small">
        {bytes(total)} written in the last {HOURS} h (by finished executions)
      </figcaption>
    </figure>
  );
}
