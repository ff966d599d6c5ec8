import { useMemo } from 'react';
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useLinks, useRegions, useRegistries } from '../../api/hooks';
import type { Link as RegionLink, Region, Registry, RegistryHealth } from '../../api/types';
import { EmptyState, ErrorState, Loading } from '../../components/ui';

type Health = 'up' | 'down' | 'unknown';
const COLOUR: Record<Health, string> = { up: '#16a34a', down: '#dc2626', unknown: '#94a3b8' };

/** Regions as nodes (with their registries and health), links as edges labelled with latency and bandwidth. */
export function TopologyMap() {
  const regions = useRegions();
  const registries = useRegistries();
  const links = useLinks();
  const health = useQueries({
    queries: (registries.data ?? []).map((r) => ({
      queryKey: ['health', r.name],
      queryFn: () => api<RegistryHealth>('GET', `/api/v1/registries/${encodeURIComponent(r.name)}/health`),
      staleTime: 60_000,
      refetchInterval: 60_000,
    })),
  });
  const healthByRegistry = new Map<string, Health>();
  (registries.data ?? []).forEach((r, i) => {
    const h = health[i]?.data;
    healthByRegistry.set(r.name, h ? (h.reachable ? 'up' : 'down') : 'unknown');
  });
  const healthKey = [...healthByRegistry.entries()].join();

  const { nodes, edges } = useMemo(
    () => layout(regions.data ?? [], registries.data ?? [], links.data ?? [], healthByRegistry),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [regions.data, registries.data, links.data, healthKey],
  );

  if (regions.isLoading || registries.isLoading || links.isLoading) return <Loading what="the topology" />;
  const error = regions.error ?? registries.error ?? links.error;
  if (error) return <ErrorState error={error} />;
  if (nodes.length === 0)
    return (
      <EmptyState title="No regions yet">
        Add regions, their registries and the links between them in <Link to="/settings">Settings</Link>.
      </EmptyState>
    );
  return (
    <div className="topology" data-testid="topology" aria-label="Regions and links">
      <ReactFlow nodes={nodes} edges={edges} fitView fitViewOptions={{ padding: 0.25 }} nodesConnectable={false} proOptions={{ hideAttribution: true }} minZoom={0.3}>
        <Background gap={24} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <ul className="sr-only">
        {(links.data ?? []).map((l) => (
          <li key={`${l.from}-${l.to}`}>{`${l.from} to ${l.to}: ${linkLabel(l)}`}</li>
        ))}
      </ul>
    </div>
  );
}

function regionHealth(regs: Registry[], health: Map<string, Health>): Health {
  if (regs.length === 0) return 'unknown';
  const states = regs.map((r) => health.get(r.name) ?? 'unknown');
  if (states.includes('down')) return 'down';
  return states.every((s) => s === 'up') ? 'up' : 'unknown';
}

export function linkLabel(l: RegionLink): string {
  const bw = l.bandwidthMbps >= 1000 ? `${(l.bandwidthMbps / 1000).toFixed(l.bandwidthMbps % 1000 ? 1 : 0)} Gbps` : `${l.bandwidthMbps} Mbps`;
  return `${l.latencyMs} ms · ${bw}`;
}

function layout(regions: Region[], registries: Registry[], links: RegionLink[], health: Map<string, Health>) {
  const n = regions.length;
  // wide enough that an edge stays visible beside its label
  const radius = n <= 1 ? 0 : Math.max(360, n * 90);
  const byRegion = new Map<string, Health>();
  const nodes: Node[] = regions.map((r, i) => {
    const regs = registries.filter((x) => x.region === r.name);
    const h = regionHealth(regs, health);
    byRegion.set(r.name, h);
    // on a circle, starting on the left: two regions sit side by side
    const angle = (2 * Math.PI * i) / Math.max(1, n) + Math.PI;
    return {
      id: r.name,
      position: { x: radius * Math.cos(angle), y: radius * 0.6 * Math.sin(angle) },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      draggable: true,
      style: { borderColor: COLOUR[h], borderWidth: 2, width: 210, padding: 8, borderRadius: 10 },
      data: {
        label: (
          <div className="region-node">
            <div className="region-name">
              <span className="dot" style={{ background: COLOUR[h] }} aria-label={h} /> {r.displayName ?? r.name}
            </div>
            <div className="muted small">
              {r.name}
              {r.jurisdiction ? ` · ${r.jurisdiction}` : ''}
            </div>
            {regs.map((x) => (
              <div key={x.name} className="small registry-line">
                <span className="dot" style={{ background: COLOUR[health.get(x.name) ?? 'unknown'] }} /> <code>{x.name}</code>
              </div>
            ))}
            {regs.length === 0 && <div className="small muted">no registry</div>}
          </div>
        ),
      },
    };
  });
  // One edge per pair of regions, drawn left to right; each direction's figures in its label.
  const x = new Map(nodes.map((node) => [node.id, node.position.x]));
  const pairs = new Map<string, { a: string; b: string; ab?: RegionLink; ba?: RegionLink }>();
  for (const l of links) {
    if (!byRegion.has(l.from) || !byRegion.has(l.to)) continue;
    const [a, b] = x.get(l.from)! <= x.get(l.to)! ? [l.from, l.to] : [l.to, l.from];
    const pair = pairs.get(`${a}|${b}`) ?? { a, b };
    if (l.from === a) pair.ab = l;
    else pair.ba = l;
    pairs.set(`${a}|${b}`, pair);
  }
  const edges: Edge[] = [...pairs.values()].map(({ a, b, ab, ba }) => {
    const ha = byRegion.get(a);
    const hb = byRegion.get(b);
    const h: Health = ha === 'down' || hb === 'down' ? 'down' : ha === 'up' && hb === 'up' ? 'up' : 'unknown';
    const label = [ab && `→ ${linkLabel(ab)}`, ba && `← ${linkLabel(ba)}`].filter(Boolean).join('   ');
    const arrow = { type: MarkerType.ArrowClosed, color: COLOUR[h] };
    return {
      id: `${a}<->${b}`,
      source: a,
      target: b,
      label,
      type: 'default',
      style: { stroke: COLOUR[h], strokeWidth: 2 },
      labelStyle: { fontSize: 11, fill: '#0f172a' },
      labelBgStyle: { fill: '#ffffff', fillOpacity: 0.95 },
      labelBgPadding: [6, 3] as [number, number],
      markerEnd: ab ? arrow : undefined,
      markerStart: ba ? arrow : undefined,
    };
  });
  return { nodes, edges };
}
