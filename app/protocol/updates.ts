/**
 * Wire schemas for updates: what a machine says about its versions and its last update attempts (an
 * outbox message), and the reason codes behind them. The console words each code in its language.
 */
import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

/**
 * The root updater's last result, as build/bin/passerelle-update writes it
 * (/var/lib/passerelle/update-result.json).
 */
export const UpdaterResultKind = z.enum(['installed', 'up-to-date', 'waiting', 'refused', 'failed']);
export type UpdaterResultKind = z.infer<typeof UpdaterResultKind>;

/** The updater's reason codes (see `finish`, `refused` and `failed` in build/bin/passerelle-update). */
export const UPDATER_REASONS = [
  'installed',
  'current',
  'staged',
  'paused',
  'unsigned',
  'signature',
  'replayed',
  'feed',
  'size',
  'sha512',
  'package',
  'version',
  'insecure-url',
  'no-feed',
  'no-key',
  'unreachable',
  'download',
  'install',
  'spool',
] as const;
export const UpdaterReason = z.enum(UPDATER_REASONS);
export type UpdaterReason = z.infer<typeof UpdaterReason>;

const ShortText = z.string().max(200);
const VersionText = z.string().max(40);

export const UpdaterResult = z
  .object({
    result: UpdaterResultKind,
    reason: UpdaterReason,
    /** The version the feed offered ('' when the feed could not be read). */
    version: VersionText,
    /** The installed version as dpkg reports it ('' when not installed). */
    installed: VersionText,
    at: IsoDateTime,
    message: ShortText,
  })
  .strict();
export type UpdaterResult = z.infer<typeof UpdaterResult>;

/** The lesson feed's last pass on the machine. */
export const LessonFeedResult = z
  .object({
    index: z.enum(['unchanged', 'accepted', 'refused', 'unreachable', 'no-key']),
    reason: ShortText.optional(),
    refused: z.array(z.object({ id: z.string().max(64), version: z.number().int().min(1), reason: ShortText }).strict()).max(100),
    at: IsoDateTime,
  })
  .strict();
export type LessonFeedResult = z.infer<typeof LessonFeedResult>;

export const MachineLessonVersion = z
  .object({
    id: z.string().max(64),
    version: z.number().int().min(1),
    /** 'shipped' with the app, or 'received' from the hub's lesson feed. */
    source: z.enum(['shipped', 'received']),
  })
  .strict();
export type MachineLessonVersion = z.infer<typeof MachineLessonVersion>;

/**
 * What a machine runs and how its last updates went. Sent through the outbox whenever it changes;
 * `id` is the outbox's idempotency key. The hub keeps the latest per machine.
 */
export const MachineUpdateStatus = z
  .object({
    id: Uuid,
    appVersion: VersionText,
    lessons: z.array(MachineLessonVersion).max(500),
    updater: UpdaterResult.nullable(),
    lessonFeed: LessonFeedResult.nullable(),
    at: IsoDateTime,
  })
  .strict();
export type MachineUpdateStatus = z.infer<typeof MachineUpdateStatus>;
