import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { ServerConfig } from '@neurograph/server-config';
import { requestIdOf } from '@neurograph/server-http';
import type { Params } from 'nestjs-pino';
import { requestTraceFields, traceFields } from './tracing.js';

/**
 * Structured JSON logs with the request id and principal on every line; lines written while a
 * traced request is handled, and its access-log line, also carry its trace and span ids, so a
 * warning or a slow request leads to its trace. Credentials are never logged.
 */
export function loggerParams(config: Pick<ServerConfig, 'logLevel' | 'production'>): Params {
  return {
    // Nest 11's router wants named wildcards; the library's default `*` only earns a warning.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      mixin: traceFields,
      genReqId: (request: IncomingMessage, response: ServerResponse) => requestIdOf(request, response),
      // Evaluated when the response ends, usually outside the request's context: the ids come from the request.
      customProps: (request: IncomingMessage) => {
        const principal = (request as IncomingMessage & { principal?: { userId: string | null; role: string; apiKeyId?: string } }).principal;
        // Where the line is written inside the request's context, the mixin has added them already.
        const ids = traceFields().traceId === undefined ? requestTraceFields(request) : {};
        return { ...ids, ...(principal && { principal: { id: principal.userId, role: principal.role, key: principal.apiKeyId } }) };
      },
      redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '[redacted]' },
      // Health probes every few seconds would drown the log.
      autoLogging: { ignore: (request: IncomingMessage) => request.url?.includes('/health/') === true },
      quietReqLogger: true,
    },
  };
}
