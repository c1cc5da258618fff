/**
 * The lessons as the console shows them when a helper chooses a path with a person (issue 12; the
 * staff's pack versions are /console/lessons): the catalogue and each lesson's picture (an SVG from the lessons folder, never a path outside it).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { LessonId } from '../../app/lessons/model.ts';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { HubDeps } from './deps.ts';

export const lessonPictureUrl = (id: string) => `${API_PREFIX}/console/path-lessons/${id}/picture`;

export function registerPathLessonRoutes(app: FastifyInstance, deps: HubDeps, lessonsDir: string): void {
  const helper = { onRequest: deps.guards.read('accompagnant') };
  const root = fs.existsSync(lessonsDir) ? fs.realpathSync(lessonsDir) : lessonsDir;

  app.get(`${API_PREFIX}/console/path-lessons`, helper, async () => deps.pathLessons.lessons);

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/path-lessons/:id/picture`, helper, async (req, reply) => {
    const id = parseOr400(LessonId, req.params.id, 'lesson id in the path');
    const file = deps.pathLessons.pictureFile(id);
    // The real path must stay in the lessons folder (a link planted in a pack does not lead out).
    const real = file && fs.existsSync(file) ? fs.realpathSync(file) : null;
    if (!real || !real.startsWith(root + path.sep) || !real.endsWith('.svg')) throw new HttpError(404, 'not_found', 'No picture for this lesson.');
    return reply
      .code(200)
      .type('image/svg+xml')
      .header('cache-control', 'private, max-age=3600')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(fs.readFileSync(real));
  });
}
