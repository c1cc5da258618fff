/** The console's calls to the hub. Types come from the shared wire protocol. */
import type { HelpAction } from '../../../app/help/states.ts';
import type { HelpOutcome } from '../../../app/help/outcome.ts';
import type { CatalogueLesson } from '../../../app/protocol/accompaniment.ts';
import {
  API_PREFIX,
  type AccountView,
  type AssociationSettings,
  type BeneficiaryView,
  type ConsoleEvent,
  type EnrolmentCodeView,
  type HelpHistory,
  type HelpRequestDetail,
  type HelpRequestView,
  type LoanView,
  type MachineMode,
  type MachineView,
  type Me,
  type PresenceEntry,
  type Role,
} from '../../../app/protocol/hub.ts';
import type { Language } from '../../../app/protocol/common.ts';
import type { ApprovedView, RecordingView, StudioLessonView, StudioLessonsView } from '../../../app/protocol/studio.ts';
import type { DeclineReason, StoryEdit, StoryState, StoryView, WebzineIssue } from '../../../app/protocol/webzine.ts';

import { OPERATOR_PREFIX } from '../../../app/protocol/operator.ts';
import type { TilesOverview } from '../../../app/protocol/tiles.ts';
import type { Tile } from '../../../app/tiles/model.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The CSRF token of the signed-in session; set at sign-in, sent on every write. */
let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/**
 * One request to the hub: the CSRF token on every write, a network failure or a refusal as an
 * ApiFailure carrying the hub's code. `body` is sent as JSON, or as it is when it is a Blob (audio).
 */
export async function send(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
  return request(API_PREFIX, csrfToken, method, path, body, extraHeaders);
}

