import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Credentials } from '@neurograph/server-auth';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiError } from '@neurograph/server-http';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { credentialsFrom, RealtimeAuthenticator } from './authenticator.js';
import { ClientCommands, errorAck } from './commands.js';
import type { Delivery } from './delivery.js';
import { PlainWsOutlet, plainWsForm } from './plain-ws.outlet.js';
import { RealtimeHub } from './realtime.hub.js';
import type { RealtimeSession } from './session.js';
import { resumeRequest } from './socket-io.gateway.js';
import { perMessageDeflate, type WireForm } from './websocket-frames.js';

export const PLAIN_WS_PATH = '/ws';

/** A client without credentials in the URL must authenticate with its first message within this time. */
const AUTH_TIMEOUT_MS = 5000;
/** Frames a connection may send before it is authenticated; more closes it (1008, policy violation). */
const EARLY_FRAME_LIMIT = 100;
/** Close codes in the private range: 4401 like HTTP 401, 4400 like 400. */
const CLOSE_UNAUTHORIZED = 4401;

/**
 * A connection's frames from its first byte: `ws` drops frames that arrive while nothing listens,
 * and a client may send right after `open`, while its credentials are still being checked (a
 * database or Redis round trip). Frames wait here, in order, until the session takes them.
 */
class Inbox {
  private readonly waiting: [RawData, boolean][] = [];
  private taker: ((data: RawData) => void) | undefined;
  private consumer: ((data: RawData, isBinary: boolean) => void) | undefined;

  constructor(ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const taker = this.taker;
      this.taker = undefined;
      if (taker) taker(data);
      else if (this.consumer) this.consumer(data, isBinary);
      else if (this.waiting.length < EARLY_FRAME_LIMIT) this.waiting.push([data, isBinary]);
      else ws.close(1008, 'too many frames before authentication');
    });
  }

  /** The next frame by itself (the `auth` handshake). */
  next(): Promise<RawData> {
    const first = this.waiting.shift();
    return first ? Promise.resolve(first[0]) : new Promise((resolve) => (this.taker = resolve));
  }

  /** Every waiting frame, then every later one, goes to `consumer`. */
  deliverTo(consumer: (data: RawData, isBinary: boolean) => void): void {
    this.consumer = consumer;
    for (const [data, isBinary] of this.waiting.splice(0)) consumer(data, isBinary);
  }
}

/**
 * `/ws`: the same channels, matrix and commands as `/realtime` in JSON text frames, for clients
 * without socket.io. Client frames are `{type, id?, ...payload}`; answers are `{type: 'ack', id,
 * data}` or `{type: 'error', id, error}`; channel events are the bare envelopes.
 */
@Injectable()
export class PlainWsServer implements OnApplicationShutdown {
  private readonly wss: WebSocketServer;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly form: WireForm<Delivery>;

  constructor(
    private readonly hub: RealtimeHub,
    private readonly commands: ClientCommands,
    private readonly authenticator: RealtimeAuthenticator,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {
    const threshold = config.realtime.compressionThresholdBytes;
    this.form = plainWsForm(threshold);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.bodyLimitBytes * 2, perMessageDeflate: perMessageDeflate(threshold) });
  }

  /** Takes the upgrades for `/ws` on the app's HTTP server; socket.io keeps its own path. */
  attach(server: HttpServer): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== PLAIN_WS_PATH) return;
      this.wss.handleUpgrade(request, socket, head, (ws) => void this.accept(ws, request));
    });
    this.heartbeat = setInterval(() => this.ping(), this.config.realtime.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async accept(ws: WebSocket, request: IncomingMessage): Promise<void> {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.on('error', () => ws.terminate());
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const inbox = new Inbox(ws);
    try {
      if (!this.hub.accepting) throw new ApiError(503, 'SERVER_DRAINING', 'This server is shutting down; connect to another one');
      const inUrl = credentialsFrom({ token: query.get('token') ?? undefined, apiKey: query.get('apiKey') ?? undefined }, 'query');
      const credentials = inUrl.token || inUrl.apiKey || this.config.allowAnonymousRead ? inUrl : await this.firstMessageCredentials(inbox);
      const principal = await this.authenticator.authenticate(credentials);
      const session = await this.hub.open(randomUUID(), new PlainWsOutlet(ws, this.form), principal, credentials, resumeRequest(query.get('resume') ?? undefined, undefined));
      inbox.deliverTo((data, isBinary) => this.onMessage(session, ws, data, isBinary));
      ws.on('close', () => this.hub.close(session, 'client_closed'));
      if (ws.readyState !== WebSocket.OPEN) this.hub.close(session, 'client_gone');
    } catch (error) {
      if (ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ type: 'error', ...errorAck(error) }));
        ws.close(CLOSE_UNAUTHORIZED, 'unauthorized');
      }
    }
  }

  private firstMessageCredentials(inbox: Inbox): Promise<Credentials> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new ApiError(401, 'AUTHENTICATION_REQUIRED', `Send {type: 'auth', token} within ${AUTH_TIMEOUT_MS} ms`)), AUTH_TIMEOUT_MS);
      void inbox.next().then((data) => {
        clearTimeout(timer);
        try {
          const frame = parseFrame(data);
          if (frame.type !== 'auth') throw ApiError.validation('type', 'auth', "the first message must be {type: 'auth', token} or {type: 'auth', apiKey}");
          resolve(credentialsFrom({ token: frame.token, apiKey: frame.apiKey }, 'auth'));
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  private onMessage(session: RealtimeSession, ws: WebSocket, data: RawData, isBinary: boolean): void {
    let id: unknown;
    let type = 'unknown';
    const reply = (frame: object) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ ...frame, ...(id !== undefined && { id }) }));
    try {
      if (isBinary) throw ApiError.validation('frame', 'text', 'must be a JSON text frame');
      const { type: frameType, id: frameId, ...payload } = parseFrame(data);
      id = typeof frameId === 'string' || typeof frameId === 'number' ? frameId : undefined;
      type = frameType;
      if (type === 'ping') return void reply({ type: 'pong' });
      this.commands.run(session, type === 'auth' ? 'auth.refresh' : type, payload).then(
        (result) => reply({ type: 'ack', event: type, data: result ?? {} }),
        (error: unknown) => reply({ type: 'error', event: type, ...errorAck(error) }),
      );
    } catch (error) {
      reply({ type: 'error', event: type, ...errorAck(error) });
    }
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}

function parseFrame(data: RawData): Record<string, unknown> & { type: string } {
  let frame: unknown;
  try {
    frame = JSON.parse(data.toString());
  } catch {
    throw ApiError.validation('frame', 'json', 'must be a JSON object');
  }
  if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) throw ApiError.validation('frame', 'json', 'must be a JSON object');
  const type = (frame as { type?: unknown }).type;
  if (typeof type !== 'string' || type.length === 0 || type.length > 64) throw ApiError.validation('type', 'required', 'must name the event, e.g. "subscribe"');
  return frame as Record<string, unknown> & { type: string };
}
