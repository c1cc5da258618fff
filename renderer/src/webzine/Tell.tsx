/**
 * "Raconter" (issue 17): a story told by voice for the neighbourhood journal, one question per screen,
 * every screen spoken and pictured: record (up to 3 minutes), listen back, a photo from the webcam or
 * from the person's own pictures (or none), whether other people are on it, an optional dictated title, the name to publish under (first
 * name, another name said in the story, or none), then "Envoyer au journal" or "Recommencer". The story
 * goes to the outbox, so it leaves whenever the hub can be reached.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STORY_MAX_SECONDS, TITLE_MAX_SECONDS } from '../../../app/protocol/webzine-limits.ts';
import type { StoryCredit } from '../../../app/protocol/webzine.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { toBase64, VoiceRecorder, type Recording } from '../help/voiceRecorder.ts';
import { pictograms, type PictogramName } from '../pictograms.ts';
import { stopSpeaking, useSpokenOnShow } from '../speech.ts';
import { isUiLanguage } from '../i18n.ts';
import { captureJpeg, pictureJpeg, toStoryWav } from './media.ts';
import { MyStories } from './MyStories.tsx';
import { PickPhoto } from './PickPhoto.tsx';
import type { TileScreenProps } from '../tiles/openers.ts';
import './webzine.css';

type Phase =
  | 'start'
  | 'recording'
  | 'recorded'
  | 'photo'
  | 'camera'
  | 'pick'
  | 'cameraFailed'
  | 'others'
  | 'title'
  | 'titleRecording'
  | 'consent'
  | 'review'
  | 'sending'
  | 'sent'
  | 'full'
  | 'failed';

type Props = { onMine: () => void; registerListen: (l: () => void) => void };

const SAY: Partial<Record<Phase, string>> = {
  start: 'webzine.start.say',
  recorded: 'webzine.recorded.say',
  photo: 'webzine.photo.say',
  camera: 'webzine.camera.say',
  cameraFailed: 'webzine.camera.failedSay',
  others: 'webzine.others.say',
  title: 'webzine.title.say',
  consent: 'webzine.consent.say',
  review: 'webzine.review.say',
  sent: 'webzine.sent.say',
  full: 'webzine.full.say',
  failed: 'webzine.failed.say',
};

/** The "Raconter" tile's screen: telling a story, or the person's stories. */
export function StoryTile({ registerListen, onHelp }: TileScreenProps) {
  const [mine, setMine] = useState(false);
  return mine ? <MyStories registerListen={registerListen} onHelp={onHelp} /> : <Tell onMine={() => setMine(true)} registerListen={registerListen} />;
}

