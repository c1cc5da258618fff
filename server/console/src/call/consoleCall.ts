/**
 * The helper's side of a live call (issue 11): the helper's microphone, the connection to the
 * person's computer, their screen once they said yes, the pointer. Signalling goes over the console's
 * live feed; the hub checks that the helper holds the request. One call at a time per console.
 */
import type { CallEndReason } from '../../../../app/help/call.ts';
import type { CallRefusal, ConsoleCallEvent, ConsoleCallMessage, SharedSurface } from '../../../../app/protocol/call.ts';
import { CallPeer } from '../../../../lib/webrtc/peer.ts';

export type ScreenView = 'none' | 'asking' | 'shared' | 'refused' | 'failed';

export type ConsoleCallUi =
  | { phase: 'idle' }
  /** The helper's own microphone is opening, then the hub is asked. */
  | { phase: 'starting'; requestId: string }
  | { phase: 'ringing'; requestId: string; callId: string; rang: boolean }
  | { phase: 'live'; requestId: string; callId: string; since: number; connected: boolean; screen: ScreenView; surface: SharedSurface | null; picture: MediaStream | null }
  | { phase: 'ended'; requestId: string; reason: CallEndReason }
  | { phase: 'refused'; requestId: string; reason: CallRefusal; holder: string | null }
  /** This computer's microphone could not be opened: the helper's own problem, said plainly. */
  | { phase: 'microphone'; requestId: string; error: 'missing' | 'refused' | 'other' };

export class ConsoleCall {
  private ui: ConsoleCallUi = { phase: 'idle' };
  private readonly listeners = new Set<() => void>();
  private send: (message: ConsoleCallMessage) => boolean = () => false;
  private peer: CallPeer | null = null;
  private microphone: MediaStreamTrack | null = null;
  private screenTrack: MediaStreamTrack | null = null;
  /** What is shown of the person's screen: a copy of the received track, ended when the showing stops. */
  private shown: MediaStreamTrack | null = null;
  private readonly audio: HTMLAudioElement;

  constructor() {
    this.audio = new Audio();
    this.audio.autoplay = true;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ConsoleCallUi => this.ui;

  /** The feed's way up (set by the feed provider). */
  connect(send: (message: ConsoleCallMessage) => boolean): void {
    this.send = send;
  }

  /** Appeler: the helper's microphone first, then the hub rings the person's computer. */
  async start(requestId: string): Promise<void> {
    if (this.ui.phase === 'starting' || this.ui.phase === 'ringing' || this.ui.phase === 'live') return;
    this.set({ phase: 'starting', requestId });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
      this.microphone = stream.getAudioTracks()[0] ?? null;
    } catch (error) {
      const name = (error as { name?: string }).name;
      this.set({ phase: 'microphone', requestId, error: name === 'NotFoundError' ? 'missing' : name === 'NotAllowedError' ? 'refused' : 'other' });
      return;
    }
    if (!this.send({ type: 'call.start', requestId })) this.finish(requestId, 'helper_gone');
  }

  hangUp(): void {
    const ui = this.ui;
    if (ui.phase === 'starting') return this.finish(ui.requestId, 'hangup_helper');
    if (ui.phase !== 'ringing' && ui.phase !== 'live') return;
    this.send({ type: 'call.hangup', callId: ui.callId });
    this.finish(ui.requestId, 'hangup_helper');
  }

  askScreen(): void {
    const ui = this.ui;
    if (ui.phase !== 'live' || ui.screen === 'asking' || ui.screen === 'shared') return;
    if (this.send({ type: 'screen.ask', callId: ui.callId })) this.set({ ...ui, screen: 'asking' });
  }

  /** The helper stops looking (the person's capture stops too). */
  stopScreen(): void {
    const ui = this.ui;
    if (ui.phase !== 'live' || ui.screen !== 'shared') return;
    this.send({ type: 'screen.stop', callId: ui.callId });
    this.endShown();
    this.set({ ...ui, screen: 'none', surface: null, picture: null });
  }

  /** A click on the picture, normalised to it (app/help/pointer.ts). */
  point(x: number, y: number): void {
    const ui = this.ui;
    if (ui.phase === 'live' && ui.screen === 'shared') this.send({ type: 'pointer', callId: ui.callId, x, y });
  }

