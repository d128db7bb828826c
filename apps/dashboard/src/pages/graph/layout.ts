import type { Edge } from '@neurograph/sdk';

export interface Placed {
  tokenId: number;
  x: number;
  y: number;
  depth: number;
}

/** Rings around the root: each token on the circle of its distance (in edges, either direction) from it. */
export function radialLayout(root: number, nodes: readonly number[], edges: readonly Edge[], size: number): Placed[] {
  const depth = new Map<number, number>([[root, 0]]);
  const neighbours = new Map<number, number[]>();
  for (const { from, to } of edges) {
    neighbours.set(from, [...(neighbours.get(from) ?? []), to]);
    neighbours.set(to, [...(neighbours.get(to) ?? []), from]);
  }
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const other of neighbours.get(next) ?? []) {
      if (depth.has(other)) continue;
      depth.set(other, (depth.get(next) ?? 0) + 1);
      queue.push(other);
    }
  }
  const maxDepth = Math.max(1, ...depth.values());
  const rings = new Map<number, number[]>();
  for (const id of nodes) {
    const d = depth.get(id) ?? maxDepth;
    rings.set(d, [...(rings.get(d) ?? []), id]);
  }
  const centre = size / 2;
  const step = (size / 2 - 24) / maxDepth;
  return [...rings.entries()].flatMap(([d, ids]) =>
    ids.map((tokenId, i) => {
      const angle = (2 * Math.PI * i) / ids.length - Math.PI / 2;
      return { tokenId, depth: d, x: centre + d * step * Math.cos(angle), y: centre + d * step * Math.sin(angle) };
    }),
  );
}
