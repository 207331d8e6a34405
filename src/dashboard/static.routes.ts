import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { App } from '../platform/http/server.js';

/** web/dist, from src/dashboard (tsx, tests) and from dist/dashboard (the built service) alike. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

// The dashboard loads only its own files and talks only to this origin; no page may frame it.
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Vouchsafe</title>
<p>The dashboard has not been built. Run <code>npm run build:web</code> and restart Vouchsafe.</p>`;

function sendIndex(reply: FastifyReply): FastifyReply {
  reply.header('cache-control', 'no-cache');
  return reply.sendFile('index.html');
}

/**
 * Serves the built dashboard under /dashboard. Paths that are not files get index.html, so that the
 * single-page app's own routes survive a reload; a missing asset stays a 404.
 */
export function staticRoutes(distDir: string = WEB_DIST_DIR) {
  return async (app: App) => {
    app.addHook('onSend', async (_req, reply, payload) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
      return payload;
    });

    if (!existsSync(join(distDir, 'index.html'))) {
      const notBuilt = async (_req: unknown, reply: FastifyReply) =>
        reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
      app.get('/', { schema: { hide: true } }, notBuilt);
      app.get('/*', { schema: { hide: true } }, notBuilt);
      return;
    }

    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      index: false,
      wildcard: true,
      // Our own cache headers below; send's default (max-age=0) would override them.
      cacheControl: false,
      setHeaders: (res, path) => {
        // Vite names assets by content hash, so they never change under the same name.
        if (path.includes(`${join('dist', 'assets')}`))
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        else res.setHeader('cache-control', 'no-cache');
      },
    });
    app.get('/', { schema: { hide: true } }, async (_req, reply) => sendIndex(reply));
    app.setNotFoundHandler(async (req, reply) => {
      const path = req.url.split('?')[0];
      const lastSegment = path.slice(path.lastIndexOf('/') + 1);
      if (req.method !== 'GET' || lastSegment.includes('.')) {
        return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      }
      return sendIndex(reply);
    });
  };
}
