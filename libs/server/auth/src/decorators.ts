import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestPrincipal } from './principal.js';

/** The principal the access guard resolved for this request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): RequestPrincipal => {
  return context.switchToHttp().getRequest<{ principal: RequestPrincipal }>().principal;
});
