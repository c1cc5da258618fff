/**
 * The shell's services, composed: local store, outbox, sync with the hub, help, lessons, speech.
 * Both hosts (Electron's IPC and the web host's WebSocket) serve the handlers built here.
 */
import path from 'node:path';
import type { BridgeEventName, BridgeEventPayload, BridgeHandlers, BridgeInput, BridgeOutput, EnrolFailure, KioskState } from '../app/bridge/contract.ts';
import { EnrolmentCode, MachineMode, type MachineKiosk } from '../app/protocol/hub.ts';
import type { Language } from '../app/protocol/common.ts';
import { Outbox } from './outbox/outbox.ts';
import { HelpService } from './services/help.ts';
import { HealthReportService } from './services/health-reports.ts';
import { UsageService } from './services/usage.ts';
import { DEFAULT_PERSON, LessonService } from './services/lessons.ts';
import { StaffAccess, effectiveMode, readBootId, runCommand, setSystemVolume, type RunCommand } from './services/kiosk.ts';
import { VisitorService, idlePolicyFor, type IdlePolicy, type Timers, type Visit, type VisitEndReason } from './services/visitor.ts';
import { shellLog } from './log.ts';
import { SpeechService } from './services/speech.ts';
import { getSetting, openShellDb, setSetting } from './store/db.ts';
import { hubDeliveries } from './sync/delivery.ts';
import { HubClient, HubError } from './sync/hub-client.ts';
import { MachineFeed } from './sync/machine-feed.ts';
import { SyncLoop } from './sync/sync-loop.ts';

export type ShellEventListener = (event: BridgeEventName, payload: BridgeEventPayload<BridgeEventName>) => void;

export type ShellServices = {
  handlers: BridgeHandlers;
  onEvent(listener: ShellEventListener): () => void;
  /** Exchange a one-time enrolment code for this machine's token. */
  enrol(code: string): Promise<{ assetTag: string }>;
  isEnrolled(): boolean;
  /** Resolves once nothing is due in the outbox (tests, shutdown). */
  syncIdle(): Promise<void>;
  close(): Promise<void>;
  /** Kiosk visits, for the hosts (main/services/visitor.ts). */
  kiosk: {
    mode(): MachineMode;
    /** The visit in progress: Electron saves downloads only into its folder. */
    currentVisit(): Visit | null;
    /** Run `hook` after a visit's rows and files are wiped: the hosts clear the browser's storage. */
    onVisitEnded(name: string, hook: (visit: Visit, reason: VisitEndReason) => void | Promise<void>): () => void;
    /** The staff menu asked the host to restart the shell, or to leave kiosk mode until next boot. */
    onHostAction(listener: (action: KioskHostAction) => void): () => void;
  };
};

/** What the host does for the kiosk: restart, leave kiosk mode until next boot, or show the
 *  window of a mode the hub just changed. */
export type KioskHostAction = 'restart' | 'leaveKiosk' | 'modeChanged';

/** The hub's refusal codes (server/routes/enrolment.ts) as the enrolment screen's reasons. */
export function enrolFailureOf(error: unknown): EnrolFailure {
  if (!(error instanceof HubError)) return 'unreachable';
  switch (error.code) {
    case 'enrolment_code_used':
      return 'used';
    case 'enrolment_code_expired':
      return 'expired';
    case 'enrolment_code_unknown':
      return 'unknown';
    case 'invalid_input':
      return 'bad_format';
    default:
      return error.status === 0 || error.status === 429 || error.status >= 500 ? 'unreachable' : 'refused';
  }
}

export type ShellOptions = {
  dataDir: string;
  hubUrl: string;
  lessonsDir: string;
  appVersion: string;
  language?: Language;
  /** Hardware probe: folder standing for / and the SMART spool folder (tests give fixture trees). */
  probeRoot?: string;
  smartDir?: string;
  /** Kiosk: a fixed idle policy (tests; otherwise the `kioskIdleSeconds` setting or 5 min), the
   *  boot id file, the command runner for the volume, the clock for idle timers. */
  kiosk?: { idlePolicy?: IdlePolicy; bootIdFile?: string; runCommand?: RunCommand; timers?: Timers };
};

/** How often the shell checks whether a health report is due and closed usage days are to be queued. */
const REPORTS_TICK_MS = 60 * 60_000;

