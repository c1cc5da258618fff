/**
 * Live calls, the machine's side of the hub: call messages for this machine come from the bus (from
 * whichever instance holds the helper's console) and go down its feed; what the shell answers goes
 * back to that one console connection. A machine can only speak into a call it was rung for, and only
 * the machine the request came from is rung. When the feed closes, the helper is told the computer
 * went away; when the request closes or changes hands, the shell is told the call is over even if the
 * console's side is gone.
 */
import { isHeldHelpState, isOpenHelpState } from '../../app/help/states.ts';
import { MachineCallMessage, type ConsoleCallEvent, type MachineCallEvent } from '../../app/protocol/call.ts';
import type { EventBus } from '../events.ts';
import { MessageBudget, admitCallMessage } from './budget.ts';

interface Rung {
  consoleConn: string;
  requestId: string;
  /** Who held the request when the call started: a new holder ends the call. */
  helperId: string;
}

export interface MachineCallsOptions {
  machineId: string;
  bus: EventBus;
  send(event: MachineCallEvent): void;
}

export class MachineCalls {
  private readonly calls = new Map<string, Rung>();
  private readonly budget = new MessageBudget();
  private readonly off: (() => void)[] = [];

  constructor(private readonly o: MachineCallsOptions) {
    this.off.push(
      o.bus.subscribe('call.toMachine', ({ machineId, consoleConn, helperId, event }) => {
        if (machineId === o.machineId) this.fromConsole(consoleConn, helperId, event);
      }),
      o.bus.subscribe('help.changed', ({ view }) => {
        for (const [callId, rung] of this.calls) {
          if (rung.requestId !== view.id) continue;
          const held = isHeldHelpState(view.state) && view.claimedBy?.id === rung.helperId;
          if (!isOpenHelpState(view.state) || !held) this.drop(callId, isOpenHelpState(view.state) ? 'holder_changed' : 'closed');
        }
      }),
    );
  }

  /** A raw message from the machine's socket (parsed JSON, or undefined when it was not JSON). */
  handle(raw: unknown): void {
    const message = admitCallMessage(this.budget, MachineCallMessage, raw, (code, message) => this.o.send({ type: 'call.error', code, message }));
    if (!message) return;
    const rung = this.calls.get(message.callId);
    if (!rung) {
      this.o.send({ type: 'call.error', code: 'unknown_call', message: 'No call with this id is ringing or open on this computer.' });
      return;
    }
    const toConsole = (event: ConsoleCallEvent) => this.o.bus.publish('call.toConsole', { consoleConn: rung.consoleConn, event });
    switch (message.type) {
      case 'call.ringing':
        toConsole({ type: 'call.ringing', callId: message.callId });
        break;
      case 'call.answer':
        toConsole({ type: 'call.answered', callId: message.callId });
        break;
      case 'call.signal':
        toConsole({ type: 'call.signal', callId: message.callId, signal: message.signal });
        break;
      case 'call.hangup':
        this.calls.delete(message.callId);
        toConsole({ type: 'call.ended', callId: message.callId, reason: message.reason });
        break;
      case 'screen.answer':
        toConsole({
          type: 'screen.answer',
          callId: message.callId,
          consent: message.consent,
          ...(message.surface ? { surface: message.surface } : {}),
          ...(message.failed ? { failed: true } : {}),
        });
        break;
      case 'screen.stop':
        toConsole({ type: 'screen.stopped', callId: message.callId });
        break;
    }
  }

  /** The machine's feed closed: the helper learns the computer went away. */
  close(): void {
    for (const off of this.off) off();
    for (const [callId, rung] of this.calls) {
      this.o.bus.publish('call.toConsole', { consoleConn: rung.consoleConn, event: { type: 'call.ended', callId, reason: 'offline' } });
    }
    this.calls.clear();
  }

  private fromConsole(consoleConn: string, helperId: string, event: MachineCallEvent): void {
    if (event.type === 'call.error') return;
    if (event.type === 'call.ring') {
      this.calls.set(event.callId, { consoleConn, requestId: event.requestId, helperId });
    } else {
      const rung = this.calls.get(event.callId);
      // Only the console that rang may speak into a call.
      if (!rung || rung.consoleConn !== consoleConn) return;
      if (event.type === 'call.ended') this.calls.delete(event.callId);
    }
    this.o.send(event);
  }

  private drop(callId: string, reason: 'closed' | 'holder_changed'): void {
    this.calls.delete(callId);
    this.o.send({ type: 'call.ended', callId, reason });
  }
}
