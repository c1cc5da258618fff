import { useEffect, useId, useRef, useState } from 'react';
import type { Language } from '../../../../app/protocol/common.ts';
import type { RecordingView, StudioLessonView, StudioLessonsView, StudioSentenceView } from '../../../../app/protocol/studio.ts';
import { api } from '../api.ts';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT, type TFn } from '../t.ts';
import { Options, Status } from '../ui.tsx';
import { toWav } from './wav.ts';
import './studio.css';

const LANGUAGES: Language[] = ['fr', 'en', 'ar'];
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/**
 * The recording studio (issue 14): pick a lesson and a language, read each sentence aloud, listen,
 * record again or send; staff listen to what others sent and approve (the lesson's machines then
 * play that voice instead of the synthesized one) or refuse.
 */
export default function Studio({ me }: PageProps) {
  const { t } = useConsoleT();
  const id = useId();
  const [lessons, setLessons] = useState<StudioLessonsView['lessons'] | null>(null);
  const [lessonId, setLessonId] = useState('');
  const [language, setLanguage] = useState<Language>('fr');
  const [view, setView] = useState<StudioLessonView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const loadLessons = () =>
    api.studioLessons().then(
      (v) => {
        setLessons(v.lessons);
        setLessonId((current) => current || v.lessons[0]?.id || '');
      },
      (err: unknown) => setError(t(errorKey(err))),
    );
  const loadLesson = () => {
    if (!lessonId) return;
    void api.studioLesson(lessonId, language).then(setView, (err: unknown) => setError(t(errorKey(err))));
  };
  useEffect(() => void loadLessons(), []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(loadLesson, [lessonId, language]); // eslint-disable-line react-hooks/exhaustive-deps

  const changed = (message?: string) => {
    setError(null);
    setDone(message ?? null);
    loadLesson();
    void loadLessons();
  };
  const current = lessons?.find((l) => l.id === lessonId);

  return (
    <main id="main" className="page studio">
      <h1>{t('studio.heading')}</h1>
      <p className="studio__intro">{t('studio.intro')}</p>
      <div className="panel studio__choice">
        <div className="field">
          <label htmlFor={`${id}-lesson`}>{t('studio.lesson')}</label>
          <select id={`${id}-lesson`} value={lessonId} onChange={(e) => setLessonId(e.target.value)} data-testid="studio-lesson">
            <Options values={lessons} value={(l) => l.id} label={(l) => l.title} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('studio.language')}</label>
          <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="studio-language">
            <Options values={LANGUAGES} label={(l) => t(`studio.languages.${l}`)} />
          </select>
        </div>
        {current && (
          <p className="studio__counts" data-testid="studio-counts">
            {t('studio.counts', { fr: current.recorded.fr, en: current.recorded.en, ar: current.recorded.ar, total: current.sentences })}
            {current.waiting > 0 ? ` · ${t('studio.waiting', { count: current.waiting })}` : ''}
          </p>
        )}
      </div>
      <Status error={error} done={done} testId="studio-status" />
      {view && (
        <ol className="studio__sentences">
          {view.sentences.map((s) => (
            <Sentence key={`${view.id}/${view.language}/${s.key}`} lesson={view} sentence={s} staff={me.role !== 'accompagnant'} t={t} onChanged={changed} onError={setError} />
          ))}
        </ol>
      )}
    </main>
  );
}

