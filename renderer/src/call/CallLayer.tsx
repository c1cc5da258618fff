/**
 * The call, on top of every screen (issue 11): it rings with the helper's photo and first name; in a
 * call, a bar with the helper, big volume buttons and Raccrocher; the helper's question to see the
 * screen, asked aloud with pictures; while the screen is shown, the bar turns into a bright banner
 * "Marie voit votre écran" with a huge Arrêter; the helper's pointer as a large ring, with "Ici".
 * Everything is said as well as shown, and nothing here needs reading or typing.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { pointOnSurface } from '../../../app/help/pointer.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { speak, useSpokenOnShow } from '../speech.ts';
import type { CallHelper, CallUi, PointerMark } from './controller.ts';
import { ringOnce } from './ringtone.ts';
import { call, useCall } from './useCall.ts';
import { useCallSlot } from './slot.ts';
import './call.css';

export function CallLayer() {
  const { ui, pointer } = useCall();
  if (ui.phase === 'idle') return null;
  if (ui.phase === 'ringing') return <Ringing helper={ui.helper} />;
  if (ui.phase === 'ended')
    return (
      <InTopBar>
        <CallEnded helper={ui.helper} reason={ui.reason} />
      </InTopBar>
    );
  return (
    <>
      {ui.screen === 'asking' ? <ScreenQuestion helper={ui.helper} /> : null}
      <InTopBar>
        <CallBar ui={ui} />
      </InTopBar>
      {pointer && ui.screen === 'sharing' ? <PointerRing key={pointer.seq} mark={pointer} /> : null}
    </>
  );
}

function HelperPhoto({ helper, className }: { helper: CallHelper; className: string }) {
  const { t } = useTranslation();
  return helper.photo ? (
    <img className={className} src={helper.photo} alt={t('call.photoAlt', { name: helper.firstName })} data-testid="call-helper-photo" />
  ) : (
    <img className={`${className} ${className}--none`} src={pictograms.person} alt="" aria-hidden="true" />
  );
}

/** It rings: photo, "Marie vous appelle", a huge green Répondre and a red Plus tard. */
function Ringing({ helper }: { helper: CallHelper }) {
  const { t } = useTranslation();
  const name = helper.firstName;
  const answer = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    answer.current?.focus();
    void speak(t('call.ringingSay', { name }));
    let beat = 0;
    // Ring, ring, then the sentence again: every 3 s while it rings.
    const timer = setInterval(() => {
      beat += 1;
      if (beat % 4 === 0) void speak(t('call.ringingSay', { name }));
      else ringOnce();
    }, 3000);
    return () => clearInterval(timer);
  }, [name, t]);
  return (
    <div className="call-overlay" role="dialog" aria-modal="true" aria-labelledby="call-ringing-title" data-testid="call-ringing">
      <HelperPhoto helper={helper} className="call-photo call-photo--ringing" />
      <h1 id="call-ringing-title" className="say">
        {t('call.ringingTitle', { name })}
      </h1>
      <div className="yes-no">
        <button ref={answer} type="button" className="call-button call-button--answer" onClick={() => void call.answer()} data-testid="call-answer">
          <img src={pictograms.phone} alt="" aria-hidden="true" draggable={false} />
          <span>{t('call.answer')}</span>
        </button>
        <button type="button" className="call-button call-button--later" onClick={() => void call.hangUp('declined')} data-testid="call-later">
          <img src={pictograms.cross} alt="" aria-hidden="true" draggable={false} />
          <span>{t('call.later')}</span>
        </button>
      </div>
    </div>
  );
}

/** "Marie veut voir votre écran. D'accord ?" — asked aloud, answered with a picture. */
function ScreenQuestion({ helper }: { helper: CallHelper }) {
  const { t } = useTranslation();
  const name = helper.firstName;
  useSpokenOnShow(t('call.screenAskSay', { name }));
  return (
    <div className="call-overlay" role="dialog" aria-modal="true" aria-labelledby="call-screen-title" data-testid="call-screen-question">
      <div className="call-question-pictures" aria-hidden="true">
        <HelperPhoto helper={helper} className="call-photo" />
        <img src={pictograms.eyes} alt="" />
        <img src={pictograms.desktop} alt="" />
      </div>
      <h1 id="call-screen-title" className="say">
        {t('call.screenAskTitle', { name })}
      </h1>
      <p className="call-note">{t('call.screenAskNote', { name })}</p>
      <div className="yes-no">
        <PictureButton picture="check" label={t('call.yes')} size="tile" tone="yes" onClick={() => void call.answerScreen(true)} data-testid="call-screen-yes" />
        <PictureButton picture="cross" label={t('call.no')} size="tile" tone="no" onClick={() => void call.answerScreen(false)} data-testid="call-screen-no" />
      </div>
    </div>
  );
}

