import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Channel } from '@neurograph/rbac';
import type { Credentials } from '@neurograph/server-auth';
import { ApiError, toApiError } from '@neurograph/server-http';
import type { Server, Socket } from 'socket.io';
import { credentialsFrom, RealtimeAuthenticator } from './authenticator.js';
import { ClientCommands, errorAck } from './commands.js';
import { RealtimeHub, type ResumeRequest } from './realtime.hub.js';
import type { RealtimeSession } from './session.js';
import { SocketIoOutlet, socketIoForm } from './socket-io.outlet.js';

export const REALTIME_PATH = '/realtime';

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
  private form = socketIoForm(0);

  constructor(
    private readonly hub: RealtimeHub,
    private readonly commands: ClientCommands,
    private readonly authenticator: RealtimeAuthenticator,
  ) {}

  afterInit(io: Server): void {
    const deflate = io.engine.opts.perMessageDeflate;
    this.form = socketIoForm(deflate ? ((deflate as { threshold?: number }).threshold ?? 1024) : 0);
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
    const session = await this.hub.open(socket.id, new SocketIoOutlet(socket, this.form), principal, credentials, resume);
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
