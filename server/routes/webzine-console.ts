/**
 * The webzine, the console's side (issue 17): the editorial queue. A helper listens to a story, looks at
 * its photo, types what was said (espeak-ng reads it back), writes the title, the photo's description and
 * the signature the person agreed to, picks the issue and the section, confirms that the people on the
 * photo agreed (or removes the photo), then publishes or declines with a reason the shell says aloud.
 * A helper may also withdraw a published story on the person's behalf.
 */
import { execFile } from 'node:child_process';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import { ReadBack, StoryDecline, StoryEdit, StoryState, WebzineIssueCreate, type StoryView } from '../../app/protocol/webzine.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { StoryChangeResult, StoryMedia, StoryRecord } from '../store/index.ts';
import type { WebzinePublisher } from '../webzine/publisher.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

const NOT_FOUND = 'No story with this id in your association.';
const MEDIA = z.enum(['audio', 'title-audio', 'photo']);
const MEDIA_TYPE: Record<StoryMedia, string> = { audio: 'audio/mpeg', 'title-audio': 'audio/mpeg', photo: 'image/jpeg' };
const StatesQuery = z.object({ state: z.union([StoryState, z.literal('all')]).default('submitted') }).strict();

export function storyView(s: StoryRecord): StoryView {
  const { machineId: _machine, associationId: _association, ...view } = s;
  return view;
}

/** A refusal for each way a change can fail, naming what is accepted. */
function changed(result: StoryChangeResult): StoryRecord {
  if (result.ok) return result.story;
  switch (result.reason) {
    case 'not_found':
      throw new HttpError(404, 'not_found', NOT_FOUND);
    case 'not_allowed':
      throw new HttpError(409, 'not_allowed', `This story is ${result.state}: only a story waiting in the queue (submitted) can be changed.`);
    case 'no_issue':
      throw new HttpError(400, 'invalid_input', 'issue: no issue with this number in your association; create it first (POST /console/webzine/issues).');
    case 'not_ready':
      throw new HttpError(409, 'not_ready', `The story cannot be published yet; missing: ${result.problems.join(', ')}.`);
  }
}

function espeak(text: string, language: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('espeak-ng', ['-v', language, '-s', '140', '--stdout', '--', text], { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024, timeout: 20_000 }, (err, stdout) => {
      if (err) reject(new HttpError(503, 'speech_unavailable', 'espeak-ng could not read the text on the hub; install the espeak-ng package.'));
      else resolve(stdout);
    });
  });
}

export function registerWebzineConsoleRoutes(app: FastifyInstance, deps: HubDeps, publisher: WebzinePublisher): void {
  const { store, guards } = deps;
  const read = { onRequest: guards.read('accompagnant') };
  const write = { onRequest: guards.write('accompagnant') };
  const associationOf = (req: FastifyRequest) => authOf(req).account.associationId;
  const storyId = (req: FastifyRequest<{ Params: { id: string } }>) => parseOr400(Uuid, req.params.id, 'story id in the path');
  const noBody = (req: FastifyRequest) => {
    if (req.body !== undefined && req.body !== null && (typeof req.body !== 'object' || Object.keys(req.body).length > 0)) {
      throw new HttpError(400, 'invalid_input', 'This route takes no body (or an empty JSON object).');
    }
  };

  app.get(`${API_PREFIX}/console/webzine/stories`, read, async (req) => {
    const { state } = parseOr400(StatesQuery, req.query ?? {}, 'query string (state: submitted, published, declined, withdrawn or all)');
    const states = state === 'all' ? StoryState.options : [state];
    return (await store.webzine.listStories(associationOf(req), states)).map(storyView);
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/webzine/stories/:id`, read, async (req) => {
    const story = await store.webzine.getStory(associationOf(req), storyId(req));
    if (!story) throw new HttpError(404, 'not_found', NOT_FOUND);
    return storyView(story);
  });

  app.get<{ Params: { id: string; media: string } }>(`${API_PREFIX}/console/webzine/stories/:id/media/:media`, read, async (req, reply) => {
    const id = storyId(req);
    const which = parseOr400(MEDIA, req.params.media, 'media in the path (audio, title-audio or photo)');
    const bytes = await store.webzine.media(associationOf(req), id, which);
    if (!bytes) throw new HttpError(404, 'not_found', `No ${which} for this story in your association.`);
    return reply.type(MEDIA_TYPE[which]).header('cache-control', 'no-store').send(bytes);
  });

  app.patch<{ Params: { id: string } }>(`${API_PREFIX}/console/webzine/stories/:id`, write, async (req) => {
    const id = storyId(req);
    const edit = parseOr400(StoryEdit, req.body);
    return storyView(changed(await store.webzine.editStory(associationOf(req), id, edit)));
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/webzine/stories/:id/publish`, write, async (req) => {
    const id = storyId(req);
    noBody(req);
    const story = changed(await store.webzine.publishStory(associationOf(req), id, authOf(req).account.id));
    await publisher.rebuild(story.associationId);
    return storyView(story);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/webzine/stories/:id/decline`, write, async (req) => {
    const id = storyId(req);
    const body = parseOr400(StoryDecline, req.body);
    return storyView(changed(await store.webzine.declineStory(associationOf(req), id, body.reason, body.note ?? '', authOf(req).account.id)));
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/webzine/stories/:id/withdraw`, write, async (req) => {
    const id = storyId(req);
    noBody(req);
    const associationId = associationOf(req);
    const wasPublished = (await store.webzine.getStory(associationId, id))?.state === 'published';
    const story = changed(await store.webzine.withdrawByHelper(associationId, id, authOf(req).account.id));
    if (wasPublished) await publisher.rebuild(associationId);
    return storyView(story);
  });

  app.get(`${API_PREFIX}/console/webzine/issues`, read, async (req) => store.webzine.listIssues(associationOf(req)));

  app.post(`${API_PREFIX}/console/webzine/issues`, write, async (req, reply) => {
    const body = parseOr400(WebzineIssueCreate, req.body);
    return reply.code(201).send(await store.webzine.createIssue(associationOf(req), body.title));
  });

  /** The transcription read back by espeak-ng, so the helper hears what the site's readers will read. */
  app.post(`${API_PREFIX}/console/webzine/read-back`, write, async (req, reply) => {
    const body = parseOr400(ReadBack, req.body);
    return reply.type('audio/wav').send(await espeak(body.text, body.language));
  });
}
