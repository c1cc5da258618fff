/**
 * Live help on the shell's side of main (issue 11): the call itself (microphone, screen, WebRTC)
 * lives in the page; main relays its signalling between the page and the machine feed, and keeps
 * just enough of the call's state to decide what only main can decide: whether the screen may be
 * captured now (a helper in an answered call asked for it), and where the pointer goes when the whole
 * desktop is shared (Electron's overlay window). A second call while one is going on is answered busy.
 */
import type { MachineCallEvent, MachineCallMessage, SharedSurface } from '../../app/protocol/call.ts';

export type CallView = {
  callId: string;
  requestId: string;
  answered: boolean;
  /** none → asked (the helper asked, the person is being asked) → shared (with what) */
  screen: 'none' | 'asked' | 'shared';
  surface: SharedSurface | null;
};

export type CallRelayOptions = {
  /** Up the machine feed; false when it is not open. */
  send(message: MachineCallMessage): boolean;
  /** Down to the page (the bridge's `callEvent`). */
  emit(event: MachineCallEvent): void;
};

export class CallRelay {
  private current: CallView | null = null;
  private readonly listeners = new Set<(event: MachineCallEvent, call: CallView | null) => void>();

  constructor(private readonly o: CallRelayOptions) {}

  /** What the hub sent for this machine. */
  fromHub(event: MachineCallEvent): void {
    if (event.type === 'call.ring') {
      if (this.current && this.current.callId !== event.callId) {
        this.o.send({ type: 'call.hangup', callId: event.callId, reason: 'busy' });
        return;
      }
      this.current = { callId: event.callId, requestId: event.requestId, answered: false, screen: 'none', surface: null };
    } else if (event.type !== 'call.error') {
      if (!this.current || this.current.callId !== event.callId) return;
      if (event.type === 'call.ended') this.current = null;
      else if (event.type === 'screen.ask') this.current = { ...this.current, screen: this.current.screen === 'shared' ? 'shared' : 'asked' };
      else if (event.type === 'screen.stop') this.current = { ...this.current, screen: 'none', surface: null };
    }
    for (const listener of this.listeners) listener(event, this.current);
    this.o.emit(event);
  }

  /** What the page sends about the call in progress; refused (false) for any other call. */
  fromPage(message: MachineCallMessage): { sent: boolean } {
    const call = this.current;
    if (!call || call.callId !== message.callId) return { sent: false };
    switch (message.type) {
      case 'call.answer':
        this.current = { ...call, answered: true };
        break;
      case 'call.hangup':
        this.current = null;
        break;
      case 'screen.answer':
        this.current = message.consent && !message.failed ? { ...call, screen: 'shared', surface: message.surface ?? null } : { ...call, screen: 'none', surface: null };
        break;
      case 'screen.stop':
        this.current = { ...call, screen: 'none', surface: null };
        break;
    }
    const sent = this.o.send(message);
    // The hub cannot be told: the call cannot go on, so it ends here too.
    if (!sent && this.current) {
      const ended: MachineCallEvent = { type: 'call.ended', callId: call.callId, reason: 'failed' };
      this.current = null;
      for (const listener of this.listeners) listener(ended, null);
      this.o.emit(ended);
    }
    return { sent };
  }

  /** The machine feed closed: whatever call was going on is over. */
  feedClosed(): void {
    if (this.current) this.fromHub({ type: 'call.ended', callId: this.current.callId, reason: 'failed' });
  }

  /** May the page capture the screen now? Only in an answered call whose helper asked for it. */
  mayCaptureScreen(): boolean {
    return this.current !== null && this.current.answered && this.current.screen !== 'none';
  }

  view(): CallView | null {
    return this.current;
  }

  /** Main-side listeners (Electron's pointer overlay): every event that reached the page. */
  onEvent(listener: (event: MachineCallEvent, call: CallView | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
