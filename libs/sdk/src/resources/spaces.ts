import type {
  ActivateRequest,
  ActivateResponse,
  CreateEdgeRequest,
  CreateSpaceRequest,
  CreateTokenRequest,
  Edge,
  Page,
  PathResponse,
  Projection,
  SearchRequest,
  SearchResponse,
  SpaceStats,
  SpaceSummary,
  Subgraph,
  Token,
  TokenPatch,
} from '@neurograph/contracts';
import type { CallOptions, Http } from '../http.js';
import { paginate } from '../paginate.js';

const spacePath = (space: string) => `/spaces/${encodeURIComponent(space)}`;

export class SpacesResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  list(options?: CallOptions): Promise<Page<SpaceSummary>> {
    return this.http.request({ method: 'GET', path: '/spaces', ...options });
  }
  create(name: string, options?: CallOptions): Promise<SpaceSummary> {
    return this.http.request({ method: 'POST', path: '/spaces', body: { name } satisfies CreateSpaceRequest, ...options });
  }
  get(space: string, options?: CallOptions): Promise<SpaceSummary> {
    return this.http.request({ method: 'GET', path: spacePath(space), ...options });
  }
  delete(space: string, options?: CallOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: spacePath(space), ...options });
  }
  stats(space: string, options?: CallOptions): Promise<SpaceStats> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/stats`, ...options });
  }
  /** Two-dimensional points for display (the first two principal axes). */
  projection(space: string, query: { limit?: number } = {}, options?: CallOptions): Promise<Projection> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/projection`, query, ...options });
  }
  /** kNN (`k`) or radius search around a vector, a token or a text. */
  search(space: string, request: SearchRequest, options?: CallOptions): Promise<SearchResponse> {
    return this.http.request({ method: 'POST', path: `${spacePath(space)}/search`, body: request, idempotent: true, ...options });
  }
  influence(space: string, point: number[], options?: CallOptions): Promise<{ influence: number }> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/influence`, query: { point: point.join(',') }, ...options });
  }
  density(space: string, point: number[], radius: number, options?: CallOptions): Promise<{ density: number; radius: number }> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/density`, query: { point: point.join(','), radius }, ...options });
  }
}

export class TokensResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  list(space: string, query: { limit?: number; cursor?: string | number } = {}, options?: CallOptions): Promise<Page<Token>> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/tokens`, query, ...options });
  }
  /** Every token of a space, page by page: `for await (const t of client.tokens.iterate('default'))`. */
  iterate(space: string, query: { limit?: number } = {}, options?: CallOptions): AsyncGenerator<Token> {
    return paginate((cursor) => this.list(space, { ...query, cursor }, options));
  }
  create(space: string, token: CreateTokenRequest, options?: CallOptions): Promise<Token> {
    return this.http.request({ method: 'POST', path: `${spacePath(space)}/tokens`, body: token, ...options });
  }
  get(space: string, id: number, options?: CallOptions): Promise<Token> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/tokens/${id}`, ...options });
  }
  update(space: string, id: number, patch: TokenPatch, options?: CallOptions): Promise<Token> {
    return this.http.request({ method: 'PATCH', path: `${spacePath(space)}/tokens/${id}`, body: patch, ...options });
  }
  delete(space: string, id: number, options?: CallOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: `${spacePath(space)}/tokens/${id}`, ...options });
  }
}

export class GraphResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  edges(space: string, tokenId: number, query: { direction?: 'out' | 'in' | 'both' } = {}, options?: CallOptions): Promise<{ edges: Edge[] }> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/tokens/${tokenId}/edges`, query, ...options });
  }
  connect(space: string, edge: CreateEdgeRequest, options?: CallOptions): Promise<Edge> {
    return this.http.request({ method: 'POST', path: `${spacePath(space)}/edges`, body: edge, ...options });
  }
  path(space: string, from: number, to: number, options?: CallOptions): Promise<PathResponse> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/path`, query: { from, to }, ...options });
  }
  /** Spreading activation from a token. */
  activate(space: string, request: ActivateRequest, options?: CallOptions): Promise<ActivateResponse> {
    return this.http.request({ method: 'POST', path: `${spacePath(space)}/activate`, body: request, ...options });
  }
  subgraph(space: string, root: number, query: { depth?: number; maxNodes?: number } = {}, options?: CallOptions): Promise<Subgraph> {
    return this.http.request({ method: 'GET', path: `${spacePath(space)}/subgraph`, query: { root, ...query }, ...options });
  }
}
