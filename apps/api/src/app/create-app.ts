import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import type { ServerConfig } from '@neurograph/server-config';
import { PROBLEM_CONTENT_TYPE, problemDetails } from '@neurograph/contracts';
import { createValidationPipe, ProblemFilter, requestIdOf } from '@neurograph/server-http';
import { mountRealtime } from '@neurograph/server-realtime';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { mountDashboard } from './dashboard.js';
import { mountOpenApi } from './openapi.js';

export const API_PREFIX = 'api/v1';

/** The api application, configured exactly as it serves: used by `main.ts` and by the integration tests. */
export async function createApp(config: ServerConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  // Batches may be larger than anything else; every other body is held to the default limit.
  app.useBodyParser('json', { limit: config.batchBodyLimitBytes, type: (req) => isJson(req.headers['content-type']) && isBatch(req.url) });
  app.useBodyParser('json', { limit: config.bodyLimitBytes, type: (req) => isJson(req.headers['content-type']) && !isBatch(req.url) });
  app.use(refuseNonJsonBodies);
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } }));
  app.enableCors({ origin: config.corsOrigins.length > 0 ? config.corsOrigins : false, credentials: true, exposedHeaders: ['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after'] });
  app.setGlobalPrefix(API_PREFIX, { exclude: [] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  app.getHttpServer().on('clientError', answerUnparsableRequest);
  mountOpenApi(app);
  mountRealtime(app, config);
  mountDashboard(app, config.dashboardDir);
  return app;
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
  const body = JSON.stringify(
    problemDetails(status, tooLarge ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST', tooLarge ? 'The URL or headers are too large' : 'The request could not be parsed', {
      errors: [{ field: tooLarge ? 'headers' : 'request', rule: tooLarge ? 'maxBytes' : 'http', message: tooLarge ? 'at most 16 KiB of URL and headers' : 'is not valid HTTP/1.1' }],
    }),
  );
  socket.end(`HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A body that is not JSON would reach the validators as nothing at all; name the real problem instead. */
function refuseNonJsonBodies(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!BODY_METHODS.has(req.method ?? '') || !hasBody || isJson(req.headers['content-type'])) return next();
  const body = problemDetails(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json', { errors: [{ field: 'content-type', rule: 'json', message: 'must be application/json' }], instance: req.url });
  res.writeHead(415, { 'content-type': PROBLEM_CONTENT_TYPE, 'x-request-id': requestIdOf(req, res) }).end(JSON.stringify(body));
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType);
}

function isBatch(url: string | undefined): boolean {
  return url?.split('?')[0].endsWith('/signals/batch') === true;
}
