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

/** The hub's answer to a status: kept, already had (same id), or older than the one it has. */
export const UpdateStatusAck = z.object({ id: Uuid, status: z.enum(['stored', 'duplicate', 'older']) });
export type UpdateStatusAck = z.infer<typeof UpdateStatusAck>;

/** The hub's content public key (PEM), which a shell pins to check the lesson index's signature. */
export const ContentKeyView = z.object({ algorithm: z.literal('ed25519'), publicKey: z.string().max(200) });
export type ContentKeyView = z.infer<typeof ContentKeyView>;

// ---- Console: "Leçons" -------------------------------------------------------------------
export const PackSource = z.enum(['bundled', 'upload', 'recordings']);

export const PackVersionView = z.object({
  version: z.number().int(),
  source: PackSource,
  publishedAt: IsoDateTime,
  publishedBy: z.string().nullable(),
  size: z.number().int(),
  sha256: z.string(),
  /** Machines of the association that run this version (from their update statuses). */
  machines: z.number().int(),
  /** Their asset tags, in order (which machines run which version). */
  machineTags: z.array(z.string()),
});
export type PackVersionView = z.infer<typeof PackVersionView>;

export const PackView = z.object({
  id: z.string(),
  /** The French title of the version offered. */
  title: z.string(),
  offered: z.number().int(),
  versions: z.array(PackVersionView),
  /** Machines that run an older version than the one offered. */
  behind: z.number().int(),
});
export type PackView = z.infer<typeof PackView>;

export const LessonsView = z.object({
  packs: z.array(PackView),
  /** Machines that sent an update status (the others' lessons are not known yet). */
  reporting: z.number().int(),
  machines: z.number().int(),
});
export type LessonsView = z.infer<typeof LessonsView>;

// ---- Console: "Mises à jour" ---------------------------------------------------------------
export const ReleaseView = z.object({
  version: z.string(),
  releaseDate: z.string().nullable(),
  signedAt: z.string().nullable(),
  /** Whether the signature file is published beside the feed (the machines check it). */
  signed: z.boolean(),
  stagingPercentage: z.number().int().nullable(),
});
export type ReleaseView = z.infer<typeof ReleaseView>;

export const RolloutView = z.object({
  paused: z.boolean(),
  changedAt: IsoDateTime.nullable(),
  changedBy: z.string().nullable(),
  /** Whether the viewer may pause or resume (the hub's operating association's admins). */
  canChange: z.boolean(),
});
export type RolloutView = z.infer<typeof RolloutView>;

export const MachineUpdatesView = z.object({
  machineId: Uuid,
  assetTag: z.string(),
  lastSeen: IsoDateTime.nullable(),
  appVersion: z.string().nullable(),
  /** Lessons behind the version offered (received or shipped). */
  lessonsBehind: z.number().int(),
  lessonCount: z.number().int(),
  updater: UpdaterResult.nullable(),
  lessonFeed: LessonFeedResult.nullable(),
  statusAt: IsoDateTime.nullable(),
});
export type MachineUpdatesView = z.infer<typeof MachineUpdatesView>;

export const UpdatesView = z.object({
  /** null: the hub serves no update folder (no --updates). */
  release: ReleaseView.nullable(),
  rollout: RolloutView,
  machines: z.array(MachineUpdatesView),
});
export type UpdatesView = z.infer<typeof UpdatesView>;

export const RolloutUpdate = z.object({ paused: z.boolean() }).strict();
export type RolloutUpdate = z.infer<typeof RolloutUpdate>;
