/**
 * The bridge contract: every call the renderer may make on `window.passerelle`, named once,
 * with a zod schema for its payload and its result. Electron (preload + ipcMain) and the web
 * host (WebSocket) are two hosts of this same contract.
 */
import { z } from 'zod';
import { Language } from '../protocol/common.ts';
import { HelpAvailability, HelpContext, MachineMode, PhotoDataUrl, VOICE_MAX_SECONDS, VoiceMimeType } from '../protocol/hub.ts';
import { HelpState } from '../help/states.ts';
import { LessonForDisplay, LessonId, LessonSummary, StepKind } from '../lessons/model.ts';
import { ADAPTIVITY_LIMITS } from '../lessons/engine.ts';
import { MachineCallEvent, MachineCallMessage } from '../protocol/call.ts';
import { isBridgeCallName, type BridgeCallName, type BridgeEventName } from './names.ts';
import { ChosenBy, ConsentState, PersonKind } from '../protocol/person.ts';
import { CardCode } from '../protocol/accompaniment.ts';
import { MachineTiles, TileId } from '../tiles/model.ts';
import { MyFileContent, MyFileId, MyFileList } from '../tiles/my-files.ts';
import { JournalMediaPath, MyStory, PublishedStory, StorySubmit } from '../protocol/webzine.ts';

// ---- The person and their progress (issue 12, main/services/progress.ts) ----------------------------
/** Whether the shell asks the progress question now (a home loan whose beneficiary was never asked). */
export const ProgressConsent = z.object({ state: ConsentState.nullable(), needsAsking: z.boolean() });
export type ProgressConsent = z.infer<typeof ProgressConsent>;
export const ShellPerson = z.object({ kind: PersonKind, firstName: z.string(), language: Language });
export const NextLesson = z.object({
  lessonId: LessonId.nullable(),
  reason: z.enum(['practice_again', 'path', 'skip_ahead', 'next_in_order', 'all_done']),
  /** For skip_ahead: the lesson the person may skip (still one press away). */
  skipped: LessonId.nullable(),
  /** The helper who chose it with the person ("choisie avec Marie"). */
  chosenBy: ChosenBy.nullable(),
});
export type NextLesson = z.infer<typeof NextLesson>;
export const CardAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), firstName: z.string(), language: Language }),
  z.object({ ok: z.literal(false), reason: z.literal('wrong'), attemptsLeft: z.number().int().min(0) }),
  z.object({ ok: z.literal(false), reason: z.literal('locked'), retryInSeconds: z.number().int().min(0) }),
  z.object({ ok: z.literal(false), reason: z.literal('unreachable') }),
]);
export type CardAnswer = z.infer<typeof CardAnswer>;

export { bridgeCallNames, bridgeEventNames, ipcChannel, isBridgeCallName, type BridgeCallName, type BridgeEventName } from './names.ts';

type CallSchemas = { input: z.ZodType; output: z.ZodType };

/** A help request as the shell knows it: `delivered` is false while it waits in the outbox. */
export const LocalHelpRequest = z.object({
  id: z.uuid(),
  state: HelpState,
  delivered: z.boolean(),
  createdAt: z.string(),
  helperFirstName: z.string().nullable(),
  /** The claiming helper's photo (a data: URL) when they set one. */
  helperPhoto: PhotoDataUrl.nullable(),
  /** When the person first answered a live call on this request (app/help/call.ts: `callHappened`). */
  calledAt: z.string().nullable(),
});
export type LocalHelpRequest = z.infer<typeof LocalHelpRequest>;

import { VOICE_MAX_BASE64_CHARS } from '../help/voice-limits.ts';

export { VOICE_MAX_BASE64_CHARS };
export const HelpVoiceInput = z
  .object({
    id: z.uuid(),
    mimeType: VoiceMimeType,
    durationMs: z.number().int().min(1).max((VOICE_MAX_SECONDS + 2) * 1000),
    audio: z.base64().min(4).max(VOICE_MAX_BASE64_CHARS),
  })
  .strict();

/** Why the enrolment screen could not enrol: each has its own picture and sentence. */
export const EnrolFailure = z.enum(['bad_format', 'unknown', 'used', 'expired', 'unreachable', 'already_enrolled', 'refused']);
export type EnrolFailure = z.infer<typeof EnrolFailure>;

