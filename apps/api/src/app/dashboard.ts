import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PATHS = /^\/(api|realtime|ws)(\/|\?|$)/;

/** Whether `dir` holds a dashboard build. */
export const hasDashboard = (dir: string): boolean => existsSync(join(resolve(dir), 'index.html'));

/**
 * Serves the built dashboard at `/` (the embedded default: one process, one port). Hashed assets
 * are cached for a year; any other page path answers index.html, so the app's own routes survive
 * a reload. Returns false when the folder holds no build.
 */
export function mountDashboard(app: NestFastifyApplication, dir: string): boolean {
  if (!hasDashboard(dir)) return false;
  const root = resolve(dir);
  const assets = join(root, 'assets');
  const index = readFileSync(join(root, 'index.html'));
  // One route per file of the build (it does not change while the server runs), so the page
  // fallback below is the only wildcard.
  app.useStaticAssets({
    root,
    index: false,
    wildcard: false,
    // @fastify/static 10 passes the reply; Nest's option type still describes a Node response.
    setHeaders: (reply, path) => void (reply as unknown as FastifyReply).header('cache-control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply) => {
      if (SERVER_PATHS.test(request.url) || !acceptsHtml(request.headers.accept)) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
    });
  return true;
}

/** Like Express's `req.accepts('html')`: no Accept header, or one that names HTML or allows anything. */
function acceptsHtml(accept: string | undefined): boolean {
  return accept === undefined || /text\/html|text\/\*|\*\/\*/i.test(accept);
}
