/**
 * The console's "Leçons" page (staff): each pack with its versions, where they came from, and which
 * machines run each; and publishing a new version from an uploaded archive (checked by the same
 * rules as `npm run lessons:check` before it is accepted; then pushed to the association's machines).
 */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import type { LessonsView, PackVersionView, PackView } from '../../app/protocol/updates.ts';
import { PACK_LIMITS } from '../../lib/packs/archive.ts';
import { latestVersions } from '../lessons/catalogue.ts';
import { HttpError } from '../http.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

/** An upload is the gzipped archive of one lesson folder; it may not unpack to more than PACK_LIMITS. */
export const PACK_UPLOAD_MAX_BYTES = PACK_LIMITS.maxBytes;
const ARCHIVE_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar+gzip', 'application/octet-stream'];

export function registerLessonConsoleRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, guards, lessons } = deps;

  app.get(`${API_PREFIX}/console/lessons`, { onRequest: guards.read('staff') }, async (req): Promise<LessonsView> => {
    const associationId = authOf(req).account.associationId;
    const [versions, statuses, accounts] = await Promise.all([
      lessons.versions(associationId),
      store.updates.listStatuses(associationId),
      store.accounts.listAccounts(associationId),
    ]);
    const names = new Map(accounts.map((a) => [a.id, a.firstName]));
    const running = new Map<string, string[]>();
    for (const row of statuses) for (const l of row.status?.lessons ?? []) running.set(`${l.id}@${l.version}`, [...(running.get(`${l.id}@${l.version}`) ?? []), row.assetTag]);
    const packs: PackView[] = [];
    for (const offered of latestVersions(versions)) {
      const own = versions.filter((v) => v.id === offered.id);
      const views: PackVersionView[] = own.map((v) => ({
        version: v.version,
        source: v.source,
        publishedAt: v.publishedAt,
        publishedBy: v.publishedBy ? (names.get(v.publishedBy) ?? null) : null,
        size: v.size,
        sha256: v.sha256,
        machines: running.get(`${v.id}@${v.version}`)?.length ?? 0,
        machineTags: [...(running.get(`${v.id}@${v.version}`) ?? [])].sort((a, b) => a.localeCompare(b, 'fr', { numeric: true })),
      }));
      const behind = statuses.filter((row) => row.status?.lessons.some((l) => l.id === offered.id && l.version < offered.version)).length;
      packs.push({ id: offered.id, title: await lessons.title(associationId, offered), offered: offered.version, versions: views.reverse(), behind });
    }
    return { packs, reporting: statuses.filter((s) => s.status !== null).length, machines: statuses.length };
  });

  void app.register(async (scope) => {
    scope.addContentTypeParser(ARCHIVE_TYPES, { parseAs: 'buffer', bodyLimit: PACK_UPLOAD_MAX_BYTES }, (_req, body, done) => done(null, body));
    scope.post(`${API_PREFIX}/console/lessons/packs`, { onRequest: guards.write('staff'), bodyLimit: PACK_UPLOAD_MAX_BYTES }, async (req, reply) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new HttpError(415, 'unsupported_media_type', 'Send the .tar.gz of one lesson folder as the raw body, with Content-Type application/gzip.');
      }
      const { account } = authOf(req);
      const published = await lessons.publish(account.associationId, account.id, req.body, 'upload');
      return reply.code(201).send({ id: published.id, version: published.version, sha256: published.sha256, size: published.size, publishedAt: published.publishedAt });
    });
  });
}
