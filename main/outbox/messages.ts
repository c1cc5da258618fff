/**
 * What the outbox carries: one entry per kind of message, with its payload's type and its priority.
 * Adding a kind is one line here, one line in the delivery table (main/sync/delivery.ts) and,
 * when the hub's answer changes something on the machine, one line in the shell's reply handlers.
 */
import type { HelpFileMimeType, HelpRequestSubmit, VoiceMimeType } from '../../app/protocol/hub.ts';
import type { HealthSubmit, UsageBatch } from '../../app/protocol/reports.ts';
import type { MachineConsent, ProgressReport } from '../../app/protocol/accompaniment.ts';
import type { MachineUpdateStatus } from '../../app/protocol/updates.ts';
import type { StorySubmit } from '../../app/protocol/webzine.ts';

/** A voice message on its way to the hub (the audio as base64, as it crossed the bridge). */
export type HelpVoicePayload = { id: string; mimeType: VoiceMimeType; durationMs: number; audio: string };

/** A photo or document the person sends with a help request (issue 13): its name, type and bytes as base64. */
export type HelpFilePayload = { id: string; name: string; mimeType: HelpFileMimeType; data: string };

export type OutboxPayloads = {
  'help.request': HelpRequestSubmit;
  'help.cancel': { id: string };
  'help.voice': HelpVoicePayload;
  'help.file': HelpFilePayload;
  'health.report': HealthSubmit;
  'usage.batch': UsageBatch;
  /** A lesson attempt's state, only with the person's consent (issue 12). */
  'progress.report': ProgressReport;
  /** The person's answer to the progress question: a withdrawal deletes what the hub held. */
  'progress.consent': MachineConsent;
  'update.status': MachineUpdateStatus;
  /** A story for the neighbourhood webzine (issue 17): voice, title and photo, base64. */
  'webzine.story': StorySubmit;
  /** The person withdraws a story the hub already has. */
  'webzine.withdraw': { id: string };
};
export type OutboxKind = keyof OutboxPayloads;

/**
 * Lower is more important: it is sent first and dropped last. Priority 0 (help) is never dropped
 * by the size cap; usage goes first, then health (a newer health report supersedes an older one).
 */
export const OUTBOX_PRIORITY: Record<OutboxKind, number> = {
  'help.request': 0,
  'help.cancel': 0,
  'help.voice': 0,
  // Help is never dropped; a file is at most HELP_FILE_MAX_BYTES, one per request.
  'help.file': 0,
  'health.report': 1,
  'usage.batch': 2,
  // A consent answer is never dropped (a withdrawal must reach the hub); progress goes with health.
  'progress.consent': 0,
  'progress.report': 1,
  // Like a health report: the association's view of the fleet; a newer status supersedes an older one.
  'update.status': 1,
  // A story is the largest and least urgent message: it goes last, in a class of its own with its own
  // byte cap (STORY_CLASS_MAX_BYTES in outbox.ts). A withdrawal is never dropped, like a consent.
  'webzine.story': 3,
  'webzine.withdraw': 0,
};

type MessageOf<K extends OutboxKind> = { seq: number; key: string; kind: K; payload: OutboxPayloads[K]; attempts: number; createdAt: number };

/** A waiting message: a union keyed by `kind`, so `switch (message.kind)` narrows its payload. */
export type OutboxMessage = { [K in OutboxKind]: MessageOf<K> }[OutboxKind];
