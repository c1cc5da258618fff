/**
 * Live calls, the console's side of the hub: the messages a helper's console sends on its feed, and
 * the calls that console is in. Only the helper holding a request may call on it; the call belongs to
 * the console connection that started it (another tab, another helper or another association cannot
 * send a single message into it). This side journals the call and ends it when the request is
 * resolved, cancelled, handed over or released, or when the console goes away (the feed closes at
 * once on logout, disabling or expiry: feed-access.ts). Messages reach the machine through the bus,
 * so the console and the machine may be connected to different hub instances.
 */
import { randomUUID } from 'node:crypto';
import { formatCallEnd, type CallEndReason, type CallJournalAction } from '../../app/help/call.ts';
import { isHeldHelpState, isOpenHelpState } from '../../app/help/states.ts';
import { ConsoleCallMessage, type ConsoleCallEvent, type MachineCallEvent } from '../../app/protocol/call.ts';
import type { HelpRequestView } from '../../app/protocol/hub.ts';
import type { HubDeps } from '../routes/deps.ts';
import type { Account } from '../store/index.ts';
import { helpChange } from '../store/index.ts';
import { MessageBudget, admitCallMessage } from './budget.ts';
import { iceConfigFor } from './turn.ts';

/** The shell must say it rings within this delay, or the computer is taken as not connected. */
export const RING_ACK_MS = 10_000;
/** Backstop if the shell never says the ringing stopped (it gives up by itself after 45 s). */
export const RING_MAX_MS = 60_000;

interface LiveCall {
  callId: string;
  requestId: string;
  machineId: string;
  startedAt: number;
  answeredAt: number | null;
  timer: NodeJS.Timeout | null;
}

export interface ConsoleCallsOptions {
  account: Account;
  deps: HubDeps;
  send(event: ConsoleCallEvent): void;
}

/** Is this request held by this helper, so that they may call on it? */
function heldBy(view: HelpRequestView, accountId: string): boolean {
  return isHeldHelpState(view.state) && view.claimedBy?.id === accountId;
}

export class ConsoleCalls {
  /** This console connection's id on the bus. */
  readonly conn = randomUUID();
  private readonly calls = new Map<string, LiveCall>();
  private readonly budget = new MessageBudget();
  private readonly off: (() => void)[] = [];
  private closed = false;
  /** The journal lines of this console's calls, written one after another (see journal()). */
  private journaling: Promise<void> = Promise.resolve();

  constructor(private readonly o: ConsoleCallsOptions) {
    const { bus } = o.deps;
    this.off.push(
      bus.subscribe('call.toConsole', ({ consoleConn, event }) => {
        if (consoleConn === this.conn) void this.fromMachine(event);
      }),
      bus.subscribe('help.changed', ({ view }) => this.onHelpChanged(view)),
    );
  }

  /** A raw message from the console's socket (parsed JSON, or undefined when it was not JSON). */
  handle(raw: unknown): void {
    const message = admitCallMessage(this.budget, ConsoleCallMessage, raw, (code, message) => this.o.send({ type: 'call.error', code, message }));
    if (!message) return;
    void this.fromConsole(message).catch(() => this.o.send({ type: 'call.error', code: 'internal', message: 'The hub could not handle this call message; try again.' }));
  }

