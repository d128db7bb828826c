import type { Permission, Principal } from '@neurograph/rbac';

/** What a route handler gets: path parameters, the query string, the parsed JSON body, who is asking. */
export interface RouteContext {
  /** A path parameter (`:space` → `param('space')`). */
  param(name: string): string;
  query: URLSearchParams;
  body: unknown;
  principal: FakePrincipal;
}

export interface FakePrincipal {
  role: Principal;
  /** An API key's scopes: it may do no more than these. */
  scopes?: readonly Permission[];
  apiKeyId?: string;
  userId: string | null;
  username: string | null;
  via: 'user' | 'apiKey' | 'anonymous';
}

/** `undefined` answers 204 No Content. */
export type Handler = (context: RouteContext) => unknown;

export interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  /** undefined: open to everyone (login, refresh, health). */
  permission: Permission | undefined;
  handler: Handler;
  /** Of a successful answer with a body: 201 for creations, as the API. */
  status: number;
}

/** `route('GET', '/spaces/:space/tokens/:id', 'space:read', handler)`. */
export function route(method: string, path: string, permission: Permission | undefined, handler: Handler, status = 200): Route {
  const names: string[] = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), names, permission, handler, status };
}

export function match(routes: readonly Route[], method: string, path: string): { route: Route; param: (name: string) => string } | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const found = candidate.pattern.exec(path);
    if (found) return { route: candidate, param: (name) => decodeURIComponent(found[candidate.names.indexOf(name) + 1] ?? '') };
  }
  return undefined;
}
