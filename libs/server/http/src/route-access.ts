import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Permission } from '@neurograph/rbac';

export const PERMISSION_KEY = 'neurograph:permission';
export const PUBLIC_KEY = 'neurograph:public';

/**
 * The permission a route needs, also written into the OpenAPI document (`x-permission`) so the
 * authorization test and clients read it. A route with neither this nor `@Public()` is refused
 * to everyone by the access guard.
 */
export const RequirePermission = (permission: Permission) => applyDecorators(SetMetadata(PERMISSION_KEY, permission), ApiExtension('x-permission', permission));

/** Open to everyone, even when anonymous reads are off (health probes, login, refresh). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));
