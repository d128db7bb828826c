import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service.js';
import { traceRequest } from './tracing.js';

/**
 * Times every request (and traces it when tracing is on); the route label is the route's pattern,
 * so ids do not explode cardinality.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    const traced = traceRequest(request);
    response.once('finish', () => {
      const pattern = (request.route as { path?: string } | undefined)?.path;
      const route = pattern ? request.baseUrl + pattern : 'unmatched';
      end({ method: request.method, route, status: String(response.statusCode) });
      traced?.end(route, response.statusCode);
    });
    if (traced) traced.run(next);
    else next();
  }
}