/** The call bar in the top bar's row (slot.ts); over the top of the screen where no top bar is shown. */
function InTopBar({ children }: { children: ReactNode }) {
  const slot = useCallSlot();
  return slot ? createPortal(children, slot) : <>{children}</>;
}

/** In a call: the helper, the volume, Raccrocher. While the screen is shown: the banner and Arrêter. */
function CallBar({ ui }: { ui: Extract<CallUi, { phase: 'live' }> }) {
  const { t } = useTranslation();
  const name = ui.helper.firstName;
  const sharing = ui.screen === 'sharing';
  useEffect(() => {
    if (sharing) void speak(t('call.sharingSay', { name }));
  }, [sharing, name, t]);
  useEffect(() => {
    if (ui.screen === 'failed') void speak(t('call.screenFailed'));
  }, [ui.screen, t]);
  return (
    // A group, not a landmark: the bar sits inside the top bar (the page's banner).
    <div
      role="group"
      className={`call-bar${sharing ? ' call-bar--sharing' : ''}`}
      aria-label={sharing ? t('call.sharing', { name }) : t('call.inCall', { name })}
      data-testid="call-bar"
      data-screen={ui.screen}
      data-connected={ui.connected}
      data-volume={ui.volume}
    >
      <HelperPhoto helper={ui.helper} className="call-photo call-photo--bar" />
      <p className="call-bar__text" role="status">
        {sharing ? (
          <strong data-testid="call-sharing-banner">{t('call.sharing', { name })}</strong>
        ) : ui.screen === 'failed' ? (
          t('call.screenFailed')
        ) : ui.connected ? (
          t('call.inCall', { name })
        ) : (
          t('call.connecting')
        )}
      </p>
      {sharing ? (
        <button type="button" className="call-button call-button--stop" onClick={() => void call.stopScreen()} data-testid="call-screen-stop">
          <img src={pictograms.stopSign} alt="" aria-hidden="true" draggable={false} />
          <span>{t('call.stop')}</span>
        </button>
      ) : null}
      <div className="call-bar__volume" role="group" aria-label={t('call.volume')}>
        <PictureButton picture="speakerLow" label={t('call.quieter')} size="bar" onClick={() => call.changeVolume(-1)} disabled={ui.volume <= 0.2} data-testid="call-quieter" />
        <PictureButton picture="speaker" label={t('call.louder')} size="bar" onClick={() => call.changeVolume(1)} disabled={ui.volume >= 1} data-testid="call-louder" />
      </div>
      <button type="button" className="call-button call-button--hangup" onClick={() => void call.hangUp()} data-testid="call-hangup">
        <img src={pictograms.phone} alt="" aria-hidden="true" draggable={false} />
        <span>{t('call.hangUp')}</span>
      </button>
    </div>
  );
}

/**
 * Where the helper points: a large ring pulsing on the same pixel of the screen the helper clicked
 * on (physical left/top, not mirrored in Arabic: the picture is the screen as it is), and "Ici".
 */
function PointerRing({ mark }: { mark: PointerMark }) {
  const { t } = useTranslation();
  useEffect(() => void speak(t('call.here')), [t]);
  const { left, top } = pointOnSurface(mark, window.innerWidth, window.innerHeight);
  return <div className="call-pointer" style={{ left, top }} data-testid="call-pointer" data-x={mark.x} data-y={mark.y} aria-hidden="true" />;
}

function CallEnded({ helper, reason }: { helper: CallHelper; reason: string }) {
  const { t } = useTranslation();
  const text =
    reason === 'no_microphone' || reason === 'microphone_refused'
      ? t('call.noMicrophone', { name: helper.firstName })
      : reason === 'failed' || reason === 'offline'
        ? t('call.endedFailed')
        : t('call.ended');
  useSpokenOnShow(text);
  return (
    <div className="call-bar call-bar--ended" role="status" data-testid="call-ended" data-reason={reason}>
      <HelperPhoto helper={helper} className="call-photo call-photo--bar" />
      <p className="call-bar__text">{text}</p>
    </div>
  );
}
