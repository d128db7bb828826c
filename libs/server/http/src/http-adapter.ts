import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication, RouteConfig } from '@nestjs/platform-fastify';
import { PROBLEM_CONTENT_TYPE, problemDetails } from '@neurograph/contracts';
import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import helmet from 'helmet';
import { bindWithoutDeprecatedProperty } from './async-resource-bind.js';
import { ProblemFilter, sendProblem } from './problem.filter.js';
import { ApiError } from './problem.js';
import { newRequestId } from './request-id.js';
import { createValidationPipe } from './validation.js';

/** What every server app's HTTP layer is configured from. */
export interface HttpOptions {
  bodyLimitBytes: number;
  /** For the routes marked `@LargeBody()` (batches). */
  largeBodyLimitBytes: number;
  corsOrigins: string[];
  logger: FastifyBaseLogger;
}

/** Lets a route accept bodies up to `largeBodyLimitBytes`; every other route keeps the default limit. */
export const LargeBody = () => RouteConfig({ largeBody: true });

/**
 * A server app on Fastify (ADR 0004) with the HTTP conventions of every NeuroGraph server: ids
 * from `x-request-id` when safe, proxies trusted only on private networks, JSON bodies within
 * limits, helmet's headers, CORS from config, validation and problem documents for every error
 * (even for requests Node cannot parse).
 */
export async function createHttpApp(module: DynamicModule, options: HttpOptions): Promise<NestFastifyApplication> {
  bindWithoutDeprecatedProperty();
  const adapter = new FastifyAdapter({
    loggerInstance: options.logger,
    // The access log is ours (observeHttp), with the principal and the space.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: newRequestId,
    requestIdHeader: false,
    trustProxy: ['loopback', 'linklocal', 'uniquelocal'],
    bodyLimit: options.bodyLimitBytes,
    clientErrorHandler: answerUnparsableRequest,
    frameworkErrors: answerUndecodableUrl,
    routerOptions: { maxParamLength: 1000 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'string' }, parseJson);
  // Routes are declared during `app.init()`, after this hook is in place.
  fastify.addHook('onRoute', (route) => {
    if ((route.config as { largeBody?: boolean } | undefined)?.largeBody) route.bodyLimit = options.largeBodyLimitBytes;
  });
  const headers = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers).header('x-request-id', request.id);
    done();
  });
  // Without origins CORS is off, and then not registered at all: @fastify/cors with `origin: false`
  // still ran a hook on every request (copying its options) to conclude it had nothing to do.
  if (options.corsOrigins.length > 0) {
    app.enableCors({ origin: options.corsOrigins, credentials: true, exposedHeaders: ['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after'] });
  }
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  return app;
}

const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
/** One `; name=value` parameter of a media type; a quoted value may hold `;` and `=`. */
const PARAMETER = /;\s*([^\s;=]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]*)/g;

/** The `charset` parameter of a content type, unquoted, or undefined. */
function charsetOf(contentType: string): string | undefined {
  for (const [, name, value] of contentType.matchAll(PARAMETER)) {
    if (name.toLowerCase() === 'charset') return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
  }
  return undefined;
}

/**
 * JSON objects and arrays only (other types get 415 from Fastify, bare values a 400, as body-parser's
 * strict mode did); an empty body is `{}`, as clients that send only a content type expect.
 */
function parseJson(request: FastifyRequest, body: string | Buffer, done: (error: Error | null, body?: unknown) => void): void {
  const charset = charsetOf(request.headers['content-type'] ?? '');
  if (charset && !/^utf-?8$/i.test(charset)) {
    done(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `The body encoding ${charset} is not supported`, [{ field: 'content-type', rule: 'charset', message: 'must be utf-8' }]));
    return;
  }
  const text = (body as string).trim();
  if (text === '') return done(null, {});
  if (text[0] !== '{' && text[0] !== '[') return done(ApiError.validation('body', 'json', 'must be a JSON object or array'));
  try {
    done(null, JSON.parse(text));
  } catch (error) {
    done(ApiError.validation('body', 'json', `is not valid JSON (${(error as Error).message})`));
  }
}

/** helmet's headers for our fixed policy, computed once: the same on every response. */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/** A URL that is not valid percent-encoding fails before routing and before the hooks, so no filter sees it. */
function answerUndecodableUrl(_error: Error, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  sendProblem(request, reply, ApiError.validation('path', 'encoding', 'has an invalid percent-encoding'));
}

/**
 * Requests Node cannot parse (oversize headers or URL, malformed framing) never reach Nest; they
 * still get a problem document rather than a bare status line.
 */
function answerUnparsableRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  // The caller's id is in the part that could not be read: this answer gets a new one.
  const requestId = randomUUID();
  const body = JSON.stringify(
    problemDetails(status, tooLarge ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST', tooLarge ? 'The URL or headers are too large' : 'The request could not be parsed', {
      errors: [{ field: tooLarge ? 'headers' : 'request', rule: tooLarge ? 'maxBytes' : 'http', message: tooLarge ? 'at most 16 KiB of URL and headers' : 'is not valid HTTP/1.1' }],
      requestId,
    }),
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
}
