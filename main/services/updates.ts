/**
 * Updates on the shell's side: new lesson versions from the hub's lesson feed, and what this machine
 * tells the association about its versions and its last update attempts.
 *
 * - The hub's content key is pinned the first time it is fetched (with the machine token, over the
 *   hub's address); a new enrolment forgets it and the feed's state, since the hub may be another.
 * - The lesson feed runs at start, every hour, and when the hub says on the live feed that a pack
 *   changed. Installing is silent: the list of lessons is read again, a lesson already open goes on.
 * - The update status (app and lesson versions, the root updater's last result from its file, the
 *   feed's last real result) goes into the outbox whenever what it says has changed.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { LessonFeedResult } from '../../app/protocol/updates.ts';
import { LessonFeed, type FeedOutcome } from '../lesson-feed/lesson-feed.ts';
import { lessonVersions } from '../lesson-feed/received-lessons.ts';
import type { PackStore } from '../lesson-feed/pack-store.ts';
import type { Log } from '../log.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';
import { HubError, type HubClient } from '../sync/hub-client.ts';
import { isNews, lessonFeedResult, makeStatus, readUpdaterResult, statusFingerprint, UPDATER_RESULT_FILE, type StatusParts } from '../updates/update-status.ts';
import type { LessonService } from './lessons.ts';

/** How often the lesson feed is asked without a push (the hub also pushes 'lessons' on its live feed). */
export const LESSON_FEED_INTERVAL_MS = 60 * 60_000;

const CONTENT_KEY = 'hubContentKey';
const FEED_RESULT = 'lessonFeedResult';
const STATUS_SENT = 'updateStatusFingerprint';

export type UpdatesDeps = {
  db: ShellDb;
  outbox: Outbox;
  client: HubClient;
  lessons: LessonService;
  store: PackStore;
  appVersion: string;
  /** Shipped lessons by id → version: the feed never replaces them with an older or equal one. */
  shipped: ReadonlyMap<string, number>;
  isEnrolled: () => boolean;
  /** Something was queued for the hub. */
  queued: () => void;
  updaterResultFile?: string;
  log: Log;
};

export function startUpdates(deps: UpdatesDeps) {
  const { db, log } = deps;

  const contentKey = (): KeyObject | null => {
    const pem = getSetting(db, CONTENT_KEY);
    try {
      return pem ? createPublicKey(pem) : null;
    } catch {
      return null;
    }
  };

  const feed = new LessonFeed({
    store: deps.store,
    transport: { fetchIndex: (etag) => deps.client.getLessonIndex(etag), fetchPack: (entry) => deps.client.getLessonPack(entry) },
    contentKey,
    shipped: deps.shipped,
    log: (message) => log(message),
  });

  async function pinContentKey(): Promise<void> {
    if (contentKey() !== null || !deps.isEnrolled()) return;
    const view = await deps.client.getContentKey();
    createPublicKey(view.publicKey); // refuse anything that is not a key before pinning it
    setSetting(db, CONTENT_KEY, view.publicKey);
  }

  function lastFeedResult(): LessonFeedResult | null {
    const text = getSetting(db, FEED_RESULT);
    if (!text) return null;
    try {
      return LessonFeedResult.parse(JSON.parse(text));
    } catch {
      return null;
    }
  }

  /** Queues a status when it says something new; returns whether it did. */
  function reportStatus(now = new Date()): boolean {
    if (!deps.isEnrolled()) return false;
    const parts: StatusParts = {
      appVersion: deps.appVersion,
      lessons: lessonVersions(deps.lessons.loaded()),
      updater: readUpdaterResult(deps.updaterResultFile ?? UPDATER_RESULT_FILE),
      lessonFeed: lastFeedResult(),
    };
    const fingerprint = statusFingerprint(parts);
    if (getSetting(db, STATUS_SENT) === fingerprint) return false;
    const status = makeStatus(parts, now);
    db.transaction(() => {
      // Only the newest status is worth sending: one still waiting (hub unreachable) gives way.
      deps.outbox.discard('update.status');
      deps.outbox.enqueue('update.status', status.id, status);
      setSetting(db, STATUS_SENT, fingerprint);
    })();
    deps.queued();
    return true;
  }

  let running: Promise<FeedOutcome | null> | null = null;
  /** One pass of the lesson feed, then a status if anything changed. Never throws. */
  function syncLessons(): Promise<FeedOutcome | null> {
    running ??= (async () => {
      try {
        if (!deps.isEnrolled()) return null;
        await pinContentKey();
        const outcome = await feed.sync();
        if (outcome.installed.length > 0) deps.lessons.reload();
        if (isNews(outcome)) setSetting(db, FEED_RESULT, JSON.stringify(lessonFeedResult(outcome, new Date())));
        return outcome;
      } catch (error) {
        // An unreachable hub is ordinary (offline): one line, no stack.
        if (error instanceof HubError && error.status === 0) log(`lesson feed: ${error.message}; it runs again at the next tick`);
        else log('the lesson feed failed; it runs again at the next tick', error);
        return null;
      } finally {
        reportStatus();
      }
    })().finally(() => (running = null));
    return running;
  }

  // Unfinished unpacks and folders no longer current or previous, from before this start.
  deps.store.tidy();
  const timer = setInterval(() => void syncLessons(), LESSON_FEED_INTERVAL_MS);
  timer.unref();
  void syncLessons();

  return {
    syncLessons,
    reportStatus,
    /** A new enrolment: the hub may be another one, with another key and its own index. */
    onEnrolled(): void {
      db.transaction(() => {
        setSetting(db, CONTENT_KEY, '');
        setSetting(db, FEED_RESULT, '');
        setSetting(db, STATUS_SENT, '');
      })();
      feed.forgetIndex();
      void syncLessons();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
