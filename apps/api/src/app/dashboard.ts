import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PATHS = /^\/(api|realtime|ws)(\/|$)/;

/** Whether `dir` holds a dashboard build. */
export const hasDashboard = (dir: string): boolean => existsSync(join(resolve(dir), 'index.html'));

/**
 * Serves the built dashboard at `/` (the embedded default: one process, one port). Hashed assets
 * are cached for a year; any other page path answers index.html, so the app's own routes survive
 * a reload. Returns false when the folder holds no build.
 */
export function mountDashboard(app: NestExpressApplication, dir: string): boolean {
  if (!hasDashboard(dir)) return false;
  const root = resolve(dir);
  const index = join(root, 'index.html');
  app.useStaticAssets(root, {
    index: false,
    setHeaders: (res, path) => res.setHeader('cache-control', path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