export async function createShell(options: ShellOptions): Promise<ShellServices> {
  const db = openShellDb(path.join(options.dataDir, 'shell.sqlite'));
  const outbox = new Outbox(db);
  const listeners = new Set<ShellEventListener>();
  const emit = <E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>) => {
    for (const listener of listeners) listener(event, payload);
  };

  const help = new HelpService(
    db,
    outbox,
    (request) => emit('helpChanged', request),
    (availability) => emit('helpAvailabilityChanged', availability),
  );
  const lessons = new LessonService(options.lessonsDir, db);
  const usage = new UsageService(db, outbox, { cohort: () => getSetting(db, 'cohort') });
  const healthReports = new HealthReportService(db, outbox, {
    appVersion: options.appVersion,
    assetTag: () => getSetting(db, 'assetTag'),
    ...(options.probeRoot ? { root: options.probeRoot } : {}),
    ...(options.smartDir ? { smartDir: options.smartDir } : {}),
  });
  lessons.onActivity((activity) => {
    try {
      if (activity.type === 'lesson-started') usage.count('lesson.started', { lessonId: activity.lessonId }, activity.at);
      else if (activity.type === 'lesson-completed') usage.count('lesson.completed', { lessonId: activity.lessonId }, activity.at);
      else if (activity.outcome.hintLevel > 0) usage.count('lesson.step_hinted', { lessonId: activity.lessonId, step: activity.outcome.index }, activity.at);
    } catch {
      /* counting never gets in the way of a lesson */
    }
  });
  const speech = new SpeechService(path.join(options.dataDir, 'speech-cache'), 'espeak-ng', (text, language) => lessons.spokenForm(text, language));
  const client = new HubClient({ baseUrl: options.hubUrl, getToken: () => getSetting(db, 'machineToken') });

  let hubReachable = false;
  const setReachable = (reachable: boolean) => {
    if (reachable === hubReachable) return;
    hubReachable = reachable;
    emit('hubReachableChanged', { reachable });
  };

  const sync = new SyncLoop({
    outbox,
    deliveries: hubDeliveries(client),
    // Reports are only acknowledged: nothing to mirror on the machine.
    onReply: {
      'help.request': (status) => help.markDelivered(status),
      'help.cancel': (status) => help.applyStatus(status),
      'help.voice': (status) => help.applyStatus(status),
    },
    onReachable: (reachable) => {
      setReachable(reachable);
      if (!reachable) feed.reconnectNow();
    },
  });

  const feed = new MachineFeed(client, {
    onConnected: (connected) => {
      setReachable(connected);
      if (connected) {
        outbox.retryNow();
        sync.kick();
      }
    },
    onEvent: (event) => {
      if (event.type === 'hello') {
        event.open.forEach((status) => help.applyStatus(status));
        if (event.service) help.setAvailability(event.service);
        if (event.kiosk) applyKiosk(event.kiosk);
      } else if (event.type === 'service') help.setAvailability(event.service);
      else if (event.type === 'kiosk') applyKiosk(event.kiosk);
      else help.applyStatus(event.status);
    },
  });

  const isEnrolled = () => getSetting(db, 'machineToken') !== null;
  const language = (): Language => (getSetting(db, 'language') as Language | null) ?? options.language ?? 'fr';

  // ---- kiosk: mode, visits, staff menu (main/services/kiosk.ts, visitor.ts)
  const bootId = readBootId(options.kiosk?.bootIdFile);
  const mode = (): MachineMode =>
    effectiveMode(MachineMode.catch('home').parse(getSetting(db, 'mode')), getSetting(db, 'kioskSuspendedBootId'), bootId);
  const idlePolicy = (): IdlePolicy => options.kiosk?.idlePolicy ?? idlePolicyFor(getSetting(db, 'kioskIdleSeconds'));
  const staff = new StaffAccess(db);
  const hostListeners = new Set<(action: KioskHostAction) => void>();
  const storedVolume = (): number | null => {
    const value = Number(getSetting(db, 'kioskVolume') ?? NaN);
    return Number.isInteger(value) && value >= 0 && value <= 100 ? value : null;
  };
  const kioskState = (): KioskState => ({
    mode: mode(),
    visit: visitors.view(),
    idleTimeoutSeconds: Math.round(idlePolicy().timeoutMs / 1000),
    staffPinSet: staff.pinIsSet(),
    volume: storedVolume(),
  });
  const visitors = new VisitorService({
    db,
    visitorsDir: path.join(options.dataDir, 'visitors'),
    policy: idlePolicy,
    ...(options.kiosk?.timers ? { timers: options.kiosk.timers } : {}),
    onChange: () => emit('kioskChanged', kioskState()),
    log: shellLog,
  });
  // The lessons' own wipe (adaptivity row of this visitor, progress), then the page is told.
  visitors.onVisitEnded('lessons', (visit) => lessons.forgetPerson(visit.personId));
  visitors.onVisitEnded('bridge', (visit) => emit('visitEnded', { visitId: visit.id }));
  /** The loan register's word on kiosk mode and the animateur PIN, from the machine's feed. */
  function applyKiosk(kiosk: MachineKiosk): void {
    const before = mode();
    setSetting(db, 'mode', kiosk.mode);
    staff.setPinHash(kiosk.staffPinHash);
    const after = mode();
    if (before === 'kiosk' && after !== 'kiosk') void visitors.end('mode');
    if (after === 'kiosk' && before !== 'kiosk') visitors.sweepLeftovers();
    emit('kioskChanged', kioskState());
    if (after !== before) for (const listener of hostListeners) listener('modeChanged');
  }

  /** Whose lesson settings are read and written: the visitor during a kiosk visit. */
  const person = (): string => visitors.currentVisit()?.personId ?? DEFAULT_PERSON;
  const run = options.kiosk?.runCommand ?? runCommand;

  async function staffAction({ staffToken, action }: BridgeInput<'staffAction'>): Promise<BridgeOutput<'staffAction'>> {
    if (!staff.authorise(staffToken)) return { done: false, state: kioskState() };
    let done = true;
    switch (action.type) {
      case 'volume':
        setSetting(db, 'kioskVolume', String(action.level));
        done = await setSystemVolume(action.level, run);
        break;
      case 'language':
        setSetting(db, 'language', action.language);
        break;
      case 'endAllSessions':
        await visitors.end('staff');
        break;
      case 'restart':
        staff.revoke();
        await visitors.end('staff');
        for (const listener of hostListeners) listener('restart');
        break;
      case 'leaveKioskUntilReboot':
        // Without a boot id the suspension could never end by itself: refused.
        if (bootId === null) {
          done = false;
          break;
        }
        staff.revoke();
        setSetting(db, 'kioskSuspendedBootId', bootId);
        await visitors.end('mode');
        emit('kioskChanged', kioskState());
        for (const listener of hostListeners) listener('leaveKiosk');
        break;
      case 'close':
        staff.revoke();
        break;
    }
    return { done, state: kioskState() };
  }

  const handlers: BridgeHandlers = {
    getShellInfo: () => ({
      appVersion: options.appVersion,
      enrolled: isEnrolled(),
      assetTag: getSetting(db, 'assetTag'),
      mode: mode(),
      language: language(),
      hubReachable,
      ...help.availability(),
    }),
    requestHelp: ({ context }) => {
      const created = help.request({ ...context, appVersion: options.appVersion });
      sync.kick();
      return created;
    },
    cancelHelp: ({ id }) => {
      const cancelled = help.cancel(id);
      sync.kick();
      return cancelled;
    },
    getOpenHelpRequests: () => help.open(),
    attachHelpVoice: (voice) => {
      const queued = help.attachVoice(voice);
      if (queued) sync.kick();
      return { queued };
    },
    enrol: ({ code }) => enrolFromScreen(code),
    listLessons: ({ language }) => lessons.list(language),
    getLesson: ({ id, language }) => lessons.get(id, language),
    saveLessonProgress: ({ lessonId, stepIndex, finished, completedStep }) => {
      lessons.saveProgress(lessonId, stepIndex, finished, completedStep);
      return { ok: true as const };
    },
    getLessonProgress: ({ lessonId }) => lessons.progress(lessonId),
    getLessonAdaptivity: () => lessons.adaptivity(person()),
    saveLessonAdaptivity: (settings) => lessons.saveAdaptivity(settings, person()),
    speak: async ({ text, language }) => ({ audio: await speech.speak(text, language) }),
    getUsageConsent: () => usage.consent(),
    setUsageConsent: ({ granted }) => usage.setConsent(granted),
    getKioskState: () => kioskState(),
    startVisit: () => {
      if (mode() === 'kiosk') visitors.start();
      return kioskState();
    },
    endVisit: async () => {
      await visitors.end('finished');
      return kioskState();
    },
    reportActivity: () => {
      visitors.activity();
      return { ok: true as const };
    },
    checkStaffPin: ({ pin }) => staff.check(pin),
    staffAction,
  };
  countUsageOnCalls(handlers, usage);

  async function enrol(code: string): Promise<{ assetTag: string }> {
    const answer = await client.enrol(code, options.appVersion);
    db.transaction(() => {
      setSetting(db, 'machineToken', answer.token);
      setSetting(db, 'machineId', answer.machineId);
      setSetting(db, 'assetTag', answer.assetTag);
      setSetting(db, 'mode', answer.mode);
      setSetting(db, 'cohort', answer.cohort);
    })();
    if (answer.helpPhone !== undefined) help.setAvailability({ helpPhone: answer.helpPhone, helpersOnDuty: 0 });
    feed.stop();
    feed.start();
    sync.kick();
    void reportsTick(); // the first health report as soon as the machine has its asset tag
    return { assetTag: answer.assetTag };
  }

  /** The enrolment screen's call: never throws, says why in a word the screen turns into picture + voice. */
  async function enrolFromScreen(code: string): Promise<BridgeOutput<'enrol'>> {
    if (isEnrolled()) return { ok: false, reason: 'already_enrolled' };
    const parsed = EnrolmentCode.safeParse(code);
    if (!parsed.success) return { ok: false, reason: 'bad_format' };
    try {
      return { ok: true, assetTag: (await enrol(parsed.data)).assetTag };
    } catch (error) {
      return { ok: false, reason: enrolFailureOf(error) };
    }
  }

  /** Health report at start and then daily; closed usage days into the outbox. Never throws. */
  let reportsRunning: Promise<void> | null = null;
  async function reportsWork(): Promise<void> {
    try {
      if (usage.flush() > 0) sync.kick();
      if (isEnrolled() && healthReports.isDue() && (await healthReports.takeAndQueue())) sync.kick();
    } catch {
      /* a failed probe is retried at the next tick */
    }
  }
  function reportsTick(): Promise<void> {
    if (!reportsRunning) {
      const running = reportsWork().finally(() => {
        if (reportsRunning === running) reportsRunning = null;
      });
      reportsRunning = running;
    }
    return reportsRunning;
  }
  const reportsTimer = setInterval(() => void reportsTick(), REPORTS_TICK_MS);
  reportsTimer.unref();

  sync.start();
  if (isEnrolled()) feed.start();
  void reportsTick();
  if (mode() === 'kiosk') {
    // A visit cut short by a power failure or a crash leaves nothing for the next visitor.
    visitors.sweepLeftovers();
    const volume = storedVolume();
    if (volume !== null) void setSystemVolume(volume, run);
  }

  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    enrol,
    isEnrolled,
    syncIdle: () => sync.idle(),
    kiosk: {
      mode,
      currentVisit: () => visitors.currentVisit(),
      onVisitEnded: (name, hook) => visitors.onVisitEnded(name, hook),
      onHostAction(listener) {
        hostListeners.add(listener);
        return () => hostListeners.delete(listener);
      },
    },
    async close() {
      visitors.close();
      clearInterval(reportsTimer);
      await reportsRunning;
      feed.stop();
      await sync.stop();
      db.close();
    },
  };
}

/**
 * Usage counted at the bridge: any call from the screens makes this minute a minute of use, and a
 * confirmed help request counts (with its lesson step when it came from one).
 */
function countUsageOnCalls(handlers: BridgeHandlers, usage: UsageService): void {
  const table = handlers as unknown as Record<string, (input: unknown) => unknown>;
  for (const name of Object.keys(table)) {
    const inner = table[name]!;
    table[name] = (input) => {
      usage.touch();
      return inner(input);
    };
  }
  const requestHelp = table.requestHelp!;
  table.requestHelp = (input) => {
    const created = requestHelp(input);
    const { lessonId, stepIndex } = (input as BridgeInput<'requestHelp'>).context;
    try {
      usage.count('help.requested', {});
      if (lessonId !== undefined && stepIndex !== undefined) usage.count('lesson.step_help', { lessonId, step: stepIndex });
    } catch {
      /* counting never gets in the way of a help request */
    }
    return created;
  };
}
