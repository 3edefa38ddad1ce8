// The dashboard's files (built into `dist/web`, or another folder) served at `/`. Until the
// dashboard is built, `/` is a short page saying so and pointing at the API.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>rampart</title></head>
<body><h1>rampart</h1><p>The web dashboard is not built yet. The REST API answers under <code>/api/v1</code>;
its routes are listed in <a href="/openapi.json">/openapi.json</a>.</p></body></html>
`;

/** Serves `root` (when it exists) at `/`; anything not under it, outside /api, is 404; a GET under /api no route serves is answered by `noRoute`. */
export function serveStatic(app: FastifyInstance, root: string | undefined, noRoute: (request: FastifyRequest, reply: FastifyReply) => FastifyReply): void {
  const base = root === undefined ? undefined : path.resolve(root);
  const present = base !== undefined && existsSync(base) && statSync(base).isDirectory();
  app.get('/*', (request, reply) => {
    const url = decodeURIComponent(request.url.split('?')[0]!);
    // A GET under /api that no GET route serves: the server's answer for a missing route (404, or 405 naming the methods the path takes).
    if (url.startsWith('/api/')) return noRoute(request, reply);
    if (!present) {
      if (url === '/' || url === '/index.html') return reply.type(TYPES['.html']!).send(PLACEHOLDER);
      return reply.status(404).send(errorBody('NOT_FOUND', `no file ${url}`));
    }
    const file = path.resolve(base, `.${url === '/' ? '/index.html' : url}`);
    // A path that climbs out of the folder (`/../…`) is not served.
    if (!file.startsWith(base + path.sep) || !existsSync(file) || !statSync(file).isFile()) return reply.status(404).send(errorBody('NOT_FOUND', `no file ${url}`));
    return reply.type(TYPES[path.extname(file)] ?? 'application/octet-stream').send(readFileSync(file));
  });
}
