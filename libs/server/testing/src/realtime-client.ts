import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';

/** A socket.io client as a user would open it, plus what the tests wait for. */
export interface Live {
  socket: Socket;
  session: any;
  /** Envelopes received, per channel event. */
  events: Record<string, any[]>;
  /** Control events (`gap`, `session.ended`, `error`…) in arrival order. */
  controls: { event: string; data: any }[];
  ack<T = any>(event: string, payload?: unknown): Promise<T>;
  close(): void;
}

const CHANNEL_EVENTS = ['metrics', 'status', 'signals', 'actions', 'modules', 'logs', 'connections'];

export function connect(origin: string, auth: Record<string, unknown> = {}): Promise<Live> {
  const socket = io(origin, { path: '/realtime', transports: ['websocket'], auth, reconnection: false, forceNew: true });
  const events: Record<string, any[]> = {};
  const controls: Live['controls'] = [];
  socket.onAny((event: string, data: unknown) => {
    if (CHANNEL_EVENTS.includes(event)) (events[event] ??= []).push(data);
    else if (event !== 'session') controls.push({ event, data });
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(error);
    });
    socket.once('session', (session: unknown) =>
      resolve({
        socket,
        session,
        events,
        controls,
        ack: (event, payload) => (payload === undefined ? socket.timeout(5000).emitWithAck(event) : socket.timeout(5000).emitWithAck(event, payload)),
        close: () => socket.close(),
      }),
    );
  });
}

/** The refusal a handshake got: `connect_error.data`. */
export async function refusal(origin: string, auth: Record<string, unknown>): Promise<any> {
  try {
    const live = await connect(origin, auth);
    live.close();
    return undefined;
  } catch (error) {
    return (error as { data?: unknown }).data;
  }
}

export const until = async (check: () => boolean, ms = 5000, what = 'condition'): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** A plain WebSocket client of `/ws`: frames in arrival order, and request/answer by id. */
export interface PlainWs {
  ws: WebSocket;
  frames: any[];
  request(frame: Record<string, unknown>): Promise<any>;
  closed: Promise<{ code: number }>;
}

let nextId = 0;

export function openPlainWs(origin: string, query = ''): Promise<PlainWs> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws${query}`);
  const frames: any[] = [];
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        closed,
        request: async (frame) => {
          const id = `r${++nextId}`;
          ws.send(JSON.stringify({ ...frame, id }));
          await until(() => frames.some((f) => f.id === id), 5000, `an answer to ${String(frame.type)}`);
          return frames.find((f) => f.id === id);
        },
      }),
    );
  });
}
