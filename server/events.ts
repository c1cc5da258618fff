/**
 * The hub's in-process event bus. Routes publish what changed; the live feeds subscribe.
 * With several hub instances on PostgreSQL, an implementation of the same interface will publish
 * through NOTIFY and deliver what LISTEN receives; nothing else needs to change.
 */
import { EventEmitter } from 'node:events';
import type { AssociationSettings, FeedRevocation, PresenceEntry } from '../app/protocol/hub.ts';
import type { ConsoleCallEvent, MachineCallEvent } from '../app/protocol/call.ts';
import type { HelpChange } from './store/help.ts';

/** Whose live feeds must close at once, and why: one session, every session of an account, or a machine's token. */
export type Revocation =
  | { kind: 'session'; sessionHash: string; reason: FeedRevocation }
  | { kind: 'account'; accountId: string; reason: FeedRevocation }
  | { kind: 'machine'; machineId: string; reason: FeedRevocation };

export interface HubEvents {
  /**
   * A help request was created or changed (state, holder, escalation, note, voice): the view for the
   * consoles of its association, and the status for its machine.
   */
  'help.changed': HelpChange;
  /** The helpers on duty for an association changed. */
  'presence.changed': { associationId: string; onDuty: PresenceEntry[] };
  /** Staff changed the association's settings (phone number, delays). */
  'settings.changed': { associationId: string; settings: AssociationSettings };
  /** Staff changed a machine's mode or animateur PIN (issue 6): its feed tells the machine. */
  'machine.kiosk.changed': { machineId: string };
  /**
   * A person's path, language, consent, progress or follow-up changed (issue 12): their open console
   * pages reload, and the machine lent to them (`machineId`) is told their new path or language.
   */
  'person.changed': { associationId: string; personId: string; machineId: string | null };
  /** A set of home-screen tiles of the association changed (issue 13): each of its machines' feeds re-resolves its own. */
  'tiles.changed': { associationId: string };
  /** A session ended, an account was disabled or its password changed, a machine token was replaced or retired. */
  'access.revoked': Revocation;
  /** A lesson pack version was published for an association (null: bundled, for all): machines fetch the index. */
  'lessons.changed': { associationId: string | null };
  /** Live-call signalling for a machine (server/live/): delivered by whichever instance holds its feed. */
  'call.toMachine': { machineId: string; consoleConn: string; helperId: string; event: MachineCallEvent };
  /** Live-call signalling for one console connection (its feed's random id). */
  'call.toConsole': { consoleConn: string; event: ConsoleCallEvent };
}

export interface EventBus {
  publish<K extends keyof HubEvents>(type: K, payload: HubEvents[K]): void;
  /** Returns the unsubscribe function. */
  subscribe<K extends keyof HubEvents>(type: K, listener: (payload: HubEvents[K]) => void): () => void;
}

export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open WebSocket: lift the default warning threshold.
    this.emitter.setMaxListeners(0);
  }

  publish<K extends keyof HubEvents>(type: K, payload: HubEvents[K]): void {
    this.emitter.emit(type, payload);
  }

  subscribe<K extends keyof HubEvents>(type: K, listener: (payload: HubEvents[K]) => void): () => void {
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }
}
