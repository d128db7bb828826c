import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from '@neurograph/rbac';
import type { RequestPrincipal } from './principal.js';

export const PERMISSION_KEY = 'neurograph:permission';
export const PUBLIC_KEY = 'neurograph:public';

/** The permission a route needs. A route with neither this nor `@Public()` is refused to everyone. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Open to everyone, even when anonymous reads are off (health probes, login, refresh). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): RequestPrincipal => {
  return context.switchToHttp().getRequest<{ principal: RequestPrincipal }>().principal;
});