export function Tell({ onMine, registerListen }: Props) {
  const { t, i18n } = useTranslation();
  const [phase, setPhase] = useState<Phase>('start');
  const [story, setStory] = useState<Recording | null>(null);
  const [title, setTitle] = useState<Recording | null>(null);
  const [photo, setPhoto] = useState<{ blob: Blob; url: string; from: 'camera' | 'mine' } | null>(null);
  const [othersOnPhoto, setOthersOnPhoto] = useState(false);
  const [credit, setCredit] = useState<StoryCredit>('anonymous');
  const [elapsed, setElapsed] = useState(0);
  const recorder = useRef<VoiceRecorder | null>(null);
  const player = useRef<HTMLAudioElement | null>(null);
  const video = useRef<HTMLVideoElement | null>(null);
  const stream = useRef<MediaStream | null>(null);
  /** Ends the recording in progress (the "J'ai fini" button, or the recorder's own time limit). */
  const finish = useRef<(() => void) | null>(null);

  const key = SAY[phase];
  const listen = useSpokenOnShow(key ? t(key as 'webzine.start.say') : '');
  useEffect(() => registerListen(phase === 'recording' || phase === 'titleRecording' ? () => undefined : listen), [listen, registerListen, phase]);

  const stopCamera = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
  };
  useEffect(
    () => () => {
      recorder.current?.cancel();
      player.current?.pause();
      stopCamera();
    },
    [],
  );
  useEffect(() => {
    if (phase !== 'recording' && phase !== 'titleRecording') return;
    const tick = setInterval(() => setElapsed(recorder.current?.elapsedMs() ?? 0), 250);
    return () => clearInterval(tick);
  }, [phase]);

  const maxMs = (phase === 'titleRecording' ? TITLE_MAX_SECONDS : STORY_MAX_SECONDS) * 1000;

  const record = async (which: 'story' | 'title') => {
    player.current?.pause();
    stopSpeaking();
    const r = new VoiceRecorder((which === 'story' ? STORY_MAX_SECONDS : TITLE_MAX_SECONDS) * 1000);
    recorder.current = r;
    setElapsed(0);
    const done = async () => {
      try {
        const recording = await r.stop();
        if (which === 'story') {
          setStory(recording);
          setPhase('recorded');
        } else {
          setTitle(recording);
          setPhase('consent');
        }
      } catch {
        setPhase('failed');
      }
    };
    finish.current = () => void done();
    try {
      await r.start(() => finish.current?.());
      setPhase(which === 'story' ? 'recording' : 'titleRecording');
    } catch {
      setPhase('failed');
    }
  };
  const stop = () => finish.current?.();

  const play = (url: string) => {
    player.current?.pause();
    stopSpeaking();
    player.current = new Audio(url);
    void player.current.play().catch(() => undefined);
    document.body.dataset.storyPlayed = 'true';
  };

  const openCamera = async () => {
    stopSpeaking();
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
      setPhase('camera');
    } catch {
      setPhase('cameraFailed');
    }
  };
  useEffect(() => {
    if (phase === 'camera' && video.current && stream.current) {
      video.current.srcObject = stream.current;
      void video.current.play().catch(() => undefined);
    }
  }, [phase]);
  const shoot = async () => {
    if (!video.current) return;
    const blob = await captureJpeg(video.current);
    stopCamera();
    setPhoto({ blob, url: URL.createObjectURL(blob), from: 'camera' });
    setPhase('others');
  };
  // One of the person's pictures takes the camera frame's path: a fresh JPEG, then "other people on it?".
  const pick = async (dataUrl: string) => {
    try {
      const blob = await pictureJpeg(dataUrl);
      setPhoto({ blob, url: URL.createObjectURL(blob), from: 'mine' });
      setPhase('others');
    } catch {
      setPhase('photo');
    }
  };

  const restart = () => {
    player.current?.pause();
    stopCamera();
    setStory(null);
    setTitle(null);
    setPhoto(null);
    setOthersOnPhoto(false);
    setPhase('start');
  };

  const send = async () => {
    if (!story) return;
    player.current?.pause();
    setPhase('sending');
    try {
      const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
      const answer = await bridge.sendStory({
        language,
        credit,
        photoShowsOthers: photo ? othersOnPhoto : false,
        audio: await toBase64(await toStoryWav(story.blob)),
        ...(title ? { titleAudio: await toBase64(await toStoryWav(title.blob)) } : {}),
        ...(photo ? { photo: await toBase64(photo.blob) } : {}),
      });
      setPhase(answer.queued ? 'sent' : 'full');
    } catch {
      setPhase('full');
    }
  };

  const hero = (picture: PictogramName) => <img className="webzine-hero" src={pictograms[picture]} alt="" aria-hidden="true" />;
  const heading = (text: string) => (
    <h1 id="tell-title" className="say">
      {text}
    </h1>
  );
  const secondsLeft = Math.max(0, Math.ceil((maxMs - elapsed) / 1000));

  return (
    <main className="screen screen--center webzine-screen" aria-labelledby="tell-title" data-testid="tell" data-phase={phase}>
      {phase === 'start' && (
        <>
          {hero('speaking')}
          {heading(t('webzine.start.title'))}
          <div className="yes-no">
            <PictureButton picture="microphone" label={t('webzine.start.tell')} size="tile" tone="yes" onClick={() => void record('story')} data-testid="tell-record" />
            <PictureButton picture="newspaper" label={t('webzine.start.mine')} size="tile" onClick={onMine} data-testid="tell-mine" />
          </div>
        </>
      )}
      {(phase === 'recording' || phase === 'titleRecording') && (
        <>
          <div className="recording-light" aria-hidden="true" />
          {heading(t(phase === 'recording' ? 'webzine.recording.title' : 'webzine.title.recording'))}
          <p className="say" aria-live="off" data-testid="tell-seconds-left">
            {t('webzine.recording.secondsLeft', { count: secondsLeft })}
          </p>
          <progress className="voice-progress" max={maxMs} value={elapsed} aria-label={t('webzine.recording.progress')} />
          <PictureButton picture="stop" label={t('webzine.recording.stop')} size="large" tone="no" onClick={stop} data-testid="tell-stop" />
        </>
      )}
      {phase === 'recorded' && story && (
        <>
          {hero('microphone')}
          {heading(t('webzine.recorded.title', { count: Math.max(1, Math.round(story.durationMs / 1000)) }))}
          <div className="yes-no">
            <PictureButton picture="play" label={t('webzine.recorded.listen')} size="large" onClick={() => play(story.url)} data-testid="tell-listen" />
            <PictureButton picture="check" label={t('webzine.recorded.continue')} size="large" tone="yes" onClick={() => setPhase('photo')} data-testid="tell-continue" />
            <PictureButton picture="again" label={t('webzine.recorded.again')} size="large" onClick={() => void record('story')} data-testid="tell-again" />
          </div>
        </>
      )}
      {phase === 'photo' && (
        <>
          {hero('camera')}
          {heading(t('webzine.photo.title'))}
          <div className="yes-no">
            <PictureButton picture="camera" label={t('webzine.photo.take')} size="tile" tone="yes" onClick={() => void openCamera()} data-testid="tell-camera" />
            <PictureButton picture="framedPicture" label={t('webzine.photo.mine')} size="tile" onClick={() => (stopSpeaking(), setPhase('pick'))} data-testid="tell-my-photos" />
            <PictureButton picture="noPicture" label={t('webzine.photo.none')} size="tile" onClick={() => setPhase('title')} data-testid="tell-no-photo" />
          </div>
        </>
      )}
      {phase === 'camera' && (
        <>
          {heading(t('webzine.camera.title'))}
          <video ref={video} className="webzine-camera" muted playsInline aria-hidden="true" />
          <div className="yes-no">
            <PictureButton picture="camera" label={t('webzine.camera.shoot')} size="large" tone="yes" onClick={() => void shoot()} data-testid="tell-shoot" />
            <PictureButton picture="noPicture" label={t('webzine.camera.back')} size="large" onClick={() => (stopCamera(), setPhase('title'))} data-testid="tell-camera-back" />
          </div>
        </>
      )}
      {phase === 'pick' && <PickPhoto onChosen={(dataUrl) => void pick(dataUrl)} onBack={() => setPhase('photo')} registerListen={registerListen} />}
      {phase === 'cameraFailed' && (
        <>
          {hero('warning')}
          {heading(t('webzine.camera.failedTitle'))}
          <PictureButton picture="check" label={t('webzine.recorded.continue')} size="tile" tone="yes" onClick={() => setPhase('title')} data-testid="tell-continue" />
        </>
      )}
      {phase === 'others' && photo && (
        <>
          <img className="webzine-photo" src={photo.url} alt={t('webzine.review.photoAlt')} data-testid="tell-photo" />
          {heading(t('webzine.others.title'))}
          <div className="yes-no">
            <PictureButton picture="people" label={t('webzine.others.yes')} size="large" onClick={() => (setOthersOnPhoto(true), setPhase('title'))} data-testid="tell-others-yes" />
            <PictureButton picture="person" label={t('webzine.others.no')} size="large" onClick={() => (setOthersOnPhoto(false), setPhase('title'))} data-testid="tell-others-no" />
            <PictureButton picture="again" label={t('webzine.others.retake')} size="large" onClick={() => (photo.from === 'mine' ? setPhase('pick') : void openCamera())} data-testid="tell-retake" />
          </div>
        </>
      )}
      {phase === 'title' && (
        <>
          {hero('speaking')}
          {heading(t('webzine.title.title'))}
          <div className="yes-no">
            <PictureButton picture="microphone" label={t('webzine.title.record')} size="tile" tone="yes" onClick={() => void record('title')} data-testid="tell-title-record" />
            <PictureButton picture="skip" label={t('webzine.title.skip')} size="tile" onClick={() => (setTitle(null), setPhase('consent'))} data-testid="tell-title-skip" />
          </div>
        </>
      )}
      {phase === 'consent' && (
        <>
          {heading(t('webzine.consent.title'))}
          <div className="yes-no">
            {(
              [
                ['first_name', 'nameBadge', 'webzine.consent.firstName'],
                ['pseudonym', 'mask', 'webzine.consent.pseudonym'],
                ['anonymous', 'sunglasses', 'webzine.consent.anonymous'],
              ] as const
            ).map(([value, picture, label]) => (
              <PictureButton key={value} picture={picture} label={t(label)} size="tile" onClick={() => (setCredit(value), setPhase('review'))} data-testid={`tell-credit-${value}`} />
            ))}
          </div>
        </>
      )}
      {(phase === 'review' || phase === 'sending') && story && (
        <>
          {photo ? <img className="webzine-photo webzine-photo--small" src={photo.url} alt={t('webzine.review.photoAlt')} /> : hero('check')}
          {heading(t('webzine.review.title'))}
          <div className="yes-no">
            <PictureButton picture="play" label={t('webzine.review.listen')} size="large" onClick={() => play(story.url)} disabled={phase === 'sending'} data-testid="tell-review-listen" />
            <PictureButton picture="send" label={t('webzine.review.send')} size="large" tone="yes" onClick={() => void send()} disabled={phase === 'sending'} data-testid="tell-send" />
            <PictureButton picture="again" label={t('webzine.review.restart')} size="large" onClick={restart} disabled={phase === 'sending'} data-testid="tell-restart" />
          </div>
        </>
      )}
      {phase === 'sent' && (
        <>
          {hero('party')}
          {heading(t('webzine.sent.title'))}
          <PictureButton picture="newspaper" label={t('webzine.sent.mine')} size="tile" tone="yes" onClick={onMine} data-testid="tell-sent-mine" />
        </>
      )}
      {(phase === 'full' || phase === 'failed') && (
        <>
          {hero('warning')}
          {heading(t(phase === 'full' ? 'webzine.full.title' : 'webzine.failed.title'))}
          <PictureButton picture="again" label={t('webzine.review.restart')} size="tile" onClick={restart} data-testid="tell-restart" />
        </>
      )}
    </main>
  );
}
