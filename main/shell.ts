/**
 * The shell's services, composed: local store, outbox, sync with the hub, help, lessons, speech,
 * usage and health reports, kiosk control, enrolment. This file only wires them; each decision
 * lives in its own module. Both hosts (Electron's IPC and the web host's WebSocket) serve the
 * handlers built here.
 */
import path from 'node:path';
import type { BridgeEventName, BridgeEventPayload, BridgeHandlers } from '../app/bridge/contract.ts';
import type { MachineMode } from '../app/protocol/hub.ts';
import type { Language } from '../app/protocol/common.ts';
import type { FirstFrame } from '../app/bridge/first-frame.ts';
import { shellLog } from './log.ts';
import { Outbox } from './outbox/outbox.ts';
import { createEnrolment } from './services/enrolment.ts';
import { HealthReportService } from './services/health-reports.ts';
import { HelpService } from './services/help.ts';
import { SiteHost } from './services/site-host.ts';
import { createKioskControl, type KioskHostAction, type KioskOptions } from './services/kiosk-control.ts';
import { lessonPacksDir, PackStore } from './lesson-feed/pack-store.ts';
import { withReceived } from './lesson-feed/received-lessons.ts';
import { DEFAULT_PERSON, LessonService, loadLessonPacks } from './services/lessons.ts';
import { startReportsTimer } from './services/reports-timer.ts';
import { SpeechService } from './services/speech.ts';
import { countLessonActivity, countUsageOnCalls } from './services/usage-counting.ts';
import { startUpdates } from './services/updates.ts';
import { UsageService } from './services/usage.ts';
import type { Visit, VisitEndReason } from './services/visitor.ts';
import { getSetting, openShellDb, setSetting } from './store/db.ts';
import { hubDeliveries } from './sync/delivery.ts';
import { ProgressService } from './services/progress.ts';
import type { MachinePerson } from '../app/protocol/person.ts';
import { HubClient } from './sync/hub-client.ts';
import { MachineFeed } from './sync/machine-feed.ts';
import { CallRelay } from './services/call-relay.ts';
import { SyncLoop } from './sync/sync-loop.ts';
import { TileService } from './services/tiles.ts';
import { WebzineService } from './services/webzine.ts';
import { defaultMyFilesOptions, MyFilesService, type MyFilesOptions } from './services/my-files.ts';
import { sendFileToHelp } from './services/help-file.ts';

export { enrolFailureOf } from './services/enrolment.ts';
export type { KioskHostAction } from './services/kiosk-control.ts';

export type ShellEventListener = (event: BridgeEventName, payload: BridgeEventPayload<BridgeEventName>) => void;

export type ShellServices = {
  handlers: BridgeHandlers;
  onEvent(listener: ShellEventListener): () => void;
  /** Exchange a one-time enrolment code for this machine's token. */
  enrol(code: string): Promise<{ assetTag: string }>;
  isEnrolled(): boolean;
  /** Resolves once nothing is due in the outbox (tests, shutdown). */
  syncIdle(): Promise<void>;
  /** Lesson packs received from the hub: both hosts serve them at /packs/ (main/files/resolve.ts). */
  packsDir: string;
  /** One pass of the lesson feed now (tests; the shell runs it hourly and when the hub says so). */
  syncLessons(): Promise<unknown>;
  close(): Promise<void>;
  /** Kiosk visits, for the hosts (main/services/kiosk-control.ts, visitor.ts). */
  kiosk: {
    mode(): MachineMode;
    /** The visit in progress: Electron saves downloads only into its folder. */
    currentVisit(): Visit | null;
    /** Run `hook` after a visit's rows and files are wiped: the hosts clear the browser's storage. */
    onVisitEnded(name: string, hook: (visit: Visit, reason: VisitEndReason) => void | Promise<void>): () => void;
    /** The staff menu asked the host to restart the shell, or to leave kiosk mode until next boot. */
    onHostAction(listener: (action: KioskHostAction) => void): () => void;
  };
  /** Live help, for the hosts: Electron's screen-capture answer and pointer overlay (main/services/call-relay.ts). */
  calls: Pick<CallRelay, 'mayCaptureScreen' | 'view' | 'onEvent'>;
  /** The language the shell speaks now (Electron puts the Help button in the corner it reads towards). */
  language(): Language;
  /** What the first frame needs, written by both hosts into the page they serve (main/files/page.ts). */
  firstFrame(): FirstFrame;
  /** The machine's tiles, for the hosts' site views (issue 13). */
  tiles: Pick<TileService, 'find'>;
  /** Website tiles (issue 13): Electron opens them in its own views; at a visit's end, the tiles it opened (for the wipe). */
  sites: Pick<SiteHost, 'useViews' | 'endVisit' | 'downloaded'>;
};

