import type { ActivateResponse, Subgraph } from '@neurograph/sdk';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Alert } from '../../components/Alert.js';
import { useT } from '../../app/preferences.js';
import { useClient } from '../../app/session.js';
import { useAction } from '../../app/use-action.js';
import { radialLayout } from './layout.js';

const SIZE = 520;
const HOP_MS = 400;

/** The subgraph around a token, and spreading activation from it, revealed hop by hop. */
export function Graph() {
  const t = useT();
  const client = useClient();
  const [query, setQuery] = useState<{ space: string; root: number }>();
  const [graph, setGraph] = useState<Subgraph>();
  const [activation, setActivation] = useState<ActivateResponse['activated']>();
  const [shownHops, setShownHops] = useState(0);
  const load = useAction(() => undefined);

  const placed = useMemo(() => (graph && query ? radialLayout(query.root, graph.nodes.map((n) => n.id), graph.edges, SIZE) : []), [graph, query]);
  const position = useMemo(() => new Map(placed.map((p) => [p.tokenId, p])), [placed]);
  const energy = useMemo(() => new Map((activation ?? []).filter((a) => a.hops <= shownHops).map((a) => [a.tokenId, a.activation])), [activation, shownHops]);
  const maxHops = Math.max(0, ...(activation ?? []).map((a) => a.hops));

  // The activation spreads one hop at a time on screen, as it does through the graph.
  useEffect(() => {
    if (!activation || shownHops >= maxHops) return undefined;
    const timer = setTimeout(() => setShownHops(shownHops + 1), HOP_MS);
    return () => clearTimeout(timer);
  }, [activation, shownHops, maxHops]);

  const open = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = { space: String(form.get('space') || 'default'), root: Number(form.get('root')) };
    void load.run(async () => {
      setActivation(undefined);
      setGraph(await client.graph.subgraph(next.space, next.root, { depth: 2, maxNodes: 60 }));
      setQuery(next);
    });
  };
  const activate = () =>
    query &&
    void load.run(async () => {
      setShownHops(0);
      setActivation((await client.graph.activate(query.space, { start: query.root, maxHops: 3 })).activated);
    });

  return (
    <section className="graph">
      <h1>{t('graph.title')}</h1>
      <form className="inline-form" onSubmit={open}>
        <input name="space" aria-label={t('space.space')} placeholder="default" defaultValue={query?.space} />
        <input name="root" type="number" min={0} required aria-label={t('graph.root')} placeholder={t('graph.root')} />
        <button type="submit">{t('graph.open')}</button>
        <button type="button" disabled={!graph} onClick={activate}>
          {t('graph.activate')}
        </button>
      </form>
      <Alert message={load.failure} />
      {graph && (
        <p className="muted">
          {t('graph.summary', { nodes: graph.nodes.length, edges: graph.edges.length, reachable: graph.reachable })}
          {activation ? ` · ${t('graph.activated', { count: energy.size, hops: shownHops })}` : ''}
        </p>
      )}
      {graph && (
        <svg className="graph-view card" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={t('graph.view', { root: query?.root ?? '' })}>
          {graph.edges.map((edge) => {
            const [a, b] = [position.get(edge.from), position.get(edge.to)];
            return a && b ? <line key={`${edge.from}-${edge.to}-${edge.type}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} strokeWidth={1 + edge.weight * 2} className={`edge ${edge.type}`} /> : null;
          })}
          {placed.map((node) => (
            <g key={node.tokenId} data-token={node.tokenId} data-activation={energy.get(node.tokenId)?.toFixed(3)}>
              <circle cx={node.x} cy={node.y} r={node.tokenId === query?.root ? 12 : 8} className="node" style={{ fillOpacity: energy.has(node.tokenId) ? 0.25 + 0.75 * Math.min(1, energy.get(node.tokenId) ?? 0) : 0.15 }} />
              <text x={node.x} y={node.y - 12} textAnchor="middle">
                {node.tokenId}
              </text>
            </g>
          ))}
        </svg>
      )}
    </section>
  );
}
