import type { Neighbor } from '@neurograph/sdk';
import { type FormEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../../app/preferences.js';
import { useClient, useSession } from '../../app/session.js';
import { useLoad } from '../../app/use-load.js';
import { fit, pick, type Point, project, toScreen } from './scatter.js';

const WIDTH = 720;
const HEIGHT = 480;
const FRESH_MS = 10_000;

/** A space's tokens on their two principal axes: click one for its neighbours and edges; new ones light up. */
export default function SpaceExplorer() {
  const t = useT();
  const client = useClient();
  const { realtime } = useSession();
  const spaces = useLoad(() => client.spaces.list(), [client]);
  const [chosen, setSpace] = useState<string>();
  const names = spaces.data?.items.map((s) => s.name) ?? [];
  // `default` unless the server has no space by that name; none at all before the list arrives.
  const space = chosen ?? (names.includes('default') ? 'default' : names[0]);
  const projection = useLoad(() => (space ? client.spaces.projection(space, { limit: 5000 }) : Promise.resolve(undefined)), [client, space]);
  const [fresh, setFresh] = useState<Map<number, { point: Point; at: number }>>(new Map());
  const [selected, setSelected] = useState<number>();
  const [results, setResults] = useState<Neighbor[]>();
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => setFresh(new Map()), [space]);
  // Tokens created while the page is open are placed with the same axes and highlighted.
  useEffect(() => {
    const base = projection.data;
    if (!realtime || !base || !space) return undefined;
    return realtime.subscribe('signals', { space, filter: { 'result.created': true } }, (event) => {
      const { x, y } = project(base, event.data.vector);
      setFresh((previous) => new Map(previous).set(event.data.result.tokenId, { point: { tokenId: event.data.result.tokenId, x, y }, at: Date.now() }));
    });
  }, [realtime, space, projection.data]);

  const points = useMemo(() => [...(projection.data?.points ?? []), ...[...fresh.values()].map((f) => f.point)], [projection.data, fresh]);
  const view = useMemo(() => fit(points, WIDTH, HEIGHT), [points]);
  const highlighted = useMemo(() => new Set(results?.map((r) => r.tokenId)), [results]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const style = getComputedStyle(document.documentElement);
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    const draw = (point: Point, color: string, size: number) => {
      const { x, y } = toScreen(view, point);
      context.fillStyle = color;
      context.fillRect(x - size / 2, y - size / 2, size, size);
    };
    const muted = style.getPropertyValue('--muted').trim() || '#888';
    const accent = style.getPropertyValue('--accent').trim() || '#36f';
    const warn = style.getPropertyValue('--warn').trim() || '#c90';
    for (const point of projection.data?.points ?? []) draw(point, muted, 3);
    const now = Date.now();
    for (const { point, at } of fresh.values()) if (now - at < FRESH_MS) draw(point, warn, 6);
    for (const point of points) if (highlighted.has(point.tokenId)) draw(point, accent, 7);
    const chosen = points.find((p) => p.tokenId === selected);
    if (chosen) draw(chosen, accent, 11);
  }, [points, view, fresh, highlighted, selected, projection.data]);

  const click = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const hit = pick(points, view, ((event.clientX - box.left) * WIDTH) / box.width, ((event.clientY - box.top) * HEIGHT) / box.height);
    if (hit) setSelected(hit.tokenId);
  };
  const search = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('query') ?? '');
    if (!space) return;
    setResults((await client.spaces.search(space, { text, k: 10 })).neighbors);
  };

  return (
    <section className="explorer">
      <h1>{t('space.title')}</h1>
      {projection.error && <p role="alert">{t('common.error', { message: projection.error.message })}</p>}
      <div className="toolbar">
        <label>
          {t('space.space')}{' '}
          <select aria-label={t('space.space')} value={space ?? ''} onChange={(event) => setSpace(event.target.value)}>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">{t('space.tokens', { count: points.length })}</span>
        <form className="inline-form" onSubmit={(event) => void search(event)}>
          <input name="query" aria-label={t('space.search')} placeholder={t('space.search')} required />
          <button type="submit">{t('space.searchSubmit')}</button>
        </form>
      </div>
      <div className="explorer-layout">
        <canvas
          ref={canvas}
          className="scatter card"
          width={WIDTH * (typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1)}
          height={HEIGHT * (typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1)}
          style={{ aspectRatio: `${WIDTH} / ${HEIGHT}` }}
          role="img"
          aria-label={t('space.scatter', { count: points.length, space: space ?? '' })}
          onClick={click}
        />
        <div>
          {results && (
            <div className="card">
              <h2>{t('space.results')}</h2>
              <ul className="results">
                {results.map((r) => (
                  <li key={r.tokenId}>
                    <button className="link" onClick={() => setSelected(r.tokenId)}>
                      {t('signals.neighbour', { id: r.tokenId, similarity: r.similarity.toFixed(3) })}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {selected !== undefined && space && <TokenPanel space={space} tokenId={selected} onSelect={setSelected} />}
        </div>
      </div>
    </section>
  );
}

function TokenPanel({ space, tokenId, onSelect }: { space: string; tokenId: number; onSelect(id: number): void }) {
  const t = useT();
  const client = useClient();
  const details = useLoad(
    async () => {
      const [token, near, edges] = await Promise.all([client.tokens.get(space, tokenId), client.spaces.search(space, { tokenId, k: 6 }), client.graph.edges(space, tokenId)]);
      return { token, neighbours: near.neighbors.filter((n) => n.tokenId !== tokenId), edges: edges.edges };
    },
    [client, space, tokenId],
  );
  if (details.error) return <p role="alert">{t('common.error', { message: details.error.message })}</p>;
  if (!details.data) return <p>{t('common.loading')}</p>;
  const { token, neighbours, edges } = details.data;
  return (
    <aside className="card" aria-label={t('space.token', { id: tokenId })}>
      <h2>{t('space.token', { id: tokenId })}</h2>
      <p className="muted">
        {token.label ?? token.kind} · {t('space.activations', { count: token.activationCount })} · {t('space.lastActive', { time: token.lastActivatedAt.slice(0, 19).replace('T', ' ') })}
      </p>
      <h3>{t('signals.neighbours')}</h3>
      <ul>
        {neighbours.map((n) => (
          <li key={n.tokenId}>
            <button className="link" onClick={() => onSelect(n.tokenId)}>
              {t('signals.neighbour', { id: n.tokenId, similarity: n.similarity.toFixed(3) })}
            </button>
          </li>
        ))}
      </ul>
      <h3>{t('space.edges')}</h3>
      {edges.length === 0 ? (
        <p className="muted">{t('signals.none')}</p>
      ) : (
        <ul>
          {edges.map((edge) => (
            <li key={`${edge.from}-${edge.to}-${edge.type}`}>{t('space.edge', { from: edge.from, to: edge.to, type: edge.type, weight: edge.weight.toFixed(2) })}</li>
          ))}
        </ul>
      )}
    </aside>
  );
}

