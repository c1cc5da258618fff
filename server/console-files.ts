/**
 * The console's built files under /console/. A file is served only if its real path (symlinks
 * resolved) stays inside the console folder: a link planted there to /etc/passwd, or a linked
 * folder, is answered 404 like a missing file. When the console is not built, a page says how.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** True when `path` under `root` exists and its real path is inside root's real path. */
export function staysInside(root: string, path: string): boolean {
  let real: string;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(resolve(root, path));
  } catch {
    return true; // missing: let the static server answer 404 as usual
  }
  const rel = relative(realRoot, real);
  return !isAbsolute(rel) && rel.split(sep)[0] !== '..';
}

export async function serveConsole(app: FastifyInstance, consoleDir: string): Promise<void> {
  if (existsSync(join(consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: consoleDir,
      prefix: '/console/',
      index: ['index.html'],
      dotfiles: 'deny',
      allowedPath: (pathName) => staysInside(consoleDir, `.${decodeURIComponent(pathName)}`),
    });
    app.get('/console', async (_req, reply) => reply.redirect('/console/', 301));
    return;
  }
  const missing = async (_req: unknown, reply: FastifyReply) =>
    reply
      .code(503)
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Console non construite</title>' +
          '<body>' +
          '<h1>La console n’est pas encore construite</h1>' +
          '<p>Lancez <code>npm run build:console</code> puis rechargez cette page.</p>' +
          '<p lang="en">The console is not built: run <code>npm run build:console</code>.</p></body></html>',
      );
  app.get('/console', missing);
  app.get('/console/*', missing);
}