  /** Back to idle after an ended, refused or failed call has been read. */
  dismiss(): void {
    if (this.ui.phase === 'ended' || this.ui.phase === 'refused' || this.ui.phase === 'microphone') this.set({ phase: 'idle' });
  }

  /** The feed closed: the hub has ended the call on its side. */
  feedLost(): void {
    const ui = this.ui;
    if (ui.phase === 'starting' || ui.phase === 'ringing' || ui.phase === 'live') this.finish(ui.requestId, 'helper_gone');
  }

  handle(event: ConsoleCallEvent): void {
    const ui = this.ui;
    if (event.type === 'call.error') return;
    if (event.type === 'call.refused') {
      if (ui.phase === 'starting' && ui.requestId === event.requestId) {
        this.teardown();
        this.set({ phase: 'refused', requestId: event.requestId, reason: event.reason, holder: event.holder ?? null });
      }
      return;
    }
    if (event.type === 'call.ready') {
      if (ui.phase !== 'starting' || ui.requestId !== event.requestId || !this.microphone) {
        this.send({ type: 'call.hangup', callId: event.callId });
        return;
      }
      const callId = event.callId;
      this.set({ phase: 'ringing', requestId: ui.requestId, callId, rang: false });
      this.peer = new CallPeer(event.ice, (signal) => void this.send({ type: 'call.signal', callId, signal }), {
        onTrack: (track) => {
          if (track.kind === 'audio') {
            this.audio.srcObject = new MediaStream([track]);
            void this.audio.play().catch(() => undefined);
          } else this.screenTrack = track;
        },
        onConnectionState: (state) => {
          const now = this.ui;
          if (now.phase !== 'live' && now.phase !== 'ringing') return;
          if (state === 'connected' && now.phase === 'live') this.set({ ...now, connected: true });
          if (state === 'failed') this.hangUpAs('failed');
        },
      });
      void this.peer.offer(this.microphone);
      return;
    }
    if ((ui.phase !== 'ringing' && ui.phase !== 'live') || ui.callId !== event.callId) return;
    switch (event.type) {
      case 'call.ringing':
        if (ui.phase === 'ringing') this.set({ ...ui, rang: true });
        break;
      case 'call.answered':
        if (ui.phase === 'ringing') this.set({ phase: 'live', requestId: ui.requestId, callId: ui.callId, since: Date.now(), connected: this.peer?.pc.connectionState === 'connected', screen: 'none', surface: null, picture: null });
        break;
      case 'call.signal':
        void this.peer?.handle(event.signal);
        break;
      case 'call.ended':
        this.finish(ui.requestId, event.reason);
        break;
      case 'screen.answer':
        if (ui.phase !== 'live') break;
        if (event.consent && !event.failed && this.screenTrack) {
          this.endShown();
          this.shown = this.screenTrack.clone();
          this.set({ ...ui, screen: 'shared', surface: event.surface ?? null, picture: new MediaStream([this.shown]) });
        } else this.set({ ...ui, screen: event.failed ? 'failed' : 'refused', surface: null, picture: null });
        break;
      case 'screen.stopped':
        if (ui.phase !== 'live') break;
        this.endShown();
        this.set({ ...ui, screen: 'none', surface: null, picture: null });
        break;
    }
  }

  private hangUpAs(reason: CallEndReason): void {
    const ui = this.ui;
    if (ui.phase !== 'ringing' && ui.phase !== 'live') return;
    this.send({ type: 'call.hangup', callId: ui.callId });
    this.finish(ui.requestId, reason);
  }

  private finish(requestId: string, reason: CallEndReason): void {
    this.teardown();
    this.set({ phase: 'ended', requestId, reason });
  }

  private teardown(): void {
    this.endShown();
    this.microphone?.stop();
    this.microphone = null;
    this.peer?.close();
    this.peer = null;
    this.screenTrack = null;
    this.audio.srcObject = null;
  }

  private endShown(): void {
    this.shown?.stop();
    this.shown = null;
  }

  private set(ui: ConsoleCallUi): void {
    this.ui = ui;
    for (const listener of this.listeners) listener();
  }
}

/** The console's one call. */
export const consoleCall = new ConsoleCall();
