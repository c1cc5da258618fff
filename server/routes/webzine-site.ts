/**
 * The public webzine (issue 17): `/webzine/` leads to the hub's own association's journal, and each
 * association's journal lives under `/webzine/<association id>/`, built from its published stories only
 * (server/webzine/publisher.ts). Only the site's own file names are served (a strict pattern: nothing
 * else on disk can be reached); the RSS feed is written per request with the hub's public address.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Uuid } from '../../app/protocol/common.ts';
import { HttpError } from '../http.ts';
import type { WebzinePublisher } from '../webzine/publisher.ts';
import { editionFolder, preferredLanguage, type SiteLanguage } from '../webzine/i18n.ts';
import { renderFeed } from '../webzine/site.ts';
import type { HubDeps } from './deps.ts';

/** Every file name the site generator writes, and nothing else. */
const SITE_FILE = /^(?:(?:en\/|ar\/)?(?:|index\.html|feed\.xml|numero-\d{1,4}\/(?:index\.html)?)|style\.css|media\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(?:jpg|mp3))$/;
/** A folder named without its slash (an edition or an issue): sent to the address with the slash. */
const FOLDER = /^(?:(?:en|ar)|(?:(?:en|ar)\/)?numero-\d{1,4})$/;
const NO_SUCH_PAGE = 'No such page in this journal.';

export function registerWebzineSiteRoutes(app: FastifyInstance, deps: HubDeps, publisher: WebzinePublisher): void {
  const { store } = deps;

  // A signed-in helper (the console's "see the published journal") is sent to their own association's
  // journal — on a hub serving several associations the hub's own one would be another's; anyone else to
  // the hub's own association. In the edition the reader's browser asks for (French when none of ours).
  const home = async (req: FastifyRequest) => {
    const helper = await deps.guards.load(req);
    const associationId = helper?.account.associationId ?? (await store.accounts.defaultAssociation())?.id;
    if (!associationId) throw new HttpError(404, 'not_found', 'This hub has no association yet.');
    return `/webzine/${associationId}/${editionFolder(preferredLanguage(req.headers['accept-language']))}`;
  };
  const toHome = async (req: FastifyRequest, reply: FastifyReply) => reply.header('vary', 'accept-language, cookie').header('cache-control', 'no-store').redirect(await home(req), 302);
  app.get('/webzine', toHome);
  app.get('/webzine/', toHome);
  app.get<{ Params: { association: string } }>('/webzine/:association', async (req, reply) => reply.redirect(`/webzine/${encodeURIComponent(req.params.association)}/`, 301));

  void app.register(async (scope) => {
    await scope.register(fastifyStatic, { root: publisher.root, serve: false });
    scope.get<{ Params: { association: string; '*': string } }>('/webzine/:association/*', async (req, reply) => {
      const associationId = req.params.association;
      const rel = req.params['*'];
      if (!Uuid.safeParse(associationId).success || !(SITE_FILE.test(rel) || FOLDER.test(rel))) throw new HttpError(404, 'not_found', NO_SUCH_PAGE);
      if (!(await store.accounts.getSettings(associationId))) throw new HttpError(404, 'not_found', 'No journal at this address.');
      if (FOLDER.test(rel)) return reply.redirect(`/webzine/${associationId}/${rel}/`, 301);
      await publisher.ensure(associationId);
      reply.header('cache-control', 'no-cache');
      const feedOf = /^(?:(en|ar)\/)?feed\.xml$/.exec(rel);
      if (feedOf) {
        const feed = publisher.feed(associationId);
        if (!feed) throw new HttpError(404, 'not_found', NO_SUCH_PAGE);
        const base = `${req.protocol}://${req.host}/webzine/${associationId}/`;
        return reply.type('application/rss+xml; charset=utf-8').send(renderFeed(feed, base, (feedOf[1] as SiteLanguage | undefined) ?? 'fr'));
      }
      const file = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
      const folder = join(publisher.root, associationId);
      if (!existsSync(join(folder, file))) throw new HttpError(404, 'not_found', NO_SUCH_PAGE);
      return reply.sendFile(file, folder);
    });
  });
}