function Sentence(props: { lesson: StudioLessonView; sentence: StudioSentenceView; staff: boolean; t: TFn; onChanged(message?: string): void; onError(message: string): void }) {
  const { lesson, sentence, staff, t } = props;
  const [state, setState] = useState<'idle' | 'recording' | 'recorded' | 'sending'>('idle');
  const [take, setTake] = useState<{ blob: Blob; url: string } | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  useEffect(
    () => () => {
      if (take) URL.revokeObjectURL(take.url);
    },
    [take],
  );

  const start = async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: true } });
      const type = MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : 'audio/ogg;codecs=opus';
      const r = new MediaRecorder(stream, { mimeType: type });
      const chunks: Blob[] = [];
      r.ondataavailable = (e) => chunks.push(e.data);
      r.onstop = () => {
        stream.getTracks().forEach((track) => track.stop());
        const blob = new Blob(chunks, { type });
        setTake({ blob, url: URL.createObjectURL(blob) });
        setState('recorded');
      };
      recorder.current = r;
      r.start();
      setState('recording');
    } catch {
      props.onError(t('studio.micRefused'));
    }
  };
  const send = async () => {
    if (!take) return;
    setState('sending');
    try {
      await api.studioRecord(lesson.id, lesson.language, sentence.key, await toWav(take.blob));
      setTake(null);
      setState('idle');
      props.onChanged(t('studio.sent'));
    } catch (err) {
      setState('recorded');
      props.onError(t(errorKey(err)));
    }
  };
  const decide = async (recording: RecordingView, decision: 'approve' | 'reject') => {
    // Approving checks and publishes the lesson again: it takes a few seconds.
    setState('sending');
    try {
      if (decision === 'approve') props.onChanged(t('studio.published', { version: (await api.studioApprove(recording.id)).published.version }));
      else {
        await api.studioReject(recording.id);
        props.onChanged(t('studio.rejected'));
      }
    } catch (err) {
      props.onError(t(errorKey(err)));
    } finally {
      setState('idle');
    }
  };

  return (
    <li className="panel studio__sentence" data-testid={`studio-sentence-${sentence.key}`}>
      <p className="studio__text" lang={lesson.language} dir={lesson.language === 'ar' ? 'rtl' : 'ltr'}>
        {sentence.text}
      </p>
      {sentence.synthesizedMs !== null && <p className="studio__meta">{t('studio.synthesized', { seconds: seconds(sentence.synthesizedMs) })}</p>}
      <div className="studio__actions">
        {state === 'recording' ? (
          <button type="button" className="primary big" onClick={() => recorder.current?.stop()} data-testid="studio-stop">
            {t('studio.stop')}
          </button>
        ) : (
          <button type="button" className={take ? 'secondary big' : 'primary big'} onClick={() => void start()} disabled={state === 'sending'} data-testid="studio-record">
            {take ? t('studio.again') : t('studio.record')}
          </button>
        )}
        {state === 'recording' && (
          <span className="studio__live" role="status">
            {t('studio.recording')}
          </span>
        )}
        {take && state !== 'recording' && (
          <>
            <audio controls src={take.url} aria-label={t('studio.yours')} />
            <button type="button" className="primary big" onClick={() => void send()} disabled={state === 'sending'} data-testid="studio-send">
              {state === 'sending' ? t('studio.sending') : t('studio.send')}
            </button>
          </>
        )}
      </div>
      {sentence.recordings.length > 0 && (
        <ul className="studio__recordings">
          {sentence.recordings.map((r) => (
            <li key={r.id} className={`studio__recording is-${r.status}`} data-testid="studio-recording" data-status={r.status}>
              <span className="studio__status">{t(`studio.status.${r.status}`)}</span>
              <span>{t('studio.by', { name: r.recordedBy, seconds: seconds(r.durationMs) })}</span>
              {r.flags.map((f) => (
                <span key={f} className="studio__flag" data-testid="studio-flag">
                  ⚠ {t(`studio.flag.${f}`)}
                </span>
              ))}
              <audio controls preload="none" src={`/api/v1/console/studio/recordings/${r.id}/audio`} aria-label={t('studio.listen', { name: r.recordedBy })} />
              {r.decidedBy && <span>{t('studio.decidedBy', { name: r.decidedBy })}</span>}
              {r.status === 'submitted' && staff && !r.mine && (
                <span className="studio__decide">
                  <button type="button" className="primary" onClick={() => void decide(r, 'approve')} disabled={r.flags.includes('silent') || state === 'sending'} data-testid="studio-approve">
                    {state === 'sending' ? t('studio.publishing') : t('studio.approve')}
                  </button>
                  <button type="button" className="secondary danger" onClick={() => void decide(r, 'reject')} disabled={state === 'sending'} data-testid="studio-reject">
                    {t('studio.reject')}
                  </button>
                </span>
              )}
              {r.status === 'submitted' && r.mine && <span className="studio__meta">{t('studio.ownRecording')}</span>}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
