/**
 * The webzine, the machine's side (issue 17): a shell sends a story (voice, optional dictated title,
 * optional photo, the person's consent) as one idempotent message from its outbox, hears how its stories
 * stand (published, or declined with a reason it says aloud), withdraws one at any time, and lists the
 * association's published stories for its "Journal" tile. Authenticated by the machine's bearer token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import { STORY_BODY_MAX_BYTES, STORY_MAX_SECONDS, StorySubmit, TITLE_MAX_SECONDS, type MachineStoryStatus, type PublishedStory } from '../../app/protocol/webzine.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { StoryRecord } from '../store/index.ts';
import { MediaError, normaliseToMp3, readWav, stripJpegMetadata } from '../webzine/media.ts';
import type { WebzinePublisher } from '../webzine/publisher.ts';
import { audioFile, photoFile } from '../webzine/site.ts';
import type { HubDeps } from './deps.ts';
import { machineAuth, machineOf } from './machine-auth.ts';

const NOT_FOUND = 'No story with this id from this machine.';
/** A recorder stops a little after the limit it was given; a second of slack, no more. */
const SLACK_MS = 1000;
const MIN_STORY_MS = 1000;

export const machineStatus = (s: StoryRecord): MachineStoryStatus => ({ id: s.id, state: s.state, title: s.title, declineReason: s.declineReason, updatedAt: s.updatedAt });

export const publishedStory = (s: StoryRecord): PublishedStory => ({
  id: s.id,
  title: s.title,
  text: s.text,
  signature: s.credit === 'anonymous' ? '' : s.signature,
  language: s.language,
  section: s.section ?? 'divers',
  issue: s.issue ?? 0,
  publishedAt: s.publishedAt ?? s.updatedAt,
  audioPath: `/webzine/${s.associationId}/${audioFile(s.id)}`,
  photoPath: s.hasPhoto ? `/webzine/${s.associationId}/${photoFile(s.id)}` : null,
  photoAlt: s.photoAlt,
});

function mediaOr400<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof MediaError) throw new HttpError(400, 'invalid_input', `${err.message}.`);
    throw err;
  }
}

export function registerWebzineMachineRoutes(app: FastifyInstance, deps: HubDeps, publisher: WebzinePublisher): void {
  const { store } = deps;
  const authed = { onRequest: machineAuth(store) };

  app.post(`${API_PREFIX}/machine/webzine/stories`, { ...authed, bodyLimit: STORY_BODY_MAX_BYTES }, async (req, reply) => {
    const machine = machineOf(req);
    const body = parseOr400(StorySubmit, req.body);
    const audioWav = Buffer.from(body.audio, 'base64');
    const audio = mediaOr400(() => readWav(audioWav, 'audio'));
    if (audio.durationMs > STORY_MAX_SECONDS * 1000 + SLACK_MS) throw new HttpError(400, 'invalid_input', `audio: a story lasts at most ${STORY_MAX_SECONDS} s (this one lasts ${Math.round(audio.durationMs / 1000)} s).`);
    if (audio.durationMs < MIN_STORY_MS) throw new HttpError(400, 'invalid_input', 'audio: the story is shorter than one second.');
    const titleWav = body.titleAudio ? Buffer.from(body.titleAudio, 'base64') : null;
    if (titleWav) {
      const title = mediaOr400(() => readWav(titleWav, 'titleAudio'));
      if (title.durationMs > TITLE_MAX_SECONDS * 1000 + SLACK_MS) throw new HttpError(400, 'invalid_input', `titleAudio: a title lasts at most ${TITLE_MAX_SECONDS} s.`);
    }
    const photo = body.photo ? mediaOr400(() => stripJpegMetadata(Buffer.from(body.photo as string, 'base64'))) : null;
    const [audioMp3, titleMp3] = await Promise.all([normaliseToMp3(audioWav), titleWav ? normaliseToMp3(titleWav) : Promise.resolve(null)]);
    const result = await store.webzine.submitStory(machine, {
      id: body.id,
      recordedAt: body.recordedAt,
      language: body.language,
      credit: body.credit,
      photoShowsOthers: body.photoShowsOthers,
      durationMs: audio.durationMs,
      audio: audioMp3,
      titleAudio: titleMp3,
      photo: photo?.bytes ?? null,
    });
    if (!result.ok) throw new HttpError(409, 'id_conflict', 'This story id is already used by another machine; mint a new UUID.');
    return reply.code(result.created ? 201 : 200).send(machineStatus(result.story));
  });

  app.get(`${API_PREFIX}/machine/webzine/stories`, authed, async (req) => (await store.webzine.machineStories(machineOf(req).id)).map(machineStatus));

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/machine/webzine/stories/:id/withdraw`, authed, async (req) => {
    const machine = machineOf(req);
    const id = parseOr400(Uuid, req.params.id, 'story id in the path');
    const before = (await store.webzine.machineStories(machine.id)).find((s) => s.id === id);
    const result = await store.webzine.withdrawByMachine(machine.id, id);
    if (!result.ok) {
      if (result.reason === 'not_allowed') throw new HttpError(409, 'not_allowed', `This story can no longer be withdrawn (it is ${result.state}).`);
      throw new HttpError(404, 'not_found', NOT_FOUND);
    }
    if (before?.state === 'published') await publisher.rebuild(machine.associationId);
    return machineStatus(result.story);
  });

  app.get(`${API_PREFIX}/machine/webzine/published`, authed, async (req: FastifyRequest) =>
    (await store.webzine.listStories(machineOf(req).associationId, ['published'])).sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '')).map(publishedStory),
  );
}
