import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toApiError } from './error-status.js';
import { PROBLEM_CONTENT_TYPE, problemDetails } from '@neurograph/contracts';
import { ApiError } from './problem.js';

/** Turns every error of every route into an RFC 9457 problem document; nothing leaks a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (!reply.sent) sendProblem(request, reply, this.classify(exception, request));
  }

  private classify(exception: unknown, request: FastifyRequest): ApiError {
    const known = toApiError(exception);
    if (known) return known;
    if (exception instanceof HttpException) {
      // Fastify's own refusals (body size and type, URL encoding, unknown routes) arrive as bare HTTP exceptions.
      const status = exception.getStatus();
      if (status === 413) {
        const limit = request.routeOptions.bodyLimit;
        return new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`, [{ field: 'body', rule: 'maxBytes', message: `at most ${limit} bytes` }]);
      }
      if (status === 415) return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json', [{ field: 'content-type', rule: 'json', message: 'must be application/json' }]);
      if (status === 400) return ApiError.validation('body', 'json', `is not valid JSON (${exception.message})`);
      if (status === 404) return new ApiError(404, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
      if (status < 500) return new ApiError(status, httpCode(status), exception.message);
    }
    this.logger.error({ err: exception, method: request.method, url: request.url }, 'unhandled error');
    return new ApiError(500, 'INTERNAL_ERROR', 'The server failed to handle this request; it has been logged');
  }
}

/** The one way an error leaves the server over HTTP: an RFC 9457 document naming the request. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ApiError): void {
  const body = problemDetails(error.status, error.code, error.message, {
    instance: request.url,
    errors: error.errors.length > 0 ? error.errors : undefined,
    retryAfterMs: error.retryAfterMs,
    requestId: request.id,
  });
  if (error.retryAfterMs !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  if (error.status === 401) reply.header('www-authenticate', 'Bearer');
  void reply.status(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

function httpCode(status: number): string {
  if (status === 405) return 'METHOD_NOT_ALLOWED';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return 'BAD_REQUEST';
}
