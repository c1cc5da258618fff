/** The people pages' calls to the hub (server/routes/people.ts, visitors.ts, path-lessons.ts). */
import type {
  CatalogueLesson,
  ConsentView,
  FollowupCreate,
  FollowupDue,
  FollowupView,
  GoalView,
  NoteView,
  PathEntry,
  PersonDetail,
  PersonSummary,
  Suggestion,
} from '../../../../app/protocol/accompaniment.ts';
import type { Language } from '../../../../app/protocol/common.ts';
import { API_PREFIX } from '../../../../app/protocol/hub.ts';
import { call, send } from '../api.ts';

const id = (value: string) => encodeURIComponent(value);
const person = (personId: string) => `/console/people/${id(personId)}`;

export type AccessReport = PersonDetail & { generatedAt: string };

export const peopleApi = {
  list: () => call<PersonSummary[]>('GET', '/console/people'),
  detail: (personId: string) => call<PersonDetail>('GET', person(personId)),
  accessReport: (personId: string) => call<AccessReport>('GET', `${person(personId)}/access-report`),
  suggestions: (personId: string) => call<Suggestion[]>('GET', `${person(personId)}/suggestions`),
  setPath: (personId: string, lessons: string[]) => call<PathEntry[]>('PUT', `${person(personId)}/path`, { lessons }),
  addGoal: (personId: string, text: string) => call<GoalView>('POST', `${person(personId)}/goals`, { text }),
  addVoiceGoal: (personId: string, audio: Blob, durationMs: number) =>
    call<GoalView>('POST', `${person(personId)}/goals/voice`, audio, {
      'content-type': audio.type.split(';')[0] ?? 'audio/webm',
      'x-voice-duration-ms': String(Math.max(1, Math.round(durationMs))),
    }),
  goalVoiceUrl: (personId: string, goalId: string) => `${API_PREFIX}${person(personId)}/goals/${id(goalId)}/voice`,
  deleteGoal: (personId: string, goalId: string) => call<void>('DELETE', `${person(personId)}/goals/${id(goalId)}`),
  addNote: (personId: string, text: string) => call<NoteView>('POST', `${person(personId)}/notes`, { text }),
  addFollowup: (personId: string, body: FollowupCreate) => call<FollowupView>('POST', `${person(personId)}/followups`, body),
  setConsent: (personId: string, granted: boolean) => call<ConsentView>('PUT', `${person(personId)}/consent`, { granted }),
  /** `today` in the helper's time zone (YYYY-MM-DD). */
  due: (today: string) => call<FollowupDue[]>('GET', `/console/followups/due?today=${today}`),
  lessons: () => call<CatalogueLesson[]>('GET', '/console/path-lessons'),

  createVisitor: (name: string, language: Language) => call<PersonSummary>('POST', '/console/visitors', { name, language }),
  updateVisitor: (visitorId: string, patch: { name?: string; language?: Language }) => call<PersonSummary>('PATCH', `/console/visitors/${id(visitorId)}`, patch),
  forgetVisitor: (visitorId: string) => call<void>('DELETE', `/console/visitors/${id(visitorId)}`),
  /** A new card (the previous one stops working): the A6 PDF to print. */
  printCard: async (visitorId: string) => (await send('POST', `/console/visitors/${id(visitorId)}/card`)).blob(),
};

export type { CatalogueLesson, FollowupDue, FollowupView, GoalView, NoteView, PathEntry, PersonDetail, PersonSummary, Suggestion };
