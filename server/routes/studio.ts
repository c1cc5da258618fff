/**
 * The recording studio (issue 14): helpers record the sentences of a lesson in the association's
 * own voices; a second person approves; an approved recording becomes the pack's audio at once (a
 * new version of the pack, published to the association's machines like an uploaded one, checked by
 * the same rules). Recording is open to every helper; approving and rejecting to staff, never by
 * the person who recorded.
 *
 *   GET  /console/studio/lessons                                   the lessons, recorded sentences per language
 *   GET  /console/studio/lessons/:id/:language                     the sentences to read, with their recordings
 *   POST /console/studio/lessons/:id/:language/:key/recordings     a recording (raw WAV) → trimmed, normalised, flagged
 *   GET  /console/studio/recordings/:id/audio                      what the hub made of it (Ogg Vorbis)
 *   POST /console/studio/recordings/:id/approve                    → the pack's new version
 *   POST /console/studio/recordings/:id/reject
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Language, Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import type { ApprovedView, RecordingView, StudioLessonView, StudioLessonsView } from '../../app/protocol/studio.ts';
import { readArchive } from '../../lib/packs/archive.ts';
import { PACK_ID } from '../../lib/packs/pack-index.ts';
import { latestVersions } from '../lessons/catalogue.ts';
import { processRecording, RECORDING_LIMITS } from '../lessons/studio-audio.ts';
import { readStudioPack, studioSentences, withRecordings, type StudioPack } from '../lessons/studio-pack.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { Recording } from '../store/studio.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

const SentenceKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a sentence key: letters, digits, _ and -');
const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave'];

export function registerStudioRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, guards, lessons } = deps;
  const helper = { onRequest: guards.read('accompagnant') };
  const associationOf = (req: FastifyRequest) => authOf(req).account.associationId;

  /** The version of a lesson the association offers now, read for the studio; 404 when there is none. */
  async function offeredPack(associationId: string, rawId: string): Promise<{ pack: StudioPack; version: number; title: string }> {
    const id = parseOr400(z.string().regex(PACK_ID, 'a lesson id'), rawId, 'lesson id in the path');
    const offered = latestVersions(await lessons.versions(associationId)).find((v) => v.id === id);
    const archive = offered ? await lessons.archive(associationId, offered.id, offered.version) : null;
    if (!offered || !archive) throw new HttpError(404, 'not_found', `No lesson "${id}" here: GET ${API_PREFIX}/console/studio/lessons lists them.`);
    return { pack: readStudioPack(readArchive(archive)), version: offered.version, title: await lessons.title(associationId, offered) };
  }

  async function views(associationId: string, meId: string, recordings: Recording[]): Promise<RecordingView[]> {
    const names = new Map((await store.accounts.listAccounts(associationId)).map((a) => [a.id, a.firstName]));
    return recordings.map((r) => ({
      id: r.id,
      language: r.language,
      key: r.key,
      durationMs: r.durationMs,
      flags: r.flags,
      status: r.status,
      recordedAt: r.recordedAt,
      recordedBy: names.get(r.recordedBy) ?? '?',
      mine: r.recordedBy === meId,
      decidedBy: r.decidedBy ? (names.get(r.decidedBy) ?? '?') : null,
      decidedAt: r.decidedAt,
    }));
  }

  async function recordingOr404(req: FastifyRequest<{ Params: { id: string } }>): Promise<Recording> {
    const id = parseOr400(Uuid, req.params.id, 'recording id in the path');
    const recording = await store.studio.getRecording(associationOf(req), id);
    if (!recording) throw new HttpError(404, 'not_found', 'No such recording in this association.');
    return recording;
  }

  app.get(`${API_PREFIX}/console/studio/lessons`, helper, async (req): Promise<StudioLessonsView> => {
    const associationId = associationOf(req);
    const counts = await store.studio.approvedCounts(associationId);
    const out: StudioLessonsView['lessons'] = [];
    for (const offered of latestVersions(await lessons.versions(associationId))) {
      const archive = await lessons.archive(associationId, offered.id, offered.version);
      if (!archive) continue;
      const pack = readStudioPack(readArchive(archive));
      const recorded = { fr: 0, en: 0, ar: 0 };
      for (const c of counts) if (c.lessonId === offered.id) recorded[c.language] = c.sentences;
      const waiting = (await store.studio.listRecordings(associationId, offered.id)).filter((r) => r.status === 'submitted').length;
      out.push({ id: offered.id, title: await lessons.title(associationId, offered), version: offered.version, sentences: studioSentences(pack, 'fr').length, recorded, waiting });
    }
    return { lessons: out.sort((a, b) => a.title.localeCompare(b.title, 'fr')) };
  });

  app.get<{ Params: { id: string; language: string } }>(`${API_PREFIX}/console/studio/lessons/:id/:language`, helper, async (req): Promise<StudioLessonView> => {
    const associationId = associationOf(req);
    const language = parseOr400(Language, req.params.language, 'language in the path (fr, en or ar)');
    const { pack, version, title } = await offeredPack(associationId, req.params.id);
    const recordings = await views(associationId, authOf(req).account.id, await store.studio.listRecordings(associationId, pack.manifest.id, language));
    return {
      id: pack.manifest.id,
      title,
      language,
      version,
      sentences: studioSentences(pack, language).map((s) => ({ ...s, recordings: recordings.filter((r) => r.key === s.key) })),
    };
  });

  void app.register(async (scope) => {
    scope.addContentTypeParser(WAV_TYPES, { parseAs: 'buffer', bodyLimit: RECORDING_LIMITS.maxBytes }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { id: string; language: string; key: string } }>(
      `${API_PREFIX}/console/studio/lessons/:id/:language/:key/recordings`,
      { onRequest: guards.write('accompagnant'), bodyLimit: RECORDING_LIMITS.maxBytes },
      async (req, reply) => {
        const associationId = associationOf(req);
        const language = parseOr400(Language, req.params.language, 'language in the path (fr, en or ar)');
        const key = parseOr400(SentenceKey, req.params.key, 'sentence key in the path');
        const { pack } = await offeredPack(associationId, req.params.id);
        const sentence = studioSentences(pack, language).find((s) => s.key === key);
        if (!sentence) throw new HttpError(404, 'not_found', `The lesson has no sentence "${key}" in ${language}: GET the lesson's sentences first.`);
        if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported_media_type', 'Send the recording as the raw bytes of a WAV file, with Content-Type audio/wav.');
        const processed = await processRecording(req.body, sentence.synthesizedMs);
        const me = authOf(req).account.id;
        const recording = await store.studio.addRecording(
          { associationId, lessonId: pack.manifest.id, language, key, text: sentence.text, durationMs: processed.durationMs, flags: processed.flags, recordedBy: me },
          processed.ogg,
        );
        return reply.code(201).send((await views(associationId, me, [recording]))[0]);
      },
    );
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/studio/recordings/:id/audio`, helper, async (req, reply) => {
    const recording = await recordingOr404(req);
    const audio = await store.studio.getRecordingAudio(recording.associationId, recording.id);
    return reply.code(200).type('audio/ogg').header('cache-control', 'private, no-store').send(audio);
  });

  /** Refuses a decision the store would refuse, with the reason, before anything is published. */
  function mayDecide(recording: Recording, by: string): void {
    if (recording.recordedBy === by) throw new HttpError(403, 'own_recording', 'A second person decides: someone other than the one who recorded it.');
    if (recording.status !== 'submitted') throw new HttpError(409, 'already_decided', `This recording was already ${recording.status}.`);
  }
  async function decide(recording: Recording, decision: 'approved' | 'rejected', by: string): Promise<Recording> {
    const result = await store.studio.decideRecording(recording.associationId, recording.id, decision, by);
    if (result.ok) return result.recording;
    if (result.reason === 'own_recording') throw new HttpError(403, 'own_recording', 'A second person decides: someone other than the one who recorded it.');
    if (result.reason === 'decided') throw new HttpError(409, 'already_decided', 'This recording was already decided.');
    throw new HttpError(404, 'not_found', 'No such recording in this association.');
  }

  // Approving publishes first (the pack with this recording must pass lessons:check), then records the decision.
  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/studio/recordings/:id/approve`, { onRequest: guards.write('staff') }, async (req): Promise<ApprovedView> => {
    const associationId = associationOf(req);
    const me = authOf(req).account.id;
    const recording = await recordingOr404(req);
    mayDecide(recording, me);
    if (recording.flags.includes('silent')) {
      throw new HttpError(422, 'silent_recording', 'This recording has no voice in it: reject it and ask for the sentence to be recorded again.');
    }
    const audio = (await store.studio.getRecordingAudio(associationId, recording.id))!;
    const { pack, version } = await offeredPack(associationId, recording.lessonId);
    const approved = (await store.studio.approvedRecordings(associationId, recording.lessonId)).filter((r) => r.language !== recording.language || r.key !== recording.key);
    const name = (await store.accounts.getSettings(associationId))?.name ?? 'Passerelle';
    const files = withRecordings(pack, [...approved, { ...recording, audio }], version, `Voix enregistrée par ${name}`);
    const published = await lessons.publish(associationId, me, files, 'recordings');
    const decided = await decide(recording, 'approved', me);
    return { recording: (await views(associationId, me, [decided]))[0]!, published: { id: published.id, version: published.version } };
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/studio/recordings/:id/reject`, { onRequest: guards.write('staff') }, async (req): Promise<RecordingView> => {
    const me = authOf(req).account.id;
    const recording = await recordingOr404(req);
    mayDecide(recording, me);
    return (await views(recording.associationId, me, [await decide(recording, 'rejected', me)]))[0]!;
  });
}
