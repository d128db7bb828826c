import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ACCESS_LOG, type Logs } from './logging.js';
import { MetricsService } from './metrics.service.js';
import { type RequestTrace, requestTraceFields, traceFields, traceRequest } from './tracing.js';

/** What the access guard attaches to a request once it knows who is calling. */
interface Identified {
  principal?: { userId: string | null; role: string; apiKeyId?: string };
}

const traces = new WeakMap<FastifyRequest, RequestTrace>();

/**
 * Times every request, traces it when tracing is on, and writes its access-log line (module
 * `http`, at `info`) with the request id, principal and space. The route label is the route's
 * pattern, so ids do not explode cardinality. Call before `app.init()`.
 */
export function observeHttp(app: NestFastifyApplication, logs: Logs): void {
  observeRequests(app.getHttpAdapter().getInstance(), app.get(MetricsService), logs.of(ACCESS_LOG));
}

export function observeRequests(fastify: FastifyInstance, metrics: MetricsService, accessLog: Logger): void {
  const logsRequests = accessLog.isLevelEnabled('info');
  fastify.addHook('onRequest', (request, _reply, done) => {
    const traced = traceRequest(request.raw);
    if (!traced) return done();
    traces.set(request, traced);
    traced.run(done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    traces.get(request)?.end(route, reply.statusCode);
    // Health probes every few seconds would drown the log.
    if (logsRequests && !route.includes('/health/')) logRequest(accessLog, request, reply);
    done();
  });
}

function logRequest(accessLog: Logger, request: FastifyRequest & Identified, reply: FastifyReply): void {
  const { principal } = request;
  const space = spaceOf(request);
  accessLog.info(
    {
      reqId: request.id,
      // Usually written after the request's context has ended: then the ids come from the request
      // itself; inside it the mixin adds them (once: repeated keys confuse log processors).
      ...(traceFields().traceId === undefined && requestTraceFields(request.raw)),
      req: { method: request.method, url: request.url, remoteAddress: request.ip },
      res: { statusCode: reply.statusCode },
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      ...(principal && { principal: { id: principal.userId, role: principal.role, key: principal.apiKeyId } }),
      ...(space !== undefined && { space }),
    },
    'request completed',
  );
}

/** The space a request is about: in its path (`/spaces/:space/…`) or its body (signals). */
function spaceOf(request: FastifyRequest): string | undefined {
  const fromPath = (request.params as { space?: unknown } | undefined)?.space;
  if (typeof fromPath === 'string') return fromPath;
  const fromBody = (request.body as { space?: unknown } | undefined)?.space;
  return typeof fromBody === 'string' ? fromBody : undefined;
}