  /** The console's feed closed: every call it was in ends. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const call of [...this.calls.values()]) void this.end(call, 'helper_gone');
    for (const off of this.off) off();
  }

  private async fromConsole(message: ConsoleCallMessage): Promise<void> {
    if (message.type === 'call.start') return this.start(message.requestId);
    const call = this.calls.get(message.callId);
    if (!call) {
      this.o.send({ type: 'call.error', code: 'unknown_call', message: 'No call with this id on this console: start one with call.start.' });
      return;
    }
    switch (message.type) {
      case 'call.signal':
        return this.toMachine(call, { type: 'call.signal', callId: call.callId, signal: message.signal });
      case 'call.hangup':
        return this.end(call, 'hangup_helper');
      case 'screen.ask':
      case 'screen.stop':
      case 'pointer':
        if (call.answeredAt === null) {
          this.o.send({ type: 'call.error', code: 'not_answered', message: 'The person has not answered yet: the screen and the pointer come after.' });
          return;
        }
        return this.toMachine(call, message);
    }
  }

  private async start(requestId: string): Promise<void> {
    const { store, now } = this.o.deps;
    const { account } = this.o;
    const refuse = (reason: 'not_found' | 'not_holder' | 'closed' | 'in_call', holder?: string) =>
      this.o.send({ type: 'call.refused', requestId, reason, ...(holder ? { holder } : {}) });
    if (this.calls.size > 0) return refuse('in_call');
    const view = await store.help.get(account.associationId, requestId);
    if (!view) return refuse('not_found');
    if (!isOpenHelpState(view.state)) return refuse('closed');
    if (!heldBy(view, account.id)) return refuse('not_holder', view.claimedBy?.firstName);
    if (this.closed || this.calls.size > 0) return refuse('in_call');

    const call: LiveCall = { callId: randomUUID(), requestId, machineId: view.machineId, startedAt: now().getTime(), answeredAt: null, timer: null };
    this.calls.set(call.callId, call);
    this.rearm(call, this.o.deps.callTimings?.ringAckMs ?? RING_ACK_MS, 'offline');
    const photo = await store.accounts.getPhoto(account.id);
    this.o.send({ type: 'call.ready', requestId, callId: call.callId, ice: iceConfigFor(this.o.deps.turn, `account-${account.id}`, now()) });
    this.toMachine(call, {
      type: 'call.ring',
      callId: call.callId,
      requestId,
      helper: { firstName: account.firstName, photo },
      ice: iceConfigFor(this.o.deps.turn, `machine-${view.machineId}`, now()),
    });
    await this.journal(call, { account: account.id }, 'call_start');
  }

  /** What the machine's side sent for this console (through the bus). */
  private async fromMachine(event: ConsoleCallEvent): Promise<void> {
    if (!('callId' in event)) return;
    const call = this.calls.get(event.callId);
    if (!call) return;
    switch (event.type) {
      case 'call.ringing':
        this.rearm(call, this.o.deps.callTimings?.ringMaxMs ?? RING_MAX_MS, 'no_answer');
        break;
      case 'call.answered':
        if (call.answeredAt !== null) return;
        this.rearm(call, 0, 'failed');
        call.answeredAt = this.o.deps.now().getTime();
        await this.journal(call, { machine: call.machineId }, 'call_answer');
        break;
      case 'call.ended':
        return this.end(call, event.reason, 'machine');
      case 'screen.answer':
        await this.journal(call, { machine: call.machineId }, event.consent ? 'screen_consent' : 'screen_refuse', event.failed ? 'failed' : (event.surface ?? null));
        break;
      case 'screen.stopped':
        await this.journal(call, { machine: call.machineId }, 'screen_stop');
        break;
    }
    this.o.send(event);
  }

  private onHelpChanged(view: HelpRequestView): void {
    for (const call of this.calls.values()) {
      if (call.requestId !== view.id) continue;
      if (!isOpenHelpState(view.state)) void this.end(call, 'closed');
      else if (!heldBy(view, this.o.account.id)) void this.end(call, 'holder_changed');
    }
  }

  /** Ends a call once: both sides are told (the side that ended it already knows), then the journal. */
  private async end(call: LiveCall, reason: CallEndReason, by: 'helper' | 'machine' = 'helper'): Promise<void> {
    if (this.calls.get(call.callId) !== call) return;
    this.calls.delete(call.callId);
    if (call.timer) clearTimeout(call.timer);
    this.toMachine(call, { type: 'call.ended', callId: call.callId, reason });
    if (!this.closed) this.o.send({ type: 'call.ended', callId: call.callId, reason });
    const seconds = call.answeredAt === null ? 0 : (this.o.deps.now().getTime() - call.answeredAt) / 1000;
    await this.journal(call, by === 'helper' ? { account: this.o.account.id } : { machine: call.machineId }, 'call_end', formatCallEnd(seconds, reason));
  }

  private rearm(call: LiveCall, ms: number, reason: CallEndReason): void {
    if (call.timer) clearTimeout(call.timer);
    call.timer = null;
    if (ms <= 0) return;
    call.timer = setTimeout(() => void this.end(call, reason, 'machine'), ms);
    call.timer.unref();
  }

  private toMachine(call: LiveCall, event: MachineCallEvent): void {
    this.o.deps.bus.publish('call.toMachine', { machineId: call.machineId, consoleConn: this.conn, helperId: this.o.account.id, event });
  }

  /**
   * Writes one journal line, after the lines before it: the person may decline while "call_start" is
   * still being written, and the journal must read start, then end.
   */
  private journal(call: LiveCall, by: { account: string } | { machine: string }, action: CallJournalAction, detail: string | null = null): Promise<void> {
    const write = async () => {
      const result = await this.o.deps.store.help.recordCall(this.o.account.associationId, call.requestId, { by, action, detail }).catch(() => null);
      if (result?.ok) this.o.deps.bus.publish('help.changed', helpChange(result));
    };
    const written = this.journaling.then(write);
    this.journaling = written;
    return written;
  }
}
