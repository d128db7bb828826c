import type { Projection } from '@neurograph/sdk';

export interface Point {
  tokenId: number;
  x: number;
  y: number;
}

/** Places a vector in the projection's plane: the same two principal axes the server used. */
export function project(projection: Pick<Projection, 'axes' | 'mean'>, vector: readonly number[]): { x: number; y: number } {
  const centred = vector.map((value, i) => value - (projection.mean[i] ?? 0));
  const dot = (axis: readonly number[]) => centred.reduce((sum, value, i) => sum + value * (axis[i] ?? 0), 0);
  return { x: dot(projection.axes[0]), y: dot(projection.axes[1]) };
}

export interface View {
  minX: number;
  minY: number;
  scale: number;
  padding: number;
}

/** Fits every point into a width × height box, keeping the aspect ratio. */
export function fit(points: readonly Point[], width: number, height: number, padding = 12): View {
  if (points.length === 0) return { minX: -1, minY: -1, scale: Math.min(width, height) / 2 - padding, padding };
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const scale = Math.min((width - 2 * padding) / (maxX - minX || 1), (height - 2 * padding) / (maxY - minY || 1));
  return { minX, minY, scale, padding };
}

export const toScreen = (view: View, p: { x: number; y: number }) => ({ x: view.padding + (p.x - view.minX) * view.scale, y: view.padding + (p.y - view.minY) * view.scale });

/** The point drawn nearest to a click, within `radius` pixels. */
export function pick(points: readonly Point[], view: View, clickX: number, clickY: number, radius = 6): Point | undefined {
  let best: Point | undefined;
  let bestDistance = radius * radius;
  for (const point of points) {
    const { x, y } = toScreen(view, point);
    const distance = (x - clickX) ** 2 + (y - clickY) ** 2;
    if (distance <= bestDistance) {
      best = point;
      bestDistance = distance;
    }
  }
  return best;
}
