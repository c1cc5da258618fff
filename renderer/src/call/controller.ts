/**
 * The person's side of a live call (issue 11), in the page: it rings, answers with the microphone,
 * plays the helper's voice, shows the screen only after a yes, puts the helper's pointer on it, and
 * hangs up. The screens read its state (useCall); main only relays the signalling (call-relay.ts).
 */
import type { CallEndReason } from '../../../app/help/call.ts';
import type { CallSignal, IceConfig, MachineCallEvent, MachineCallMessage, PersonEndReason, SharedSurface } from '../../../app/protocol/call.ts';
import { CallPeer, sendScreen } from '../../../lib/webrtc/peer.ts';
import { pointerDrawnBy } from '../../../app/help/pointer.ts';

export type CallHelper = { firstName: string; photo: string | null };
export type ScreenState = 'none' | 'asking' | 'starting' | 'sharing' | 'failed';

export type CallUi =
  | { phase: 'idle' }
  | { phase: 'ringing'; callId: string; helper: CallHelper }
  | { phase: 'live'; callId: string; helper: CallHelper; connected: boolean; screen: ScreenState; volume: number }
  | { phase: 'ended'; helper: CallHelper; reason: CallEndReason };

/** Where the helper last pointed, normalised to the shared picture; `seq` changes with every point. */
export type PointerMark = { x: number; y: number; seq: number };

export type CallSnapshot = { ui: CallUi; pointer: PointerMark | null };

export type CallMedia = {
  microphone(): Promise<MediaStreamTrack>;
  /** The screen the person agreed to show (the current tab in the web host; Electron picks the source). */
  screen(): Promise<MediaStreamTrack>;
};

export type CallControllerOptions = {
  send(message: MachineCallMessage): Promise<{ sent: boolean }>;
  media?: CallMedia;
  /** How long it rings before "no answer" (the hub gives up at 60 s). */
  ringMs?: number;
  /** How long "the call is over" stays on screen. */
  endedMs?: number;
};

/** Volume steps of the helper's voice: the person presses + or −, five steps. */
export const VOLUME_STEPS = [0.2, 0.4, 0.6, 0.8, 1] as const;

export const browserMedia: CallMedia = {
  async microphone() {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
    return stream.getAudioTracks()[0]!;
  },
  async screen() {
    // Web host: this very tab, without a chooser (Chromium asks "share this tab?" unless started with
    // --auto-accept-this-tab-capture, which `npm start` passes: the consent is the shell's own question).
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 5, max: 5 } },
      audio: false,
      preferCurrentTab: true,
      selfBrowserSurface: 'include',
      surfaceSwitching: 'exclude',
    } as DisplayMediaStreamOptions);
    return stream.getVideoTracks()[0]!;
  },
};

/** What a failed getUserMedia means for the helper. */
export function microphoneFailure(error: unknown): PersonEndReason {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no_microphone';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'microphone_refused';
  return 'failed';
}

export class CallController {
  private snapshot: CallSnapshot = { ui: { phase: 'idle' }, pointer: null };
  private readonly listeners = new Set<() => void>();
  private ice: IceConfig | null = null;
  private peer: CallPeer | null = null;
  private microphone: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private buffered: CallSignal[] = [];
  private readonly audio: HTMLAudioElement;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pointerSeq = 0;
  /** What is shared now (the whole screen: the pointer overlay window draws the ring, not the page). */
  private surface: SharedSurface | null = null;
  private readonly media: CallMedia;

  constructor(private readonly o: CallControllerOptions) {
    this.media = o.media ?? browserMedia;
    this.audio = new Audio();
    this.audio.autoplay = true;
    this.audio.dataset.testid = 'call-audio';
  }

  // ---- for the screens -----------------------------------------------------------------------------
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CallSnapshot => this.snapshot;

  /** Répondre: the microphone, then the connection with the helper. */
  async answer(): Promise<void> {
    const ui = this.snapshot.ui;
    if (ui.phase !== 'ringing' || !this.ice) return;
    this.clearTimer();
    let microphone: MediaStreamTrack;
    try {
      microphone = await this.media.microphone();
    } catch (error) {
      return this.hangUp(microphoneFailure(error));
    }
    if (this.snapshot.ui !== ui) {
      microphone.stop(); // the call ended while the microphone was opening
      return;
    }
    this.microphone = microphone;
    const callId = ui.callId;
    this.peer = new CallPeer(this.ice, (signal) => void this.o.send({ type: 'call.signal', callId, signal }), {
      onTrack: (track) => {
        if (track.kind !== 'audio') return;
        this.audio.srcObject = new MediaStream([track]);
        void this.audio.play().catch(() => undefined);
      },
      onConnectionState: (state) => {
        if (state === 'connected') this.update({ connected: true });
        else if (state === 'failed') void this.hangUp('failed');
      },
    });
    this.set({ ui: { phase: 'live', callId, helper: ui.helper, connected: false, screen: 'none', volume: this.audio.volume }, pointer: null });
    await this.o.send({ type: 'call.answer', callId });
    for (const signal of this.buffered.splice(0)) await this.peer.handle(signal, microphone);
  }

  /** Plus tard (ringing) or Raccrocher (in a call). */
  async hangUp(reason: PersonEndReason = 'hangup_person'): Promise<void> {
    const ui = this.snapshot.ui;
    if (ui.phase !== 'ringing' && ui.phase !== 'live') return;
    await this.o.send({ type: 'call.hangup', callId: ui.callId, reason });
    this.finish(ui.helper, reason);
  }

