/**
 * Following a person, the console's side (issue 12): the people list, a person's page (path, goals,
 * notes, suivi, consent, progress, help history), the follow-ups due, and the right-of-access report.
 * Every helper of the association may follow its people; every route is scoped to the association.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pathSuggestions } from '../../app/lessons/suggest.ts';
import {
  ConsentUpdate,
  Day,
  FollowupCreate,
  GOAL_VOICE_MAX_SECONDS,
  GoalCreate,
  NoteCreate,
  PathUpdate,
  type PersonDetail,
} from '../../app/protocol/accompaniment.ts';
import { Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX, VOICE_MAX_BYTES, VoiceMimeType } from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { PersonRecord } from '../store/index.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

type WithId = FastifyRequest<{ Params: { id: string } }>;

export function registerPeopleRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, guards, bus, pathLessons: lessons } = deps;
  const { accompaniment, register, help, visitors } = store;
  const helper = { onRequest: guards.read('accompagnant') };
  const helperWrite = { onRequest: guards.write('accompagnant') };
  const associationOf = (req: FastifyRequest) => authOf(req).account.associationId;
  const me = (req: FastifyRequest) => authOf(req).account.id;

  async function personOr404(req: WithId): Promise<PersonRecord> {
    const id = parseOr400(Uuid, req.params.id, 'person id in the path');
    const person = await accompaniment.getPerson(associationOf(req), id);
    if (!person) throw new HttpError(404, 'not_found', "Cette personne n'existe pas dans votre association.");
    return person;
  }

  /** A page open in a console reloads; the machine lent to the person gets their new path or language. */
  async function changed(person: PersonRecord): Promise<void> {
    const view = person.kind === 'beneficiary' ? await register.getBeneficiary(person.associationId, person.id) : null;
    bus.publish('person.changed', { associationId: person.associationId, personId: person.id, machineId: view?.loan?.machineId ?? null });
  }

  async function detail(person: PersonRecord): Promise<PersonDetail> {
    const a = person.associationId;
    const [summary, beneficiary, consent, path, goals, notes, followups, attempts, history, cardIssuedAt] = await Promise.all([
      accompaniment.listPeople(a).then((all) => all.find((p) => p.id === person.id)),
      person.kind === 'beneficiary' ? register.getBeneficiary(a, person.id) : Promise.resolve(null),
      accompaniment.getConsent(a, person.id),
      accompaniment.getPath(a, person.id),
      accompaniment.listGoals(a, person.id),
      accompaniment.listNotes(a, person.id),
      accompaniment.listFollowups(a, person.id),
      accompaniment.listAttempts(a, person.id),
      person.kind === 'beneficiary' ? help.beneficiaryHistory(a, person.id) : Promise.resolve([]),
      person.kind === 'visitor' ? visitors.cardIssuedAt(a, person.id) : Promise.resolve(null),
    ]);
    if (!summary) throw new HttpError(404, 'not_found', "Cette personne n'existe pas dans votre association.");
    return {
      person: {
        ...summary,
        phone: beneficiary?.phone ?? null,
        loan: beneficiary?.loan ? { id: beneficiary.loan.id, assetTag: beneficiary.loan.assetTag, since: beneficiary.loan.since } : null,
        cardIssuedAt,
      },
      consent,
      path,
      goals,
      notes,
      followups,
      attempts,
      help: history,
    };
  }

  app.get(`${API_PREFIX}/console/people`, helper, async (req) => accompaniment.listPeople(associationOf(req)));

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id`, helper, async (req) => detail(await personOr404(req)));

  /** Everything held about the person, for the printable right-of-access page. */
  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id/access-report`, helper, async (req) => {
    const person = await personOr404(req);
    return { generatedAt: deps.now().toISOString(), ...(await detail(person)) };
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id/suggestions`, helper, async (req) => {
    const person = await personOr404(req);
    const [path, attempts] = await Promise.all([accompaniment.getPath(person.associationId, person.id), accompaniment.listAttempts(person.associationId, person.id)]);
    return pathSuggestions({
      lessons: lessons.forSuggestions(),
      path: path.map((p) => p.lessonId),
      attempts: attempts.map((a) => ({ lessonId: a.lessonId, finished: a.finishedAt !== null, at: a.updatedAt, steps: a.steps, stepCount: a.stepCount })),
    });
  });

  app.put<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id/path`, helperWrite, async (req) => {
    const person = await personOr404(req);
    const body = parseOr400(PathUpdate, req.body);
    const unknown = body.lessons.filter((id) => !lessons.has(id));
    if (unknown.length > 0) throw new HttpError(400, 'invalid_input', `lessons: ${unknown.join(', ')} is not a lesson of this hub (GET ${API_PREFIX}/console/path-lessons lists them).`);
    const path = await accompaniment.setPath(person.associationId, person.id, body.lessons, me(req));
    await changed(person);
    return path;
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id/goals`, helperWrite, async (req, reply) => {
    const person = await personOr404(req);
    const { text } = parseOr400(GoalCreate, req.body);
    const goal = await accompaniment.addGoal(person.associationId, person.id, { text }, me(req));
    await changed(person);
    return reply.code(201).send(goal);
  });

  // A goal as a short voice note: raw audio, in a scope of its own so only this route parses audio.
  void app.register(async (scope) => {
    scope.addContentTypeParser(['audio/webm', 'audio/ogg'], { parseAs: 'buffer', bodyLimit: VOICE_MAX_BYTES }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id/goals/voice`, { ...helperWrite, bodyLimit: VOICE_MAX_BYTES }, async (req, reply) => {
      const person = await personOr404(req);
      const mime = VoiceMimeType.safeParse(String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase());
      if (!mime.success || !Buffer.isBuffer(req.body)) {
        throw new HttpError(415, 'unsupported_media_type', 'Send the voice note as the raw bytes with Content-Type audio/webm or audio/ogg.');
      }
      if (req.body.length === 0) throw new HttpError(400, 'invalid_input', 'The voice note is empty.');
      const header = req.headers['x-voice-duration-ms'];
      const durationMs = typeof header === 'string' && /^\d{1,6}$/.test(header) ? Number(header) : NaN;
      if (!Number.isInteger(durationMs) || durationMs < 1 || durationMs > (GOAL_VOICE_MAX_SECONDS + 2) * 1000) {
        throw new HttpError(400, 'invalid_input', `x-voice-duration-ms: expected the duration in milliseconds, 1 ms to ${GOAL_VOICE_MAX_SECONDS} s.`);
      }
      const goal = await accompaniment.addGoal(person.associationId, person.id, { voice: { mimeType: mime.data, durationMs, bytes: req.body } }, me(req));
      await changed(person);
      return reply.code(201).send(goal);
    });
  });

  app.get<{ Params: { id: string; goalId: string } }>(`${API_PREFIX}/console/people/:id/goals/:goalId/voice`, helper, async (req, reply) => {
    const person = await personOr404(req);
    const goalId = parseOr400(Uuid, req.params.goalId, 'goal id in the path');
    const voice = await accompaniment.getGoalVoice(person.associationId, person.id, goalId);
    if (!voice) throw new HttpError(404, 'not_found', "Cet objectif n'a pas de note vocale.");
    return reply.code(200).type(voice.mimeType).header('content-disposition', 'inline').send(voice.bytes);
  });

  app.delete<{ Params: { id: string; goalId: string } }>(`${API_PREFIX}/console/people/:id/goals/:goalId`, helperWrite, async (req, reply) => {
    const person = await personOr404(req);
    const goalId = parseOr400(Uuid, req.params.goalId, 'goal id in the path');
    if (!(await accompaniment.deleteGoal(person.associationId, person.id, goalId))) throw new HttpError(404, 'not_found', "Cet objectif n'existe pas.");
    await changed(person);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id/notes`, helperWrite, async (req, reply) => {
    const person = await personOr404(req);
    const { text } = parseOr400(NoteCreate, req.body);
    const note = await accompaniment.addNote(person.associationId, person.id, text, me(req));
    await changed(person);
    return reply.code(201).send(note);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id/followups`, helperWrite, async (req, reply) => {
    const person = await personOr404(req);
    const body = parseOr400(FollowupCreate, req.body);
    const followup = await accompaniment.addFollowup(person.associationId, person.id, body, me(req));
    await changed(person);
    return reply.code(201).send(followup);
  });

  /** Consent recorded by a helper (the person said so in person); a withdrawal deletes their progress. */
  app.put<{ Params: { id: string } }>(`${API_PREFIX}/console/people/:id/consent`, helperWrite, async (req) => {
    const person = await personOr404(req);
    const { granted } = parseOr400(ConsentUpdate, req.body);
    if (person.kind === 'visitor') {
      throw new HttpError(409, 'visitor', 'A visitor consents by asking for a card; to withdraw, forget the visitor (DELETE the visitor).');
    }
    const result = await accompaniment.setConsent(person.associationId, person.id, granted, me(req));
    if (!result.ok) throw new HttpError(409, 'no_loan', "Cette personne n'a pas d'ordinateur prêté : le consentement se recueille au début d'un prêt.");
    await changed(person);
    return result.consent;
  });

  app.get<{ Querystring: { today?: string } }>(`${API_PREFIX}/console/followups/due`, helper, async (req) => {
    const today = req.query.today === undefined ? deps.now().toISOString().slice(0, 10) : parseOr400(Day, req.query.today, 'today (YYYY-MM-DD) in the query');
    return accompaniment.followupsDue(associationOf(req), today);
  });
}
