import { type ConnectionState, type Me, NeuroGraph, type RealtimeClient, type Tokens } from '@neurograph/sdk';
import type { Permission } from '@neurograph/rbac';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

const STORAGE_KEY = 'neurograph.session';

export interface ServerOptions {
  /** The API's origin (the page's own in production). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Open the real-time connection (component tests without a server turn it off). */
  realtime?: boolean;
}

interface Session {
  client: NeuroGraph | undefined;
  me: Me | undefined;
  realtime: RealtimeClient | undefined;
  connection: ConnectionState;
  /** True until a stored session has been checked. */
  restoring: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  can(permission: Permission): boolean;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Remembers the tokens for this tab, so a reload keeps the session; the refresh token rotates, so every new pair is stored. */
function remember(client: NeuroGraph): void {
  const save = (tokens: Readonly<Tokens>) => sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
  if (client.auth.tokens) save(client.auth.tokens);
  client.auth.onTokens(save);
}

function storedClient(server: ServerOptions): NeuroGraph | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { accessToken: string; refreshToken?: string } | null;
    return stored ? new NeuroGraph({ baseUrl: server.baseUrl, fetch: server.fetch, token: stored.accessToken, refreshToken: stored.refreshToken }) : undefined;
  } catch {
    return undefined;
  }
}

/** Who is signed in, their client, and the one real-time connection every page shares. */
export function SessionProvider({ server, children }: { server: ServerOptions; children: ReactNode }) {
  const [client, setClient] = useState<NeuroGraph | undefined>();
  const [me, setMe] = useState<Me | undefined>();
  const [realtime, setRealtime] = useState<RealtimeClient | undefined>();
  const [connection, setConnection] = useState<ConnectionState>('closed');
  const [restoring, setRestoring] = useState(true);

  const start = useCallback(
    async (candidate: NeuroGraph) => {
      const who = await candidate.auth.me();
      remember(candidate);
      setClient(candidate);
      setMe(who);
      if (server.realtime !== false) {
        const rt = candidate.realtime();
        rt.on('state', setConnection);
        setConnection(rt.state);
        setRealtime(rt);
      }
    },
    [server.realtime],
  );

  useEffect(() => {
    const stored = storedClient(server);
    if (!stored) return setRestoring(false);
    start(stored)
      .catch(() => sessionStorage.removeItem(STORAGE_KEY))
      .finally(() => setRestoring(false));
    // Restores once, on the first render.
  }, []);

  useEffect(() => () => realtime?.close(), [realtime]);

  const value = useMemo<Session>(
    () => ({
      client,
      me,
      realtime,
      connection,
      restoring,
      async login(username, password) {
        const candidate = new NeuroGraph({ baseUrl: server.baseUrl, fetch: server.fetch });
        await candidate.auth.login(username, password);
        await start(candidate);
      },
      async logout() {
        await client?.auth.logout().catch(() => undefined);
        sessionStorage.removeItem(STORAGE_KEY);
        setClient(undefined);
        setMe(undefined);
        setRealtime(undefined);
        setConnection('closed');
      },
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [client, me, realtime, connection, restoring, server, start],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in client (pages below the login gate only). */
export function useClient(): NeuroGraph {
  const { client } = useSession();
  if (!client) throw new Error('useClient before sign-in');
  return client;
}