  /** The person's answer to "Marie veut voir votre écran. D'accord ?". */
  async answerScreen(consent: boolean): Promise<void> {
    const ui = this.snapshot.ui;
    if (ui.phase !== 'live' || ui.screen !== 'asking') return;
    const callId = ui.callId;
    if (!consent) {
      this.update({ screen: 'none' });
      await this.o.send({ type: 'screen.answer', callId, consent: false });
      return;
    }
    this.update({ screen: 'starting' });
    const sender = this.peer?.videoSender();
    try {
      if (!sender) throw new Error('no video line');
      const track = await this.media.screen();
      if (this.snapshot.ui.phase !== 'live' || (this.snapshot.ui as { callId: string }).callId !== callId) {
        track.stop();
        return;
      }
      this.screen = track;
      // Chromium's own "stop sharing", or the screen going away, is an Arrêter too.
      track.addEventListener('ended', () => void this.stopScreen());
      await sendScreen(sender, track);
      const surface = (track.getSettings() as { displaySurface?: SharedSurface }).displaySurface;
      this.surface = surface ?? null;
      this.update({ screen: 'sharing' });
      await this.o.send({ type: 'screen.answer', callId, consent: true, ...(surface ? { surface } : {}) });
    } catch {
      this.update({ screen: 'failed' });
      await this.o.send({ type: 'screen.answer', callId, consent: true, failed: true });
    }
  }

  /** Arrêter: the capture ends at once, then the helper is told. */
  async stopScreen(): Promise<void> {
    const ui = this.snapshot.ui;
    const had = this.stopScreenTrack();
    if (ui.phase !== 'live' || (!had && ui.screen !== 'sharing')) return;
    this.update({ screen: 'none' });
    this.set({ ui: this.snapshot.ui, pointer: null });
    await this.o.send({ type: 'screen.stop', callId: ui.callId });
  }

  /** The screen-failed note was seen: back to the plain call. */
  dismissScreenFailure(): void {
    if (this.snapshot.ui.phase === 'live' && this.snapshot.ui.screen === 'failed') this.update({ screen: 'none' });
  }

  /** One step louder (+1) or softer (−1). */
  changeVolume(direction: 1 | -1): void {
    const index = VOLUME_STEPS.findIndex((v) => Math.abs(v - this.audio.volume) < 0.05);
    const next = VOLUME_STEPS[Math.min(VOLUME_STEPS.length - 1, Math.max(0, (index < 0 ? VOLUME_STEPS.length - 1 : index) + direction))]!;
    this.audio.volume = next;
    this.update({ volume: next });
  }

  // ---- from the hub ----------------------------------------------------------------------------------
  handle(event: MachineCallEvent): void {
    const ui = this.snapshot.ui;
    if (event.type === 'call.ring') {
      if (ui.phase === 'ringing' || ui.phase === 'live') return; // main answers busy
      this.clearTimer();
      this.ice = event.ice;
      this.buffered = [];
      this.set({ ui: { phase: 'ringing', callId: event.callId, helper: { firstName: event.helper.firstName, photo: event.helper.photo ?? null } }, pointer: null });
      void this.o.send({ type: 'call.ringing', callId: event.callId });
      this.timer = setTimeout(() => void this.hangUp('no_answer'), this.o.ringMs ?? 45_000);
      return;
    }
    if (event.type === 'call.error' || (ui.phase !== 'ringing' && ui.phase !== 'live') || ui.callId !== event.callId) return;
    switch (event.type) {
      case 'call.signal':
        if (ui.phase === 'ringing' || !this.peer) this.buffered.push(event.signal);
        else void this.peer.handle(event.signal, this.microphone ?? undefined);
        break;
      case 'call.ended':
        this.finish(ui.helper, event.reason);
        break;
      case 'screen.ask':
        if (ui.phase === 'live' && ui.screen !== 'sharing' && ui.screen !== 'starting') this.update({ screen: 'asking' });
        break;
      case 'screen.stop':
        this.stopScreenTrack();
        if (ui.phase === 'live') this.set({ ui: { ...ui, screen: 'none' }, pointer: null });
        break;
      case 'pointer':
        if (ui.phase === 'live' && ui.screen === 'sharing' && pointerDrawnBy(this.surface) === 'page') this.set({ ui, pointer: { x: event.x, y: event.y, seq: ++this.pointerSeq } });
        break;
    }
  }

  // ---- inside ----------------------------------------------------------------------------------------
  private finish(helper: CallHelper, reason: CallEndReason): void {
    this.clearTimer();
    this.stopScreenTrack();
    this.microphone?.stop();
    this.microphone = null;
    this.peer?.close();
    this.peer = null;
    this.audio.srcObject = null;
    this.buffered = [];
    this.ice = null;
    // Declining needs no "call over" screen: the person chose it a moment ago.
    if (reason === 'declined') {
      this.set({ ui: { phase: 'idle' }, pointer: null });
      return;
    }
    this.set({ ui: { phase: 'ended', helper, reason }, pointer: null });
    this.timer = setTimeout(() => {
      if (this.snapshot.ui.phase === 'ended') this.set({ ui: { phase: 'idle' }, pointer: null });
    }, this.o.endedMs ?? 6000);
  }

  /** Stops the capture (readyState 'ended' at once) and empties the video line. */
  private stopScreenTrack(): boolean {
    const track = this.screen;
    if (!track) return false;
    this.screen = null;
    this.surface = null;
    track.stop();
    void this.peer?.videoSender()?.replaceTrack(null).catch(() => undefined);
    return true;
  }

  private update(change: Partial<Extract<CallUi, { phase: 'live' }>>): void {
    const ui = this.snapshot.ui;
    if (ui.phase !== 'live') return;
    this.set({ ui: { ...ui, ...change }, pointer: this.snapshot.pointer });
  }

  private set(snapshot: CallSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
