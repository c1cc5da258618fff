/**
 * How each kind of outbox message reaches the hub, and what the hub answers: one table. The sync
 * loop sends through it, the property test of the outbox drives the same table against a real hub,
 * and the shell's reply handlers receive each answer already parsed (by the HubClient, once).
 */
import type { HelpStatus } from '../../app/protocol/hub.ts';
import type { IngestAck } from '../../app/protocol/reports.ts';
import type { ConsentView, ProgressAck } from '../../app/protocol/accompaniment.ts';
import type { UpdateStatusAck } from '../../app/protocol/updates.ts';
import type { MachineStoryStatus } from '../../app/protocol/webzine.ts';
import type { OutboxKind, OutboxMessage, OutboxPayloads } from '../outbox/messages.ts';
import type { HubClient } from './hub-client.ts';

/** The hub's answer to each kind, as the HubClient parsed it. */
export type OutboxReplies = {
  'help.request': HelpStatus;
  'help.cancel': HelpStatus;
  'help.voice': HelpStatus;
  'help.file': HelpStatus;
  'health.report': IngestAck;
  'usage.batch': IngestAck;
  'progress.report': ProgressAck;
  'progress.consent': ConsentView;
  'update.status': UpdateStatusAck;
  'webzine.story': MachineStoryStatus;
  'webzine.withdraw': MachineStoryStatus;
};

export type DeliveryTable = { [K in OutboxKind]: (payload: OutboxPayloads[K]) => Promise<OutboxReplies[K]> };

/** What the machine does with an answer (help mirrors the request's status; reports need nothing). */
export type ReplyHandlers = { [K in OutboxKind]?: (reply: OutboxReplies[K], payload: OutboxPayloads[K]) => void };

export function hubDeliveries(client: HubClient): DeliveryTable {
  return {
    'help.request': (submit) => client.submitHelpRequest(submit),
    'help.cancel': ({ id }) => client.cancelHelpRequest(id),
    'help.voice': (voice) => client.uploadHelpVoice(voice),
    'help.file': (file) => client.uploadHelpFile(file),
    'health.report': (submit) => client.submitHealthReport(submit),
    'usage.batch': (batch) => client.submitUsageBatch(batch),
    'progress.report': (report) => client.submitProgress(report),
    'progress.consent': (consent) => client.sendConsent(consent),
    'update.status': (status) => client.submitUpdateStatus(status),
    'webzine.story': (story) => client.submitStory(story),
    'webzine.withdraw': ({ id }) => client.withdrawStory(id),
  };
}

type Sender = (payload: unknown) => Promise<unknown>;
type Handler = (reply: unknown, payload: unknown) => void;

/**
 * Send one message through the table and hand the answer to its handler. TypeScript cannot relate
 * a union message to the table's entry for its kind, so this is the one place that widens them.
 */
export async function deliverMessage(table: DeliveryTable, message: OutboxMessage): Promise<{ reply: unknown; handle(handlers: ReplyHandlers): void }> {
  const reply = await (table[message.kind] as Sender)(message.payload);
  return { reply, handle: (handlers) => (handlers[message.kind] as Handler | undefined)?.(reply, message.payload) };
}