async function request(prefix: string, token: string, method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  const raw = body instanceof Blob;
  if (body !== undefined && !raw) headers['content-type'] = 'application/json';
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(`${prefix}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: raw ? body : JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiFailure(0, 'network', 'network error');
  }
  if (!res.ok) {
    const data: unknown = await res.json().catch(() => null);
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'unknown', err?.message ?? `HTTP ${res.status}`);
  }
  return res;
}

/** The operator's calls (issue 16): the same client, under the operator's prefix and with their own anti-forgery token. */
export async function callOperator<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(OPERATOR_PREFIX, token, method, path, body);
  return res.status === 204 ? (undefined as T) : ((await res.json().catch(() => null)) as T);
}

export async function call<T>(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T> {
  const res = await send(method, path, body, extraHeaders);
  if (res.status === 204) return undefined as T;
  return (await res.json().catch(() => null)) as T;
}

const id = (value: string) => encodeURIComponent(value);

export interface HelperRef {
  id: string;
  firstName: string;
  role: Role;
}

/** A recording for the studio: the WAV as the raw body. */
async function sendRecording(path: string, wav: Blob): Promise<RecordingView> {
  let res: Response;
  try {
    res = await fetch(`${API_PREFIX}${path}`, { method: 'POST', headers: { 'content-type': 'audio/wav', 'x-csrf-token': csrfToken }, credentials: 'same-origin', body: wav });
  } catch {
    throw new ApiFailure(0, 'network', 'network error');
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'unknown', err?.message ?? `HTTP ${res.status}`);
  }
  return data as RecordingView;
}

export const api = {
  // The recording studio (issue 14)
  studioLessons: () => call<StudioLessonsView>('GET', '/console/studio/lessons'),
  studioLesson: (lesson: string, language: Language) => call<StudioLessonView>('GET', `/console/studio/lessons/${id(lesson)}/${language}`),
  studioRecord: (lesson: string, language: Language, key: string, wav: Blob) => sendRecording(`/console/studio/lessons/${id(lesson)}/${language}/${id(key)}/recordings`, wav),
  studioApprove: (recording: string) => call<ApprovedView>('POST', `/console/studio/recordings/${id(recording)}/approve`),
  studioReject: (recording: string) => call<RecordingView>('POST', `/console/studio/recordings/${id(recording)}/reject`),
  me: () => call<Me>('GET', '/console/me'),
  login: (email: string, password: string) => call<Me>('POST', '/console/login', { email, password }),
  logout: () => call<void>('POST', '/console/logout'),
  setDuty: (onDuty: boolean) => call<Me>('PUT', '/console/me/duty', { onDuty }),
  setFirstName: (firstName: string) => call<Me>('PUT', '/console/me/first-name', { firstName }),
  setPhoto: (photo: string | null) => call<void>('PUT', '/console/me/photo', { photo }),
  /** Without the current password only right after a sign-in with a one-time password. */
  changePassword: (currentPassword: string | undefined, newPassword: string) =>
    call<Me>('POST', '/console/me/password', { ...(currentPassword !== undefined ? { currentPassword } : {}), newPassword }),
  presence: () => call<PresenceEntry[]>('GET', '/console/presence'),
  helpers: () => call<HelperRef[]>('GET', '/console/helpers'),

  queue: () => call<HelpRequestView[]>('GET', '/console/help-requests'),
  detail: (requestId: string) => call<HelpRequestDetail>('GET', `/console/help-requests/${id(requestId)}`),
  act: (requestId: string, action: HelpAction, toAccountId?: string) =>
    call<HelpRequestView>('POST', `/console/help-requests/${id(requestId)}/actions`, { action, ...(toAccountId ? { toAccountId } : {}) }),
  resolve: (requestId: string, outcome: HelpOutcome) => call<HelpRequestView>('POST', `/console/help-requests/${id(requestId)}/actions`, { action: 'resolve', outcome }),
  resolved: () => call<HelpRequestView[]>('GET', '/console/help-requests/resolved'),
  lessonCatalogue: () => call<CatalogueLesson[]>('GET', '/console/path-lessons'),
  note: (requestId: string, text: string) => call<HelpRequestView>('POST', `/console/help-requests/${id(requestId)}/notes`, { text }),
  voiceUrl: (requestId: string) => `${API_PREFIX}/console/help-requests/${id(requestId)}/voice`,
  fileUrl: (requestId: string, n: number) => `${API_PREFIX}/console/help-requests/${id(requestId)}/files/${n}`,

  accounts: () => call<AccountView[]>('GET', '/console/accounts'),
  createAccount: (body: { email: string; firstName: string; role: Role }) =>
    call<{ account: AccountView; temporaryPassword: string }>('POST', '/console/accounts', body),
  updateAccount: (accountId: string, patch: { role?: Role; disabled?: boolean; firstName?: string }) =>
    call<AccountView>('PATCH', `/console/accounts/${id(accountId)}`, patch),
  resetPassword: (accountId: string) => call<{ account: AccountView; temporaryPassword: string }>('POST', `/console/accounts/${id(accountId)}/password-reset`),

  settings: () => call<AssociationSettings>('GET', '/console/settings'),
  saveSettings: (patch: Partial<AssociationSettings>) => call<AssociationSettings>('PUT', '/console/settings', patch),

  machines: () => call<MachineView[]>('GET', '/console/machines'),
  createMachine: (body: { assetTag: string; mode: MachineMode; cohort: string }) =>
    call<{ machine: MachineView; enrolment: EnrolmentCodeView }>('POST', '/console/machines', body),
  updateMachine: (machineId: string, patch: { mode?: MachineMode; cohort?: string; staffPin?: string | null }) => call<MachineView>('PATCH', `/console/machines/${id(machineId)}`, patch),
  newEnrolmentCode: (machineId: string) => call<EnrolmentCodeView>('POST', `/console/machines/${id(machineId)}/enrolment-code`),
  retireMachine: (machineId: string) => call<MachineView>('POST', `/console/machines/${id(machineId)}/retire`),
  machineHistory: (machineId: string) => call<HelpHistory & { machine: MachineView }>('GET', `/console/machines/${id(machineId)}/history`),

  beneficiaries: () => call<BeneficiaryView[]>('GET', '/console/beneficiaries'),
  createBeneficiary: (body: { firstName: string; phone: string; language: Language; helperId: string | null }) =>
    call<BeneficiaryView>('POST', '/console/beneficiaries', body),
  updateBeneficiary: (beneficiaryId: string, patch: { firstName?: string; phone?: string; language?: Language; helperId?: string | null }) =>
    call<BeneficiaryView>('PATCH', `/console/beneficiaries/${id(beneficiaryId)}`, patch),
  beneficiaryHistory: (beneficiaryId: string) =>
    call<HelpHistory & { beneficiary: BeneficiaryView }>('GET', `/console/beneficiaries/${id(beneficiaryId)}/history`),

  loans: (activeOnly = false) => call<LoanView[]>('GET', `/console/loans${activeOnly ? '?active=true' : ''}`),
  createLoan: (machineId: string, beneficiaryId: string) => call<LoanView>('POST', '/console/loans', { machineId, beneficiaryId }),
  endLoan: (loanId: string) => call<LoanView>('POST', `/console/loans/${id(loanId)}/end`),

  // Issue 13: home-screen tiles (null: back to the fallback).
  tiles: () => call<TilesOverview>('GET', '/console/tiles'),
  saveDefaultTiles: (tiles: Tile[] | null) => call<unknown>('PUT', '/console/tiles/defaults', { tiles }),
  savePersonTiles: (beneficiaryId: string, tiles: Tile[] | null) => call<unknown>('PUT', `/console/tiles/people/${id(beneficiaryId)}`, { tiles }),
  savePlaceTiles: (cohort: string, tiles: Tile[] | null) => call<unknown>('PUT', `/console/tiles/places/${id(cohort)}`, { tiles }),
  // The neighbourhood webzine (issue 17)
  stories: (state: StoryState | 'all') => call<StoryView[]>('GET', `/console/webzine/stories?state=${state}`),
  editStory: (storyId: string, edit: StoryEdit) => call<StoryView>('PATCH', `/console/webzine/stories/${id(storyId)}`, edit),
  publishStory: (storyId: string) => call<StoryView>('POST', `/console/webzine/stories/${id(storyId)}/publish`),
  declineStory: (storyId: string, reason: DeclineReason, note: string) => call<StoryView>('POST', `/console/webzine/stories/${id(storyId)}/decline`, { reason, ...(note ? { note } : {}) }),
  withdrawStory: (storyId: string) => call<StoryView>('POST', `/console/webzine/stories/${id(storyId)}/withdraw`),
  storyMediaUrl: (storyId: string, media: 'audio' | 'title-audio' | 'photo') => `${API_PREFIX}/console/webzine/stories/${id(storyId)}/media/${media}`,
  issues: () => call<WebzineIssue[]>('GET', '/console/webzine/issues'),
  createIssue: (title: string) => call<WebzineIssue>('POST', '/console/webzine/issues', { title }),
  /** espeak-ng's reading of the text, as a WAV blob the page plays. */
  readBack: async (text: string, language: Language): Promise<Blob> => {
    const res = await fetch(`${API_PREFIX}/console/webzine/read-back`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
      body: JSON.stringify({ text, language }),
    });
    if (!res.ok) throw new ApiFailure(res.status, 'unknown', `HTTP ${res.status}`);
    return res.blob();
  },
};

export function feedUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${API_PREFIX}/console/feed`;
}

export type {
  AccountView,
  AssociationSettings,
  BeneficiaryView,
  ConsoleEvent,
  HelpRequestDetail,
  HelpRequestView,
  LoanView,
  MachineView,
  Me,
  PresenceEntry,
  Role,
};