export const ShellInfo = z.object({
  appVersion: z.string(),
  enrolled: z.boolean(),
  assetTag: z.string().nullable(),
  mode: MachineMode,
  language: Language,
  hubReachable: z.boolean(),
  helpPhone: z.string().nullable(),
  /** Helpers on duty as the hub last said, or null before the hub has said anything. */
  helpersOnDuty: z.number().int().min(0).nullable(),
});
export type ShellInfo = z.infer<typeof ShellInfo>;

const Empty = z.object({}).strict();

// ---- Kiosk (main/services/kiosk.ts, main/services/visitor.ts) ----------------------------------
export const KioskState = z.object({
  /** The mode the shell runs in now: the hub's, unless an animateur left kiosk mode until next boot. */
  mode: MachineMode,
  visit: z
    .object({
      id: z.string(),
      startedAt: z.string(),
      /** Set while the visitor is being warned that the visit will end for lack of activity. */
      idleWarning: z.object({ secondsLeft: z.number().int().min(0) }).nullable(),
    })
    .nullable(),
  idleTimeoutSeconds: z.number().int().positive(),
  /** Whether the console set an animateur PIN for this machine (without one the staff menu cannot open). */
  staffPinSet: z.boolean(),
  /** The volume last set from the staff menu (0–100), or null when never set. */
  volume: z.number().int().min(0).max(100).nullable(),
});
export type KioskState = z.infer<typeof KioskState>;

export const StaffAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('volume'), level: z.number().int().min(0).max(100) }).strict(),
  z.object({ type: z.literal('language'), language: Language }).strict(),
  z.object({ type: z.literal('endAllSessions') }).strict(),
  z.object({ type: z.literal('restart') }).strict(),
  z.object({ type: z.literal('leaveKioskUntilReboot') }).strict(),
  /** The animateur closed the menu: the staff token is revoked. */
  z.object({ type: z.literal('close') }).strict(),
]);
export type StaffAction = z.infer<typeof StaffAction>;

export const StaffPinAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), staffToken: z.string() }),
  z.object({ ok: z.literal(false), reason: z.enum(['no_pin', 'wrong', 'locked']), retryInSeconds: z.number().int().min(0), attemptsLeft: z.number().int().min(0) }),
]);

export const UsageConsent = z.object({ asked: z.boolean(), granted: z.boolean() });
export type UsageConsent = z.infer<typeof UsageConsent>;

const StepOutcomeInput = z
  .object({
    index: z.number().int().min(0).max(1000),
    kind: StepKind,
    misses: z.number().int().min(0).max(10_000),
    hintLevel: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    seconds: z.number().int().min(0).max(86_400),
  })
  .strict();

const limits = ADAPTIVITY_LIMITS;
export const LessonAdaptivity = z.object({
  targetScale: z.number().min(limits.targetScale.min).max(limits.targetScale.max),
  doubleClickMs: z.number().int().min(limits.doubleClickMs.min).max(limits.doubleClickMs.max),
  dragTolerancePx: z.number().int().min(limits.dragTolerancePx.min).max(limits.dragTolerancePx.max),
});

// ---- Issue 13: a website tile's guarded browser ---------------------------------------------------
/** Why a site call did nothing: `page` — this host shows the site in the page's frame, the page does it there; `not_available` — this host cannot (print, Listen in a frame); `no_site` — no site is open; `not_asked` — not the address the host asked about; `nothing_to_read`. */
export const SiteNotDone = z.enum(['page', 'not_available', 'no_site', 'not_asked', 'nothing_to_read']);
export type SiteNotDone = z.infer<typeof SiteNotDone>;
export const SiteDone = z.discriminatedUnion('done', [z.object({ done: z.literal(true) }), z.object({ done: z.literal(false), reason: SiteNotDone })]);
export type SiteDone = z.infer<typeof SiteDone>;
export const SiteWay = z.enum(['view', 'frame']);
export type SiteWay = z.infer<typeof SiteWay>;
export const SiteOpened = z.object({
  opened: z.boolean(),
  way: SiteWay,
  /** What this host can do for the bar: the page hides the others. */
  can: z.object({ print: z.boolean(), listen: z.boolean() }),
  zoom: z.number(),
});
export type SiteOpened = z.infer<typeof SiteOpened>;
/**
 * What became of a download a site view started: `saved` into "Mes documents" (the name it was saved
 * under), `refused` (a program: never saved), `failed` (interrupted, cancelled, or no folder to save in).
 */
