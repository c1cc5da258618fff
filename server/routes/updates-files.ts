/**
 * The release folder over HTTP (`--updates DIR` → /updates/…), for the machines' root updater and
 * electron-updater: range requests (a resumed or differential download), ETag and Last-Modified with
 * 304 answers, no listing, no dot files, nothing whose real path leaves the folder. Public: the files
 * are the association's free software and the feed is signed. While the association has paused the
 * rollout, every feed answer says so (`Passerelle-Rollout: paused`): the updater then waits.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { HubStore } from '../store/index.ts';

export const UPDATES_PREFIX = '/updates/';
export const ROLLOUT_HEADER = 'passerelle-rollout';

/** True when the file's real path is inside the folder (no symlink out of it). */
export function staysInside(root: string, pathName: string): boolean {
  try {
    const real = realpathSync(join(root, pathName));
    return real === root || real.startsWith(root + sep);
  } catch {
    return true; // absent: the static handler answers 404
  }
}

export async function registerUpdateFiles(app: FastifyInstance, store: HubStore, dir: string): Promise<void> {
  const root = realpathSync(resolve(dir));
  await app.register(async (scope) => {
    scope.addHook('onSend', async (req, reply, payload) => {
      if (/-linux\.yml$/.test(req.url.split('?')[0] ?? '') && (await store.updates.getRollout()).paused) reply.header(ROLLOUT_HEADER, 'paused');
      // The feed changes when a release is signed: always revalidated; the packages are immutable.
      reply.header('cache-control', /\.yml(\.sig)?$/.test(req.url.split('?')[0] ?? '') ? 'no-cache' : 'public, max-age=86400');
      return payload;
    });
    await scope.register(fastifyStatic, {
      root,
      prefix: UPDATES_PREFIX,
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'ignore',
      acceptRanges: true,
      etag: true,
      lastModified: true,
      allowedPath: (pathName) => staysInside(root, pathName),
    });
  });
}