export type ShellOptions = {
  dataDir: string;
  hubUrl: string;
  lessonsDir: string;
  appVersion: string;
  language?: Language;
  /** Hardware probe: folder standing for / and the SMART spool folder (tests give fixture trees). */
  probeRoot?: string;
  /** Where the root updater writes its last result (default /var/lib/passerelle/update-result.json). */
  updaterResultFile?: string;
  smartDir?: string;
  /** Kiosk: a fixed idle policy (tests; otherwise the `kioskIdleSeconds` setting or 5 min), the
   *  boot id file, the command runner for the volume, the clock for idle timers. */
  kiosk?: KioskOptions;
  /** "Photos et documents": the home, the USB mount folder and the mount table (tests give folders; default: this user's). */
  myFiles?: MyFilesOptions;
};

export async function createShell(options: ShellOptions): Promise<ShellServices> {
  const db = openShellDb(path.join(options.dataDir, 'shell.sqlite'));
  const outbox = new Outbox(db);
  const listeners = new Set<ShellEventListener>();
  const emit = <E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>) => {
    for (const listener of listeners) listener(event, payload);
  };

  // ---- local services
  const help = new HelpService(
    db,
    outbox,
    (request) => emit('helpChanged', request),
    (availability) => emit('helpAvailabilityChanged', availability),
  );
  // Lessons shipped with the app, each replaced by a higher version received from the hub.
  const packs = new PackStore(lessonPacksDir(options.dataDir));
  const lessons = new LessonService(options.lessonsDir, db, (shipped) => withReceived(shipped, packs.list(), shellLog));
  const usage = new UsageService(db, outbox, { cohort: () => getSetting(db, 'cohort') });
  countLessonActivity(lessons, usage);
  const healthReports = new HealthReportService(db, outbox, {
    appVersion: options.appVersion,
    assetTag: () => getSetting(db, 'assetTag'),
    ...(options.probeRoot ? { root: options.probeRoot } : {}),
    ...(options.smartDir ? { smartDir: options.smartDir } : {}),
  });
  const speech = new SpeechService(path.join(options.dataDir, 'speech-cache'));
  const kiosk = createKioskControl({ db, dataDir: options.dataDir, ...(options.kiosk ? { options: options.kiosk } : {}), onChange: (state) => emit('kioskChanged', state), log: shellLog });
  // The lessons' own wipe (adaptivity row of this visitor, progress), then the page is told.
  kiosk.visitors.onVisitEnded('lessons', (visit) => lessons.forgetPerson(visit.personId));
  kiosk.visitors.onVisitEnded('bridge', (visit) => emit('visitEnded', { visitId: visit.id }));
  // The person and their progress (issue 12): path, consent, language, a kiosk visitor's card.
  const progress = new ProgressService(db, outbox, {
    isKiosk: () => kiosk.mode() === 'kiosk',
    resumeCard: (code) => client.resumeCard(code),
    onQueued: () => sync.kick(),
  });
  progress.onChange(() => emit('personChanged', { language: language() }));
  kiosk.visitors.onVisitEnded('progress', () => progress.forgetVisitor());
  // Everyday tiles (issue 13): the hub's set for this machine, kept for offline use.
  const tiles = new TileService(db);
  tiles.onChange((next) => emit('tilesChanged', next));
  // A website tile's browser (issue 13): the page's frame, or Electron's own view once main.ts gives one.
  const sites = new SiteHost({ find: (id) => tiles.find(id), onAsk: (url, host) => emit('siteLeaveAsked', { url, host }), onNavigated: (url) => emit('siteNavigated', { url }), onDownload: (notice) => emit('siteDownload', notice) });
  kiosk.visitors.onVisitEnded('sites', () => void sites.close());
  const myFiles = new MyFilesService(options.myFiles ?? defaultMyFilesOptions(), () => (kiosk.mode() === 'kiosk' ? (kiosk.visitors.currentVisit()?.downloadsDir ?? null) : undefined));
  /** Whose lesson settings are read and written: the visitor during a kiosk visit. */
  const person = (): string => kiosk.visitors.currentVisit()?.personId ?? DEFAULT_PERSON;

  // ---- the hub: outbox delivery, live feed, reachability
  const client = new HubClient({ baseUrl: options.hubUrl, getToken: () => getSetting(db, 'machineToken'), outboxAgeMs: () => outbox.oldestAgeMs() });
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
      'help.file': (status) => help.applyStatus(status),
      'webzine.story': (status) => webzine.applyStatus(status),
      'webzine.withdraw': (status) => webzine.applyStatus(status),
    },
    onReachable: (reachable) => {
      setReachable(reachable);
      if (!reachable) feed.reconnectNow();
    },
  });
  const feed = new MachineFeed(client, {
    onConnected: (connected) => {
      setReachable(connected);
      if (!connected) calls.feedClosed();
      if (connected) {
        outbox.retryNow();
        sync.kick();
      }
    },
    onEvent: (event) => {
      if (event.type === 'hello') {
        event.open.forEach((status) => help.applyStatus(status));
        if (event.service) help.setAvailability(event.service);
        if (event.kiosk) kiosk.apply(event.kiosk);
        if (event.person !== undefined) applyPerson(event.person);
        if (event.tiles) tiles.apply(event.tiles);
      } else if (event.type === 'person') applyPerson(event.person);
      else if (event.type === 'tiles') tiles.apply(event.tiles);
      else if (event.type === 'service') help.setAvailability(event.service);
      else if (event.type === 'kiosk') kiosk.apply(event.kiosk);
      else if (event.type === 'help.status') help.applyStatus(event.status);
      else if (event.type === 'lessons') void updates.syncLessons();
    },
    onCall: (event) => calls.fromHub(event),
  });
  // Live help: the call runs in the page; main relays its signalling and keeps what only main decides.
  const webzine = new WebzineService(db, outbox, client, () => kiosk.mode() === 'kiosk');
  kiosk.visitors.onVisitEnded('webzine', () => webzine.endVisit());
  const calls = new CallRelay({ send: (message) => feed.send(message), emit: (event) => emit('callEvent', event) });
  const enrolment = createEnrolment({
    db,
    client,
    appVersion: options.appVersion,
    onEnrolled: (answer) => {
      if (answer.helpPhone !== undefined) help.setAvailability({ helpPhone: answer.helpPhone, helpersOnDuty: 0 });
      feed.stop();
      feed.start();
      sync.kick();
      void reports.tick(); // the first health report as soon as the machine has its asset tag
      updates.onEnrolled();
    },
  });
  const updates = startUpdates({
    db,
    outbox,
    client,
    lessons,
    store: packs,
    appVersion: options.appVersion,
    shipped: new Map(loadLessonPacks(options.lessonsDir).map((l) => [l.manifest.id, l.manifest.version])),
    isEnrolled: () => getSetting(db, 'machineToken') !== null,
    queued: () => sync.kick(),
    ...(options.updaterResultFile ? { updaterResultFile: options.updaterResultFile } : {}),
    log: shellLog,
  });
  const reports = startReportsTimer({ usage, healthReports, isEnrolled: enrolment.isEnrolled, queued: () => sync.kick() });
  /** The shell's language: a resumed visitor's for their visit, else the machine's (the person's, set in the console or on the shell). */
  const language = (): Language =>
    (kiosk.mode() === 'kiosk' ? progress.language() : null) ?? (getSetting(db, 'language') as Language | null) ?? options.language ?? 'fr';
  /** The hub's word on the home loan's beneficiary: a language set in the console becomes the machine's. */
  function applyPerson(next: MachinePerson | null): void {
    if (next && next.language !== progress.person()?.language && kiosk.mode() !== 'kiosk') setSetting(db, 'language', next.language);
    progress.applyFeedPerson(next);
  }

  // ---- the bridge's handlers: one line each, the work is in the services
  const handlers: BridgeHandlers = {
    getShellInfo: () => ({
      appVersion: options.appVersion,
      enrolled: enrolment.isEnrolled(),
      assetTag: getSetting(db, 'assetTag'),
      mode: kiosk.mode(),
      language: language(),
      hubReachable,
      ...help.availability(),
    }),
    requestHelp: ({ context }) => {
      const created = help.request({ ...context, appVersion: options.appVersion });
      if (context.lessonId) progress.recordHelp(context.lessonId, context.stepIndex);
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
    enrol: ({ code }) => enrolment.fromScreen(code),
    listLessons: ({ language }) => lessons.list(language),
    getLesson: ({ id, language }) => lessons.get(id, language),
    saveLessonProgress: ({ lessonId, stepIndex, finished, completedStep }) => {
      lessons.saveProgress(lessonId, stepIndex, finished, completedStep);
      progress.recordStep({ lessonId, stepIndex, finished, completedStep, stepCount: lessons.stepCount(lessonId) });
      return { ok: true as const };
    },
    getLessonProgress: ({ lessonId }) => lessons.progress(lessonId),
    getLessonAdaptivity: () => lessons.adaptivity(person()),
    saveLessonAdaptivity: (settings) => lessons.saveAdaptivity(settings, person()),
    speak: async ({ text, language }) => ({ audio: await speech.speak(text, language) }),
    getUsageConsent: () => usage.consent(),
    setUsageConsent: ({ granted }) => usage.setConsent(granted),
    getKioskState: () => kiosk.state(),
    startVisit: () => {
      if (kiosk.mode() === 'kiosk') kiosk.visitors.start();
      return kiosk.state();
    },
    endVisit: async () => {
      await kiosk.visitors.end('finished');
      return kiosk.state();
    },
    reportActivity: () => {
      kiosk.visitors.activity();
      return { ok: true as const };
    },
    checkStaffPin: ({ pin }) => kiosk.checkStaffPin(pin),
    staffAction: (input) => kiosk.staffAction(input),
    getPerson: () => {
      const who = progress.person();
      return { person: who ? { kind: who.kind, firstName: who.firstName, language: who.language } : null, consent: progress.consent() };
    },
    getNextLesson: () => {
      const next = progress.next(lessons.forSuggestions(), lessons.finishedIds());
      return { lessonId: next.lessonId, reason: next.reason, skipped: next.skipped ?? null, chosenBy: next.chosenBy };
    },
    setProgressConsent: ({ granted }) => progress.answerConsent(granted),
    setLanguage: ({ language: chosen }) => {
      setSetting(db, 'language', chosen);
      emit('personChanged', { language: language() });
      return { language: language() };
    },
    resumeWithCard: async ({ code }) => {
      const answer = await progress.resumeWithCard(code);
      return answer.ok ? { ok: true as const, firstName: answer.person.firstName, language: answer.person.language } : answer;
    },
    listLessonFamilies: ({ language: chosen }) => lessons.listFamilies(chosen),
    sendCallMessage: (message) => calls.fromPage(message),
    raiseHelp: () => {
      emit('helpRaised', {});
      return { ok: true as const };
    },
    getTiles: () => tiles.current(),
    openTile: ({ id }) => ({ opened: tiles.find(id) !== null }),
    listMyFiles: () => myFiles.list(),
    readMyFile: ({ id }) => myFiles.read(id),
    deleteMyFile: ({ id }) => myFiles.remove(id),
    sendFileToHelp: async ({ id, language: chosen }) => {
      const sent = await sendFileToHelp(help, myFiles, id, { screen: 'photos', language: chosen, appVersion: options.appVersion });
      if (sent.queued) sync.kick();
      return sent;
    },
    sendStory: (story) => {
      const sent = webzine.send(story);
      if (sent.queued) sync.kick();
      return sent;
    },
    getMyStories: () => webzine.mine(),
    withdrawStory: ({ id }) => {
      const done = webzine.withdraw(id);
      if (done.ok) sync.kick();
      return done;
    },
    getJournal: () => webzine.journal(),
    getJournalMedia: ({ path }) => webzine.media(path),
    siteOpen: ({ tileId }) => sites.open(tileId),
    sitePlace: (bounds) => sites.place(bounds),
    siteBack: () => sites.back(),
    siteZoom: ({ direction }) => sites.zoom(direction),
    sitePrint: () => sites.print(),
    siteListen: () => sites.listen(),
    siteLeave: ({ url }) => sites.leave(url),
    siteClose: () => sites.close(),
  };
  countUsageOnCalls(handlers, usage, tiles);

  sync.start();
  if (enrolment.isEnrolled()) feed.start();
  kiosk.startUp();

  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    enrol: enrolment.enrol,
    isEnrolled: enrolment.isEnrolled,
    syncIdle: () => sync.idle(),
    packsDir: packs.root,
    syncLessons: () => updates.syncLessons(),
    kiosk: {
      mode: kiosk.mode,
      currentVisit: () => kiosk.visitors.currentVisit(),
      onVisitEnded: (name, hook) => kiosk.visitors.onVisitEnded(name, hook),
      onHostAction: kiosk.onHostAction,
    },
    language: () => language(),
    firstFrame: () => ({
      mode: kiosk.mode(),
      language: language(),
      // A start question comes before the home screen (App.tsx): the renderer waits for the bridge then.
      asks: !enrolment.isEnrolled() || !usage.consent().asked || progress.consent().needsAsking,
    }),
    calls: {
      mayCaptureScreen: () => calls.mayCaptureScreen(),
      view: () => calls.view(),
      onEvent: (listener) => calls.onEvent(listener),
    },
    tiles: { find: (id) => tiles.find(id) },
    sites: { useViews: (opener) => sites.useViews(opener), endVisit: () => sites.endVisit(), downloaded: (notice) => sites.downloaded(notice) },
    async close() {
      sites.close();
      kiosk.visitors.close();
      await reports.stop();
      await updates.stop();
      feed.stop();
      await sync.stop();
      db.close();
    },
  };
}
