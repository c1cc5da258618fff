/**
 * One WebRTC connection of a live call, the same on both sides (the console and the shell's page).
 *
 * The console offers once, with everything the call may ever carry: its microphone (send and receive)
 * and a video line it only receives. The shell answers with its microphone and a send-only video line
 * that stays empty until the person agrees to show their screen; sharing and stopping are then a
 * track swap on that line (`replaceTrack`), with no new negotiation: the picture starts at once, and
 * "Arrêter" stops the capture on the spot. Candidates that arrive before the remote description wait.
 */
import type { CallSignal, IceConfig } from '../../app/protocol/call.ts';

export type PeerHandlers = {
  /** A track from the other side (the helper's or the person's voice, the person's screen). */
  onTrack(track: MediaStreamTrack, transceiver: RTCRtpTransceiver): void;
  /** RTCPeerConnection.connectionState as it changes. */
  onConnectionState(state: RTCPeerConnectionState): void;
};

export class CallPeer {
  readonly pc: RTCPeerConnection;
  private readonly waiting: RTCIceCandidateInit[] = [];
  private closed = false;

  constructor(
    ice: IceConfig,
    private readonly send: (signal: CallSignal) => void,
    handlers: PeerHandlers,
  ) {
    this.pc = new RTCPeerConnection({ iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy });
    this.pc.onicecandidate = (event) => {
      if (!event.candidate) return;
      const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = event.candidate.toJSON();
      this.send({ kind: 'candidate', candidate: { candidate: candidate ?? '', sdpMid: sdpMid ?? null, sdpMLineIndex: sdpMLineIndex ?? null, usernameFragment: usernameFragment ?? null } });
    };
    this.pc.ontrack = (event) => handlers.onTrack(event.track, event.transceiver);
    this.pc.onconnectionstatechange = () => handlers.onConnectionState(this.pc.connectionState);
  }

  /** The console's side: its microphone both ways and a receive-only line for the screen, then the offer. */
  async offer(microphone: MediaStreamTrack): Promise<void> {
    this.pc.addTransceiver(microphone, { direction: 'sendrecv' });
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.sendDescription();
  }

  /**
   * A signal from the other side. An offer is answered with `microphone` on the audio line and the
   * video line ready to send (empty until a screen is shared).
   */
  async handle(signal: CallSignal, microphone?: MediaStreamTrack): Promise<void> {
    if (this.closed) return;
    if (signal.kind === 'candidate') {
      if (!signal.candidate) return;
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(signal.candidate).catch(() => undefined);
      else this.waiting.push(signal.candidate);
      return;
    }
    await this.pc.setRemoteDescription(signal.description);
    if (signal.description.type === 'offer') {
      for (const transceiver of this.pc.getTransceivers()) {
        if (transceiver.receiver.track.kind === 'audio' && microphone) {
          await transceiver.sender.replaceTrack(microphone);
          transceiver.direction = 'sendrecv';
        } else if (transceiver.receiver.track.kind === 'video') {
          transceiver.direction = 'sendonly';
        }
      }
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      this.sendDescription();
    }
    for (const candidate of this.waiting.splice(0)) await this.pc.addIceCandidate(candidate).catch(() => undefined);
  }

  /** The sender of the video line (the shell puts its screen there). */
  videoSender(): RTCRtpSender | null {
    return this.pc.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.sender ?? null;
  }

  /** Ends the connection; every track received on it ends too. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const transceiver of this.pc.getTransceivers()) transceiver.receiver.track.stop();
    this.pc.close();
  }

  private sendDescription(): void {
    const description = this.pc.localDescription;
    if (description && (description.type === 'offer' || description.type === 'answer')) {
      this.send({ kind: 'description', description: { type: description.type, sdp: description.sdp } });
    }
  }
}

/**
 * The screen as a helper needs it: sharp text rather than smooth motion (content hint "detail"),
 * a few frames a second, the full resolution kept when the network is short (the frame rate drops
 * instead), and a bitrate cap so that a home ADSL line keeps the voice clear.
 */
export const SCREEN_ENCODING = { maxFramerate: 5, maxBitrate: 600_000 } as const;

export async function sendScreen(sender: RTCRtpSender, track: MediaStreamTrack): Promise<void> {
  track.contentHint = 'detail';
  await sender.replaceTrack(track);
  const parameters = sender.getParameters();
  if (!parameters.encodings || parameters.encodings.length === 0) parameters.encodings = [{}];
  for (const encoding of parameters.encodings) {
    encoding.maxFramerate = SCREEN_ENCODING.maxFramerate;
    encoding.maxBitrate = SCREEN_ENCODING.maxBitrate;
    encoding.scaleResolutionDownBy = 1;
  }
  parameters.degradationPreference = 'maintain-resolution';
  await sender.setParameters(parameters).catch(() => undefined);
}
