/**
 * A short voice note recorded in the console (the person says their goal in their own words):
 * record, stop (by itself at the limit), listen, keep or start again. Opus in WebM where the browser
 * has it, as the hub accepts (audio/webm or audio/ogg).
 */
import { useEffect, useRef, useState } from 'react';
import { GOAL_VOICE_MAX_SECONDS } from '../../../../app/protocol/accompaniment.ts';
import { usePeopleT } from './t.ts';

type Phase = { kind: 'idle' } | { kind: 'recording'; since: number } | { kind: 'recorded'; blob: Blob; url: string; durationMs: number } | { kind: 'unavailable' };

const MIME_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'];

export function VoiceRecorder({ busy, onKeep }: { busy: boolean; onKeep(blob: Blob, durationMs: number): Promise<boolean> }) {
  const { t } = usePeopleT();
  const [phase, setPhase] = useState<Phase>(() => (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices ? { kind: 'unavailable' } : { kind: 'idle' }));
  const [seconds, setSeconds] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);

  const release = () => {
    clearInterval(timer.current);
    recorder.current?.stream.getTracks().forEach((track) => track.stop());
    recorder.current = null;
  };
  useEffect(() => release, []);
  useEffect(() => () => (phase.kind === 'recorded' ? URL.revokeObjectURL(phase.url) : undefined), [phase]);

  async function start() {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setPhase({ kind: 'unavailable' });
      return;
    }
    const mimeType = MIME_TYPES.find((m) => MediaRecorder.isTypeSupported(m));
    const rec = new MediaRecorder(stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 24_000 });
    const chunks: Blob[] = [];
    const since = Date.now();
    rec.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    rec.onstop = () => {
      const blob = new Blob(chunks, { type: (rec.mimeType || 'audio/webm').split(';')[0] });
      release();
      setPhase({ kind: 'recorded', blob, url: URL.createObjectURL(blob), durationMs: Math.min(Date.now() - since, GOAL_VOICE_MAX_SECONDS * 1000) });
    };
    recorder.current = rec;
    rec.start();
    setSeconds(0);
    setPhase({ kind: 'recording', since });
    timer.current = setInterval(() => {
      const elapsed = Math.floor((Date.now() - since) / 1000);
      setSeconds(elapsed);
      if (elapsed >= GOAL_VOICE_MAX_SECONDS && rec.state === 'recording') rec.stop();
    }, 250);
  }

  const stop = () => {
    if (recorder.current?.state === 'recording') recorder.current.stop();
  };

  if (phase.kind === 'unavailable') {
    return (
      <p className="muted" data-testid="voice-unavailable">
        {t('goals.noMicrophone')}
      </p>
    );
  }
  return (
    <div className="voice-recorder" data-testid="voice-recorder" data-phase={phase.kind}>
      {phase.kind === 'idle' && (
        <button type="button" className="secondary" onClick={() => void start()} data-testid="voice-record">
          <span className="rec-dot" aria-hidden="true" /> {t('goals.record')}
        </button>
      )}
      {phase.kind === 'recording' && (
        <>
          <button type="button" className="primary danger" onClick={stop} data-testid="voice-stop">
            {t('goals.stop')}
          </button>
          <span role="timer" aria-live="off" className="timer">
            {t('goals.recording', { seconds, max: GOAL_VOICE_MAX_SECONDS })}
          </span>
        </>
      )}
      {phase.kind === 'recorded' && (
        <>
          <audio controls src={phase.url} aria-label={t('goals.preview')} data-testid="voice-preview" />
          <button
            type="button"
            className="primary"
            disabled={busy}
            data-testid="voice-keep"
            onClick={() =>
              void onKeep(phase.blob, phase.durationMs).then((kept) => {
                if (kept) setPhase({ kind: 'idle' });
              })
            }
          >
            {t('goals.keep')}
          </button>
          <button type="button" className="secondary" onClick={() => setPhase({ kind: 'idle' })} data-testid="voice-again">
            {t('goals.again')}
          </button>
        </>
      )}
    </div>
  );
}
