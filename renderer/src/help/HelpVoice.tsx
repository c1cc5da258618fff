import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VOICE_MAX_BASE64_CHARS } from '../../../app/help/voice-limits.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { toBase64, VoiceRecorder, VOICE_MAX_MS, type Recording } from './voiceRecorder.ts';
import { pictograms } from '../pictograms.ts';
import { stopSpeaking, useSpokenOnShow } from '../speech.ts';
import '../help/help.css';

type Phase =
  | { kind: 'offer' }
  | { kind: 'recording' }
  | { kind: 'recorded'; recording: Recording }
  | { kind: 'sending'; recording: Recording }
  | { kind: 'failed' };

type Props = { requestId: string; onDone: () => void; registerListen: (l: () => void) => void };

/**
 * After "Oui" (the request is already on its way): an optional voice message, for people who cannot
 * type. Record, stop, listen, send — or skip. Nothing is spoken while the microphone is open.
 */
export function HelpVoice({ requestId, onDone, registerListen }: Props) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'offer' });
  const [elapsed, setElapsed] = useState(0);
  const recorder = useRef<VoiceRecorder | null>(null);
  const player = useRef<HTMLAudioElement | null>(null);

  const sentence =
    phase.kind === 'offer'
      ? t('help.voice.offerSay')
      : phase.kind === 'recorded'
        ? t('help.voice.recordedSay')
        : phase.kind === 'failed'
          ? t('help.voice.failedSay')
          : '';
  const listen = useSpokenOnShow(sentence);
  useEffect(() => registerListen(phase.kind === 'recording' ? () => undefined : listen), [listen, registerListen, phase.kind]);

  useEffect(
    () => () => {
      recorder.current?.cancel();
      player.current?.pause();
    },
    [],
  );
  useEffect(() => {
    if (phase.kind !== 'recording') return;
    const tick = setInterval(() => setElapsed(recorder.current?.elapsedMs() ?? 0), 250);
    return () => clearInterval(tick);
  }, [phase.kind]);
  useEffect(() => {
    if (phase.kind === 'recorded' || phase.kind === 'sending') {
      const url = phase.recording.url;
      return () => URL.revokeObjectURL(url);
    }
  }, [phase]);

  const stop = async () => {
    const r = recorder.current;
    if (!r) return;
    try {
      setPhase({ kind: 'recorded', recording: await r.stop() });
    } catch {
      setPhase({ kind: 'failed' });
    }
  };

  const record = async () => {
    player.current?.pause();
    stopSpeaking();
    const r = new VoiceRecorder();
    recorder.current = r;
    setElapsed(0);
    try {
      await r.start(() => void stop());
      setPhase({ kind: 'recording' });
    } catch {
      setPhase({ kind: 'failed' });
    }
  };

  const play = (recording: Recording) => {
    player.current?.pause();
    player.current = new Audio(recording.url);
    void player.current.play().catch(() => undefined);
    document.body.dataset.voicePlayed = 'true';
  };

  const send = async (recording: Recording) => {
    player.current?.pause();
    setPhase({ kind: 'sending', recording });
    try {
      const audio = await toBase64(recording.blob);
      if (audio.length > VOICE_MAX_BASE64_CHARS) throw new Error('too long');
      await bridge.attachHelpVoice({ id: requestId, mimeType: recording.mimeType, durationMs: recording.durationMs, audio });
      onDone();
    } catch {
      setPhase({ kind: 'failed' });
    }
  };

  const secondsLeft = Math.max(0, Math.ceil((VOICE_MAX_MS - elapsed) / 1000));

  return (
    <main className="screen screen--center" aria-labelledby="help-voice-title" data-testid="help-voice" data-phase={phase.kind}>
      {phase.kind === 'offer' && (
        <>
          <img className="help-hero" src={pictograms.microphone} alt="" aria-hidden="true" />
          <h1 id="help-voice-title" className="say">{t('help.voice.offerTitle')}</h1>
          <div className="yes-no">
            <PictureButton picture="microphone" label={t('help.voice.record')} size="tile" tone="yes" onClick={() => void record()} data-testid="voice-record" />
            <PictureButton picture="skip" label={t('help.voice.skip')} size="tile" onClick={onDone} data-testid="voice-skip" />
          </div>
        </>
      )}
      {phase.kind === 'recording' && (
        <>
          <div className="recording-light" aria-hidden="true" />
          <h1 id="help-voice-title" className="say">{t('help.voice.recordingTitle')}</h1>
          <p className="say help-subtitle--plain" aria-live="off" data-testid="voice-seconds-left">
            {t('help.voice.secondsLeft', { count: secondsLeft })}
          </p>
          <progress className="voice-progress" max={VOICE_MAX_MS} value={elapsed} aria-label={t('help.voice.progress')} />
          <PictureButton picture="stop" label={t('help.voice.stop')} size="large" tone="no" onClick={() => void stop()} data-testid="voice-stop" />
        </>
      )}
      {(phase.kind === 'recorded' || phase.kind === 'sending') && (
        <>
          <img className="help-hero" src={pictograms.microphone} alt="" aria-hidden="true" />
          <h1 id="help-voice-title" className="say">{t('help.voice.recordedTitle', { count: Math.max(1, Math.round(phase.recording.durationMs / 1000)) })}</h1>
          <div className="yes-no">
            <PictureButton picture="play" label={t('help.voice.listen')} size="large" onClick={() => play(phase.recording)} disabled={phase.kind === 'sending'} data-testid="voice-listen" />
            <PictureButton picture="send" label={t('help.voice.send')} size="large" tone="yes" onClick={() => void send(phase.recording)} disabled={phase.kind === 'sending'} data-testid="voice-send" />
            <PictureButton picture="again" label={t('help.voice.again')} size="large" onClick={() => void record()} disabled={phase.kind === 'sending'} data-testid="voice-again" />
          </div>
        </>
      )}
      {phase.kind === 'failed' && (
        <>
          <img className="help-hero" src={pictograms.warning} alt="" aria-hidden="true" />
          <h1 id="help-voice-title" className="say">{t('help.voice.failedTitle')}</h1>
          <p className="say help-subtitle--plain">{t('help.voice.failedStill')}</p>
          <PictureButton picture="check" label={t('help.voice.continue')} size="tile" tone="yes" onClick={onDone} data-testid="voice-continue" />
        </>
      )}
    </main>
  );
}
