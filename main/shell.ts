/**
 * The shell's services, composed: local store, outbox, sync with the hub, help, lessons, speech.
 * Both hosts (Electron's IPC and the web host's WebSocket) serve the handlers built here.
 */
import path from 'node:path';
import type { BridgeEventName, BridgeEventPayload, BridgeHandlers } from '../app/bridge/contract.ts';
import { HelpStatus, MachineMode } from '../app/protocol/hub.ts';
import type { Language } from '../app/protocol/common.ts';
import { Outbox, type OutboxMessage } from './outbox/outbox.ts';
import { HelpService } from './services/help.ts';
import { LessonService } from './services/lessons.ts';
import { SpeechService } from './services/speech.ts';
import { getSetting, openShellDb, setSetting } from './store/db.ts';
import { HubClient } from './sync/hub-client.ts';
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
};

export type ShellOptions = { dataDir: string; hubUrl: string; lessonsDir: string; appVersion: string; language?: Language };

export async function createShell(options: ShellOptions): Promise<ShellServices> {
  const db = openShellDb(path.join(options.dataDir, 'shell.sqlite'));
  const outbox = new Outbox(db);
  const listeners = new Set<ShellEventListener>();
  const emit = <E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>) => {
    for (const listener of listeners) listener(event, payload);
  };

  const help = new HelpService(db, outbox, (request) => emit('helpChanged', request));
  const lessons = new LessonService(options.lessonsDir, db);
  const speech = new SpeechService(path.join(options.dataDir, 'speech-cache'));
  const client = new HubClient({ baseUrl: options.hubUrl, getToken: () => getSetting(db, 'machineToken') });

  let hubReachable = false;
  const setReachable = (reachable: boolean) => {
    if (reachable === hubReachable) return;
    hubReachable = reachable;
    emit('hubReachableChanged', { reachable });
  };

  const sync = new SyncLoop({
    outbox,
    deliver: (message: OutboxMessage) => {
      switch (message.kind) {
        case 'help.request':
          return client.submitHelpRequest(message.payload as Parameters<HubClient['submitHelpRequest']>[0]);
        case 'help.cancel':
          return client.cancelHelpRequest((message.payload as { id: string }).id);
      }
    },
    onDelivered: (message, response) => {
      if (message.kind === 'help.request') help.markDelivered(HelpStatus.parse(response));
      else help.applyStatus(HelpStatus.parse(response));
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
      if (event.type === 'hello') event.open.forEach((status) => help.applyStatus(status));
      else help.applyStatus(event.status);
    },
  });

  const isEnrolled = () => getSetting(db, 'machineToken') !== null;
  const language = (): Language => (getSetting(db, 'language') as Language | null) ?? options.language ?? 'fr';

  const handlers: BridgeHandlers = {
    getShellInfo: () => ({
      appVersion: options.appVersion,
      enrolled: isEnrolled(),
      assetTag: getSetting(db, 'assetTag'),
      mode: MachineMode.catch('home').parse(getSetting(db, 'mode')),
      language: language(),
      hubReachable,
      helpPhone: getSetting(db, 'helpPhone'),
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
    listLessons: ({ language }) => lessons.list(language),
    getLesson: ({ id, language }) => lessons.get(id, language),
    saveLessonProgress: ({ lessonId, stepIndex, finished, completedStep }) => {
      lessons.saveProgress(lessonId, stepIndex, finished, completedStep);
      return { ok: true as const };
    },
    getLessonProgress: ({ lessonId }) => lessons.progress(lessonId),
    getLessonAdaptivity: () => lessons.adaptivity(),
    saveLessonAdaptivity: (settings) => lessons.saveAdaptivity(settings),
    speak: async ({ text, language }) => ({ audio: await speech.speak(text, language) }),
  };

  sync.start();
  if (isEnrolled()) feed.start();

  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async enrol(code) {
      const answer = await client.enrol(code, options.appVersion);
      db.transaction(() => {
        setSetting(db, 'machineToken', answer.token);
        setSetting(db, 'machineId', answer.machineId);
        setSetting(db, 'assetTag', answer.assetTag);
        setSetting(db, 'mode', answer.mode);
        setSetting(db, 'cohort', answer.cohort);
      })();
      feed.stop();
      feed.start();
      sync.kick();
      return { assetTag: answer.assetTag };
    },
    isEnrolled,
    syncIdle: () => sync.idle(),
    async close() {
      feed.stop();
      await sync.stop();
      db.close();
    },
  };
}
