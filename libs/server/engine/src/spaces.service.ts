import { Injectable } from '@nestjs/common';
import { bfs, type EdgeType, type Neighbor, type NewToken, shortestPath, type Space, spreadActivation, subgraph, type TokenPatch } from '@neurograph/core';
import { ApiError, pageOf } from '@neurograph/server-http';
import { EngineHost } from './engine-host.js';

export interface SpaceSummary {
  name: string;
  tokens: number;
  edges: number;
  tick: number;
}

export interface SearchQuery {
  vector?: number[];
  tokenId?: number;
  text?: string;
  k?: number;
  radius?: number;
}

const tokenNotFound = (space: string, id: number, field = 'id') => new ApiError(404, 'TOKEN_NOT_FOUND', `Token ${id} does not exist in space "${space}"`, [{ field, rule: 'exists', message: 'not found' }]);

/** Refuses a request naming a token the space does not hold, naming the field that did. */
function requireToken(space: Space, id: number, field = 'id'): void {
  if (!space.hasToken(id)) throw tokenNotFound(space.name, id, field);
}

/** Spaces, their tokens, search and the graph; every change is marked for the write-behind. */
@Injectable()
export class SpacesService {
  constructor(private readonly host: EngineHost) {}

  list(): SpaceSummary[] {
    return this.host.engine.listSpaces().map(summary);
  }

  create(name: string): SpaceSummary {
    if (this.host.engine.hasSpace(name)) throw new ApiError(409, 'SPACE_EXISTS', `Space "${name}" already exists`, [{ field: 'name', rule: 'unique', message: 'is taken' }]);
    const space = this.host.engine.createSpace(name);
    this.host.learning.markSpace(name);
    return summary(space);
  }

  get(name: string): Space {
    return this.host.engine.space(name);
  }

  summary(name: string): SpaceSummary {
    return summary(this.get(name));
  }

  async remove(name: string): Promise<void> {
    this.get(name);
    this.host.engine.deleteSpace(name);
    this.host.learning.forgetSpace(name);
    this.host.learning.markSpace(name);
    await this.host.learning.flush();
  }

  stats(name: string) {
    const space = this.get(name);
    return { ...summary(space), memoryBytes: space.memoryBytes(), parameters: space.parameters };
  }

  tokenPage(name: string, after: number, limit: number) {
    const ids = this.get(name).tokenIds(after, limit + 1);
    return pageOf(ids, limit, (id) => this.token(name, id), (token) => String(token.id));
  }

  token(name: string, id: number) {
    const token = this.get(name).token(id);
    if (!token) throw tokenNotFound(name, id);
    return token;
  }

  createToken(name: string, input: NewToken) {
    const space = this.host.engine.hasSpace(name) ? this.get(name) : this.host.engine.createSpace(name);
    const { tokenId, evicted } = space.addToken(input, Date.now());
    this.host.learning.markTokens(name, [tokenId, ...evicted]);
    return this.token(name, tokenId);
  }

  updateToken(name: string, id: number, patch: TokenPatch) {
    if (!this.get(name).updateToken(id, patch)) throw tokenNotFound(name, id);
    this.host.learning.markTokens(name, [id]);
    return this.token(name, id);
  }

  removeToken(name: string, id: number): void {
    // Mark first, so the space's graph is watched and reports the edges the removal drops.
    this.host.learning.markTokens(name, [id]);
    if (!this.get(name).removeToken(id)) throw tokenNotFound(name, id);
  }

  search(name: string, query: SearchQuery): { query: number[]; neighbors: Neighbor[] } {
    const space = this.get(name);
    const vector = this.queryVector(space, query);
    const k = query.k ?? 10;
    const neighbors = query.radius !== undefined ? space.withinRadius(vector, query.radius, k) : space.nearest(vector, k);
    return { query: vector, neighbors };
  }

  influence(name: string, point: number[]) {
    return { influence: this.get(name).influence(point) };
  }

  density(name: string, point: number[], radius: number) {
    return { density: this.get(name).density(point, radius), radius };
  }

  edges(name: string, id: number, direction: 'out' | 'in' | 'both') {
    const space = this.get(name);
    requireToken(space, id);
    const now = Date.now();
    const out = direction === 'in' ? [] : space.graph.outEdges(id, { nowMs: now });
    const incoming = direction === 'out' ? [] : space.graph.inEdges(id, { nowMs: now });
    return { edges: [...out, ...incoming] };
  }

  connect(name: string, edge: { from: number; to: number; type: EdgeType; weight: number }) {
    const space = this.get(name);
    requireToken(space, edge.from, 'from');
    requireToken(space, edge.to, 'to');
    if (edge.from === edge.to) throw ApiError.validation('to', 'distinct', 'must differ from from');
    this.host.learning.markSpace(name);
    space.graph.connect(edge.from, edge.to, edge.type, edge.weight, Date.now());
    return space.graph.edge(edge.from, edge.to, edge.type);
  }

  path(name: string, from: number, to: number, types?: EdgeType[]) {
    const space = this.get(name);
    requireToken(space, from, 'from');
    requireToken(space, to, 'to');
    return { found: true, ...(shortestPath(space.graph, from, to, { types }) ?? { found: false, path: [], cost: null }) };
  }

  activate(name: string, start: number, options: Parameters<typeof spreadActivation>[2]) {
    const space = this.get(name);
    requireToken(space, start, 'start');
    return { activated: spreadActivation(space.graph, start, options) };
  }

  subgraph(name: string, root: number, depth: number, maxNodes: number) {
    const space = this.get(name);
    requireToken(space, root, 'root');
    const { nodes, edges } = subgraph(space.graph, root, { depth, maxNodes });
    return { nodes: nodes.map((id) => space.token(id)).filter((t) => t !== undefined), edges, reachable: bfs(space.graph, root, { maxDepth: depth, maxNodes }).length };
  }

  private queryVector(space: Space, query: SearchQuery): number[] {
    const given = [query.vector, query.tokenId, query.text].filter((v) => v !== undefined).length;
    if (given !== 1) throw ApiError.validation('query', 'oneOf', 'give exactly one of vector, tokenId or text');
    if (query.vector) return query.vector;
    if (query.tokenId !== undefined) return this.token(space.name, query.tokenId).vector;
    return this.host.engine.gateway.encode({ payload: query.text, sensorId: 'text.chat', space: space.name }).vector;
  }
}

function summary(space: Space): SpaceSummary {
  return { name: space.name, tokens: space.size, edges: space.graph.edgeCount, tick: space.tick };
}