export const SiteDownload = z.object({ outcome: z.enum(['saved', 'refused', 'failed']), fileName: z.string().max(200) });
export type SiteDownload = z.infer<typeof SiteDownload>;
const pixels = z.number().int().min(0).max(20_000);
export const SiteRectangle = z.object({ x: pixels, y: pixels, width: pixels, height: pixels }).strict();
export type SiteRectangle = z.infer<typeof SiteRectangle>;

export const bridgeCalls = {
  getShellInfo: { input: Empty, output: ShellInfo },
  requestHelp: { input: z.object({ context: HelpContext.omit({ appVersion: true }) }).strict(), output: LocalHelpRequest },
  cancelHelp: { input: z.object({ id: z.uuid() }).strict(), output: LocalHelpRequest },
  getOpenHelpRequests: { input: Empty, output: z.array(LocalHelpRequest) },
  /** Attach the optional voice message to a request: stored and queued for the hub like the request. */
  attachHelpVoice: { input: HelpVoiceInput, output: z.object({ queued: z.boolean() }) },
  /** The enrolment screen: a technician types the one-time code of a machine created in the console. */
  enrol: {
    input: z.object({ code: z.string().max(40) }).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), assetTag: z.string() }),
      z.object({ ok: z.literal(false), reason: EnrolFailure }),
    ]),
  },
  listLessons: { input: z.object({ language: Language }).strict(), output: z.array(LessonSummary) },
  getLesson: { input: z.object({ id: LessonId, language: Language }).strict(), output: LessonForDisplay },
  saveLessonProgress: {
    input: z
      .object({
        lessonId: LessonId,
        stepIndex: z.number().int().min(0).max(1000),
        finished: z.boolean(),
        /** What the step just left needed: counted for usage reports, never tied to a person. */
        completedStep: StepOutcomeInput.optional(),
      })
      .strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  getLessonProgress: {
    input: z.object({ lessonId: LessonId }).strict(),
    output: z.object({ stepIndex: z.number().int(), finished: z.boolean() }).nullable(),
  },
  /** The person's kind-adaptivity settings (target size, double-click gap, drag room). */
  getLessonAdaptivity: { input: Empty, output: LessonAdaptivity },
  saveLessonAdaptivity: { input: LessonAdaptivity.strict(), output: LessonAdaptivity },
  /** Returns a WAV as a data: URL, or null when no voice is available (the text stays on screen). */
  speak: { input: z.object({ text: z.string().min(1).max(500), language: Language }).strict(), output: z.object({ audio: z.string().nullable() }) },
  /** Anonymous usage: has the person been asked (first start), and did they agree. */
  getUsageConsent: { input: Empty, output: UsageConsent },
  /** The person's answer on the consent screen, or staff turning counting off later (pending counts are discarded). */
  setUsageConsent: { input: z.object({ granted: z.boolean() }).strict(), output: UsageConsent },
  getKioskState: { input: Empty, output: KioskState },
  /** "Commencer" on the kiosk's welcome screen: a fresh visit (the one in progress if any). */
  startVisit: { input: Empty, output: KioskState },
  /** "J'ai fini": the visit ends and everything of the visitor is wiped. */
  endVisit: { input: Empty, output: KioskState },
  /** The visitor touched the screen or a key (the renderer sends it at most every few seconds). */
  reportActivity: { input: Empty, output: z.object({ ok: z.literal(true) }) },
  checkStaffPin: { input: z.object({ pin: z.string().regex(/^[0-9]{4,8}$/, 'a PIN is 4 to 8 digits') }).strict(), output: StaffPinAnswer },
  staffAction: {
    input: z.object({ staffToken: z.string().min(16).max(100), action: StaffAction }).strict(),
    output: z.object({ done: z.boolean(), state: KioskState }),
  },
  /** Who the machine serves (a home loan's beneficiary, a kiosk visitor who resumed) and the progress question. */
  getPerson: { input: Empty, output: z.object({ person: ShellPerson.nullable(), consent: ProgressConsent }) },
  /** The home screen's one huge lesson. */
  getNextLesson: { input: Empty, output: NextLesson },
  /** The person's answer to the progress question, or withdrawing it later. */
  setProgressConsent: { input: z.object({ granted: z.boolean() }).strict(), output: ProgressConsent },
  /** A home machine's language, chosen on the shell (flags and spoken names). */
  setLanguage: { input: z.object({ language: Language }).strict(), output: z.object({ language: Language }) },
  /** "J'ai une carte": the 4 pictures a kiosk visitor touched. */
  resumeWithCard: { input: z.object({ code: CardCode }).strict(), output: CardAnswer },
  /** The lesson list's families (lessons/families.yaml), each with its picture and name. */
  listLessonFamilies: {
    input: z.object({ language: Language }).strict(),
    output: z.array(z.object({ id: z.string(), title: z.string(), picture: z.string() })),
  },
  /** Live help (issue 11): the page's side of a call, up the machine feed; `sent` is false when it cannot reach the hub. */
  sendCallMessage: { input: MachineCallMessage, output: z.object({ sent: z.boolean() }) },
  /** The small Help button of a home loan (Electron) was pressed from another program: the shell comes forward with its help flow. */
  raiseHelp: { input: Empty, output: z.object({ ok: z.literal(true) }) },
  /** The home screen's tiles (issue 13), as the hub last sent them (the built-in set before it has). */
  getTiles: { input: Empty, output: MachineTiles },
  /** A tile was pressed: counted anonymously by its category; `opened` is false when it is not one of this machine's tiles (nothing counted). */
  openTile: { input: z.object({ id: TileId }).strict(), output: z.object({ opened: z.boolean() }) },
  /** "Photos et documents": the person's pictures and PDFs (Pictures, Documents, an inserted USB key), newest first. */
  listMyFiles: { input: Empty, output: MyFileList },
  /** One of them as a data: URL (typed by its bytes), by the id the list gave. */
  readMyFile: { input: z.object({ id: MyFileId }).strict(), output: MyFileContent },
  /** Delete one, after the person confirmed: into the trash a helper can empty or bring back from. */
  deleteMyFile: { input: z.object({ id: MyFileId }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** "Envoyer à l'association": the file goes with the open help request (up to 3 files; `too_many` after), else a new request, through the outbox. */
  sendFileToHelp: {
    input: z.object({ id: MyFileId, language: Language }).strict(),
    output: z.discriminatedUnion('queued', [
      z.object({ queued: z.literal(true), request: LocalHelpRequest }),
      z.object({ queued: z.literal(false), reason: z.enum(['not_found', 'too_big', 'not_a_picture_or_pdf', 'no_room', 'too_many']) }),
    ]),
  },
  /** Issue 17: "Envoyer au journal": the story, the person's consent, into the outbox; `queued` false when there is no room. */
  sendStory: { input: StorySubmit.omit({ id: true, recordedAt: true }), output: z.object({ queued: z.boolean(), id: z.uuid() }) },
  getMyStories: { input: Empty, output: z.array(MyStory) },
  withdrawStory: { input: z.object({ id: z.uuid() }).strict(), output: z.object({ ok: z.boolean() }) },
  /** The association's published stories, for the "Journal" tile; `reachable` false when the hub cannot be reached. */
  getJournal: { input: Empty, output: z.object({ reachable: z.boolean(), stories: z.array(PublishedStory) }) },
  getJournalMedia: { input: z.object({ path: JournalMediaPath }).strict(), output: z.object({ dataUrl: z.string().nullable() }) },
  // ---- Issue 13: a website tile's guarded browser (main/services/site-host.ts) ----
  /** Open a website or call tile: `way` says how this host shows it (Electron's own view, or the page's frame) and what it can do. */
  siteOpen: { input: z.object({ tileId: TileId }).strict(), output: SiteOpened },
  /** Where the site goes: the rectangle under the site bar, in the page's pixels (all zero: hidden while a question covers it). */
  sitePlace: { input: SiteRectangle, output: z.object({ placed: z.boolean() }) },
  siteBack: { input: Empty, output: SiteDone },
  siteZoom: { input: z.object({ direction: z.enum(['bigger', 'smaller']) }).strict(), output: z.object({ zoom: z.number() }) },
  /** The system's print dialog. */
  sitePrint: { input: Empty, output: SiteDone },
  /** "Écouter": the selected text, or the page's main text, for the page to speak. */
  siteListen: { input: Empty, output: z.object({ text: z.string().max(500).nullable(), reason: SiteNotDone.nullable() }) },
  /** "Quitter le site": go to the address the host asked about (only that one). */
  siteLeave: { input: z.object({ url: z.string().min(1).max(2048) }).strict(), output: SiteDone },
  siteClose: { input: Empty, output: z.object({ closed: z.boolean() }) },
} as const satisfies Record<BridgeCallName, CallSchemas>;
export type BridgeInput<N extends BridgeCallName> = z.input<(typeof bridgeCalls)[N]['input']>;
export type BridgeOutput<N extends BridgeCallName> = z.infer<(typeof bridgeCalls)[N]['output']>;

/** Events main pushes to the renderer. */
export const bridgeEvents = {
  helpChanged: LocalHelpRequest,
  hubReachableChanged: z.object({ reachable: z.boolean() }),
  /** The association's phone number and how many helpers are on duty, as the hub pushes them. */
  helpAvailabilityChanged: HelpAvailability,
  kioskChanged: KioskState,
  /** A visit ended: the web host's page clears the browser's site data (Electron drops the partition). */
  visitEnded: z.object({ visitId: z.string() }),
  /** The person, their path, language or consent changed: the page re-reads them and may switch language. */
  personChanged: z.object({ language: Language }),
  /** Live help (issue 11): a helper rings, signals, asks for the screen, points, or the call ends. */
  callEvent: MachineCallEvent,
  /** Help was asked from the small Help button: the page opens its help flow. */
  helpRaised: z.object({}),
  /** The hub sent this machine new tiles: the home screen redraws. */
  tilesChanged: MachineTiles,
  /** The site view's guard met a link to another site: the page asks "Quitter le site … ?". */
  siteLeaveAsked: z.object({ url: z.string(), host: z.string() }),
  /** The site view moved to another address (the bar's real-site check follows it). */
  siteNavigated: z.object({ url: z.string() }),
  /** A site view's download was saved, refused (a program) or failed: the site screen tells the person. */
  siteDownload: SiteDownload,
} as const satisfies Record<BridgeEventName, z.ZodType>;
export type BridgeEventPayload<E extends BridgeEventName> = z.infer<(typeof bridgeEvents)[E]>;

/** What `window.passerelle` looks like to the renderer, whichever host serves it. */
export type PasserelleApi = {
  [N in BridgeCallName]: (payload: BridgeInput<N>) => Promise<BridgeOutput<N>>;
} & {
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void): () => void;
};

/** Handlers a host dispatches to, after validating the payload. */
export type BridgeHandlers = {
  [N in BridgeCallName]: (payload: z.infer<(typeof bridgeCalls)[N]['input']>) => Promise<BridgeOutput<N>> | BridgeOutput<N>;
};

export class BridgeInputError extends Error {
  constructor(readonly call: string, readonly issues: string) {
    super(`bad payload for ${call}: ${issues}`);
  }
}

/** Parse a payload for a call at the host's edge; throws BridgeInputError with readable issues. */
export function parseBridgeInput<N extends BridgeCallName>(name: N, payload: unknown): z.infer<(typeof bridgeCalls)[N]['input']> {
  const result = bridgeCalls[name].input.safeParse(payload ?? {});
  if (!result.success) throw new BridgeInputError(name, z.prettifyError(result.error));
  return result.data as z.infer<(typeof bridgeCalls)[N]['input']>;
}

/** Dispatch a raw call to handlers, validating the name and the payload. Shared by both hosts. */
export async function dispatchBridgeCall(handlers: BridgeHandlers, name: unknown, payload: unknown): Promise<unknown> {
  if (!isBridgeCallName(name)) throw new BridgeInputError(String(name), 'unknown call');
  const input = parseBridgeInput(name, payload);
  const handler = handlers[name] as (p: unknown) => unknown;
  return await handler(input);
}
