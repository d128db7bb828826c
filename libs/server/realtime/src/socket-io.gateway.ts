import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Channel } from '@neurograph/rbac';
import type { Credentials } from '@neurograph/server-auth';
import { ApiError, toApiError } from '@neurograph/server-http';
import type { Server, Socket } from 'socket.io';
import { credentialsFrom, RealtimeAuthenticator } from './authenticator.js';
import { ClientCommands, errorAck } from './commands.js';
import type { Delivery } from './delivery.js';
import type { Outlet } from './outlet.js';
import { RealtimeHub, type ResumeRequest } from './realtime.hub.js';
import type { RealtimeSession } from './session.js';

export const REALTIME_PATH = '/realtime';

/** How many packets may wait in engine.io's buffer before a socket counts as not keeping up. */
const CONGESTION_PACKETS = 64;

class SocketIoOutlet implements Outlet {
  readonly transport = 'socket.io';

  constructor(
    private readonly socket: Socket,
    private readonly compressionThreshold: number,
  ) {
    // engine.io reads this per-transport flag only to refuse pre-built frames whenever compression
    // is configured at all; deliveries offer them only below the threshold, where ws would not
    // compress either, so they are safe on every connection.
    const transport = socket.conn.transport as unknown as { opts?: { perMessageDeflate?: unknown } };
    if (transport.opts) transport.opts.perMessageDeflate = false;
  }

  send(delivery: Delivery): void {
    // Written to engine.io directly: the packet text (and below the compression threshold the
    // frame) is shared by every socket instead of being encoded per socket by socket.emit.
    this.socket.conn.write(delivery.socketIoPacket(), delivery.socketIoOptions(this.compressionThreshold) as object);
  }

  control(event: string, data: unknown): void {
    this.socket.emit(event, data);
  }

  congested(): boolean {
    return (this.socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length >= CONGESTION_PACKETS;
  }

  close(): void {
    this.socket.disconnect(true);
  }
}

interface Handshake {
  principal: Awaited<ReturnType<RealtimeAuthenticator['authenticate']>>;
  credentials: Credentials;
  resume?: ResumeRequest;
}

/**
 * The socket.io endpoint (`/realtime`). Authentication happens in `io.use()` because Nest guards
 * do not run on connect; client events are dispatched by name to the commands, with acks.
 */
@WebSocketGateway({ path: REALTIME_PATH })
export class SocketIoGateway implements OnGatewayInit {
  private compressionThreshold = 0;

  constructor(
    private readonly hub: RealtimeHub,
    private readonly commands: ClientCommands,
    private readonly authenticator: RealtimeAuthenticator,
  ) {}

  afterInit(io: Server): void {
    const deflate = io.engine.opts.perMessageDeflate;
    this.compressionThreshold = deflate ? ((deflate as { threshold?: number }).threshold ?? 1024) : 0;
    this.hub.attachIo(io);
    io.use((socket, next) => {
      this.handshake(socket.handshake.auth).then(
        (handshake) => {
          (socket.data as { handshake?: Handshake }).handshake = handshake;
          next();
        },
        (error: unknown) => next(connectError(error)),
      );
    });
    io.on('connection', (socket: Socket) => void this.connect(socket));
  }

  private async handshake(auth: Record<string, unknown>): Promise<Handshake> {
    if (!this.hub.accepting) throw new ApiError(503, 'SERVER_DRAINING', 'This server is shutting down; connect to another one');
    const credentials = credentialsFrom({ token: auth.token, apiKey: auth.apiKey }, 'auth');
    const principal = await this.authenticator.authenticate(credentials);
    return { principal, credentials, resume: resumeRequest(auth.resume, auth.lastSeq) };
  }

  private async connect(socket: Socket): Promise<void> {
    const { principal, credentials, resume } = (socket.data as { handshake: Handshake }).handshake;
    socket.data = {};
    // Events may arrive while the session is being set up (a resume reads Redis): they wait for it.
    const early: [string, unknown[]][] = [];
    let handle = (event: string, args: unknown[]): void => void early.push([event, args]);
    socket.onAny((event: string, ...args: unknown[]) => handle(event, args));
    const session = await this.hub.open(socket.id, new SocketIoOutlet(socket, this.compressionThreshold), principal, credentials, resume);
    socket.on('disconnect', (reason) => this.hub.close(session, reason.replaceAll(' ', '_')));
    if (!socket.connected) {
      this.hub.close(session, 'client_gone');
      return;
    }
    handle = (event, args) => this.dispatch(session, socket, event, args);
    for (const [event, args] of early) handle(event, args);
  }

  private dispatch(session: RealtimeSession, socket: Socket, event: string, args: unknown[]): void {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (reply: unknown) => void) : undefined;
    this.commands.run(session, event, args[0]).then(
      (result) => ack?.(result ?? {}),
      (error: unknown) => {
        const reply = errorAck(error);
        if (ack) ack(reply);
        else socket.emit('error', { event, ...reply });
      },
    );
  }
}

/** `connect_error` carries `data: {code: 'UNAUTHORIZED' | 'TOKEN_EXPIRED' | …, message}`. */
function connectError(error: unknown): Error {
  const api = toApiError(error);
  const code = api?.code === 'TOKEN_EXPIRED' || api?.code === 'SERVER_DRAINING' || api?.code === 'VALIDATION_FAILED' ? api.code : 'UNAUTHORIZED';
  const message = api?.message ?? 'The connection was refused';
  return Object.assign(new Error(message), { data: { code, message, ...(api && api.code !== code && { reason: api.code }), ...(api && api.errors.length > 0 && { errors: api.errors }) } });
}

/** `auth.resume` (the token) and optional `auth.lastSeq` ({channel: seq}) of a reconnecting client. */
export function resumeRequest(token: unknown, lastSeq: unknown): ResumeRequest | undefined {
  if (token === undefined || token === null) return undefined;
  if (typeof token !== 'string' || token.length === 0 || token.length > 256) throw ApiError.validation('auth.resume', 'type', 'must be the token string from resume.token');
  if (lastSeq === undefined) return { token };
  if (lastSeq === null || typeof lastSeq !== 'object' || Array.isArray(lastSeq)) throw ApiError.validation('auth.lastSeq', 'type', 'must be an object of channel: seq');
  for (const [channel, seq] of Object.entries(lastSeq)) {
    if (!Number.isSafeInteger(seq) || (seq as number) < 0) throw ApiError.validation(`auth.lastSeq.${channel}`, 'type', 'must be a non-negative integer');
  }
  return { token, lastSeq: lastSeq as Partial<Record<Channel, number>> };
}
