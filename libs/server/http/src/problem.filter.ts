import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toApiError } from './error-status.js';
import { PROBLEM_CONTENT_TYPE, problemDetails } from '@neurograph/contracts';
import { ApiError } from './problem.js';

/** What body-parser attaches to the errors it throws before any controller runs. */
interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns every error of every route into an RFC 9457 problem document; nothing leaks a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    const error = this.classify(exception, request);
    const requestId = response.getHeader('x-request-id') as string | undefined;
    const body = problemDetails(error.status, error.code, error.message, {
      instance: request.originalUrl,
      errors: error.errors.length > 0 ? error.errors : undefined,
      retryAfterMs: error.retryAfterMs,
      requestId,
    });
    if (error.retryAfterMs !== undefined) response.setHeader('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    if (error.status === 401) response.setHeader('www-authenticate', 'Bearer');
    response.status(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private classify(exception: unknown, request: Request): ApiError {
    const known = toApiError(exception);
    if (known) return known;
    const parser = exception as BodyParserError;
    if (parser?.type === 'entity.parse.failed') return ApiError.validation('body', 'json', 'is not valid JSON');
    if (parser?.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${parser.limit} bytes`, [{ field: 'body', rule: 'maxBytes', message: `at most ${parser.limit} bytes` }]);
    if (parser?.type === 'encoding.unsupported' || parser?.type === 'charset.unsupported') return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body encoding is not supported', [{ field: 'content-type', rule: 'charset', message: 'must be utf-8' }]);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns body-parser's SyntaxError and Express's URIError into a bare 400; our own code never throws one.
      if (status === 400 && /URI|decode/i.test(exception.message)) return ApiError.validation('path', 'encoding', 'has an invalid percent-encoding');
      if (status === 400) return ApiError.validation('body', 'json', `is not valid JSON (${exception.message})`);
      if (status === 404) return new ApiError(404, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.path}`);
      if (status < 500) return new ApiError(status, httpCode(status), exception.message);
    }
    this.logger.error({ err: exception, method: request.method, url: request.originalUrl }, 'unhandled error');
    return new ApiError(500, 'INTERNAL_ERROR', 'The server failed to handle this request; it has been logged');
  }
}

function httpCode(status: number): string {
  if (status === 405) return 'METHOD_NOT_ALLOWED';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return 'BAD_REQUEST';
}
