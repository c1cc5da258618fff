/**
 * What this machine tells the hub about its updates: the app version, the lesson versions it runs
 * (shipped or received), the root updater's last result (read from the file the updater writes; the
 * shell cannot run it, only read what it did) and the lesson feed's last pass. A status is sent
 * through the outbox only when something in it changed, so a machine that stays up to date costs
 * nothing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LessonFeedResult, MachineUpdateStatus, UpdaterResult, type MachineLessonVersion } from '../../app/protocol/updates.ts';
import type { FeedOutcome } from '../lesson-feed/lesson-feed.ts';

/** Where build/bin/passerelle-update writes its last result (world-readable, root-owned). */
export const UPDATER_RESULT_FILE = '/var/lib/passerelle/update-result.json';

/** The updater's last result, or null when it never ran here or wrote something unreadable. */
export function readUpdaterResult(file: string = UPDATER_RESULT_FILE): UpdaterResult | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = UpdaterResult.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The feed's outcome in the wire's words (only what the association needs: refusals and why). */
export function lessonFeedResult(outcome: FeedOutcome, at: Date): LessonFeedResult {
  return LessonFeedResult.parse({
    index: outcome.index,
    ...(outcome.reason ? { reason: outcome.reason.slice(0, 200) } : {}),
    refused: [...outcome.refused, ...outcome.failed.map((f) => ({ ...f, reason: `download: ${f.reason}` }))].slice(0, 100).map((r) => ({ ...r, reason: r.reason.slice(0, 200) })),
    at: at.toISOString(),
  });
}

export type StatusParts = Omit<MachineUpdateStatus, 'id' | 'at'>;

/**
 * Two statuses that say the same thing have the same fingerprint: the times of results aside, and a
 * 304 ("unchanged") being the same news as the index it confirms.
 */
export function statusFingerprint(parts: StatusParts): string {
  const lessons = [...parts.lessons].sort((a, b) => a.id.localeCompare(b.id));
  const updater = parts.updater && { result: parts.updater.result, reason: parts.updater.reason, version: parts.updater.version, installed: parts.updater.installed };
  const feed = parts.lessonFeed && { index: parts.lessonFeed.index === 'unchanged' ? 'accepted' : parts.lessonFeed.index, reason: parts.lessonFeed.reason ?? null, refused: parts.lessonFeed.refused };
  return JSON.stringify({ appVersion: parts.appVersion, lessons, updater, feed });
}

/** A pass that could not reach the hub, or had no key yet, is no news: the last real result stands. */
export function isNews(outcome: FeedOutcome): boolean {
  return outcome.index === 'accepted' || outcome.index === 'unchanged' || outcome.index === 'refused';
}

export function makeStatus(parts: StatusParts, now: Date): MachineUpdateStatus {
  return MachineUpdateStatus.parse({ id: randomUUID(), ...parts, lessons: [...parts.lessons].sort((a: MachineLessonVersion, b: MachineLessonVersion) => a.id.localeCompare(b.id)), at: now.toISOString() });
}
