import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf } from './request-id.js';

/** The request's id, for audit entries that must point back at the log lines of the same request. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const http = context.switchToHttp();
  return requestIdOf(http.getRequest<IncomingMessage>(), http.getResponse<ServerResponse>());
});
