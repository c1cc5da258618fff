import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalHelpRequest } from '../../../app/bridge/contract.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { formatPhone } from './useHelpAvailability.ts';
import { pictograms, type PictogramName } from '../pictograms.ts';
import { useSpokenOnShow } from '../speech.ts';
import '../help/help.css';

type AskProps = { onYes: () => void; onNo: () => void; registerListen: (l: () => void) => void };

export function HelpAsk({ onYes, onNo, registerListen }: AskProps) {
  const { t } = useTranslation();
  const listen = useSpokenOnShow(t('help.askSay'));
  useEffect(() => registerListen(listen), [listen, registerListen]);
  return (
    <main className="screen screen--center" aria-labelledby="help-ask-title" data-testid="help-ask">
      <h1 id="help-ask-title" className="say">{t('help.askTitle')}</h1>
      <div className="yes-no">
        <PictureButton picture="check" label={t('help.yes')} size="tile" tone="yes" onClick={onYes} data-testid="help-yes" />
        <PictureButton picture="cross" label={t('help.no')} size="tile" tone="no" onClick={onNo} data-testid="help-no" />
      </div>
    </main>
  );
}

type StatusProps = {
  request: LocalHelpRequest;
  hubReachable: boolean;
  phone: string | null;
  /** Helpers on duty as the hub last said (null: not known yet). */
  helpersOnDuty: number | null;
  onCancel: () => void;
  onClose: () => void;
  registerListen: (l: () => void) => void;
};

/** `step`: how many of sent/seen/call are done (-1: not even sent yet). `tone`: how the subtitle reads. */
type Shown = { title: string; subtitle: string | null; tone: 'good' | 'plain'; spoken: string; picture: PictogramName; step: number };

/**
 * What the person sees and hears while their request travels: kept → sent → seen → "<name> va vous
 * appeler" (with the helper's photo) → resolved. When the hub cannot be reached, or nobody is on duty,
 * the association's phone number is shown in huge digits and read aloud.
 */
export function HelpStatusPanel({ request, hubReachable, phone, helpersOnDuty, onCancel, onClose, registerListen }: StatusProps) {
  const { t } = useTranslation();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const name = request.helperFirstName ?? '';
  const open = request.state !== 'resolved' && request.state !== 'cancelled';
  const waiting = open && (request.state === 'new' || request.state === 'seen');
  const nobodyOnDuty = request.delivered && waiting && helpersOnDuty === 0;
  const offline = !request.delivered && open;
  const showPhone = phone !== null && open && (offline || !hubReachable || nobodyOnDuty);

  let shown: Shown;
  if (offline) {
    shown = {
      title: t('help.savedTitle'),
      subtitle: hubReachable ? null : t('help.offline'),
      tone: 'plain',
      spoken: t('help.savedSay'),
      picture: hubReachable ? 'hourglass' : 'noSignal',
      step: -1,
    };
  } else {
    switch (request.state) {
      case 'new':
        shown = { title: t('help.sentTitle'), subtitle: null, tone: 'plain', spoken: t('help.sentSay'), picture: 'send', step: 1 };
        break;
      case 'seen':
        shown = { title: t('help.seenTitle'), subtitle: null, tone: 'plain', spoken: t('help.seenSay'), picture: 'eyes', step: 2 };
        break;
      case 'claimed':
        shown = name
          ? { title: t('help.willCall', { name }), subtitle: t('help.keepPhone'), tone: 'good', spoken: t('help.claimedSay', { name }), picture: 'phone', step: 3 }
          : { title: t('help.seenTitle'), subtitle: null, tone: 'plain', spoken: t('help.seenSay'), picture: 'eyes', step: 2 };
        break;
      case 'calling_back':
        shown = { title: t('help.callingTitle', { name }), subtitle: null, tone: 'good', spoken: t('help.callingTitle', { name }), picture: 'phone', step: 3 };
        break;
      case 'resolved':
        shown = { title: t('help.resolvedTitle'), subtitle: null, tone: 'good', spoken: t('help.resolvedTitle'), picture: 'thumbsUp', step: 4 };
        break;
      case 'cancelled':
        shown = { title: t('help.cancelledTitle'), subtitle: null, tone: 'plain', spoken: t('help.cancelledTitle'), picture: 'cross', step: 4 };
        break;
    }
  }
  if (nobodyOnDuty) shown = { ...shown, subtitle: t('help.nobodyOnDuty'), tone: 'plain', spoken: `${shown.spoken} ${t('help.nobodyOnDutySay')}` };
  if (showPhone) shown = { ...shown, spoken: `${shown.spoken} ${t('help.phoneSay', { phone: formatPhone(phone) })}` };
  if (confirmCancel) shown = { ...shown, spoken: t('help.cancelAsk') };

  const listen = useSpokenOnShow(shown.spoken);
  useEffect(() => registerListen(listen), [listen, registerListen]);
  const photo = (request.state === 'claimed' || request.state === 'calling_back') && request.helperPhoto ? request.helperPhoto : null;

  if (confirmCancel && open) {
    return (
      <main className="screen screen--center" aria-labelledby="help-cancel-title" data-testid="help-cancel-ask">
        <h1 id="help-cancel-title" className="say">{t('help.cancelAsk')}</h1>
        <div className="yes-no">
          <PictureButton
            picture="check"
            label={t('help.cancelYes')}
            size="tile"
            tone="yes"
            onClick={() => {
              setConfirmCancel(false);
              onCancel();
            }}
            data-testid="help-cancel-yes"
          />
          <PictureButton picture="cross" label={t('help.cancelNo')} size="tile" tone="no" onClick={() => setConfirmCancel(false)} data-testid="help-cancel-no" />
        </div>
      </main>
    );
  }

  return (
    <main
      className="screen screen--center help-status"
      aria-labelledby="help-status-title"
      data-testid="help-status"
      data-state={request.state}
      data-delivered={request.delivered}
    >
      {shown.step <= 3 ? (
        <ol className="help-steps" aria-label={t('help.stepsLabel')}>
          {(['sent', 'seen', 'willCallStep'] as const).map((key, i) => (
            <li key={key} className={shown.step > i ? 'done' : shown.step === i ? 'current' : undefined}>
              {t(`help.steps.${key}`)}
            </li>
          ))}
        </ol>
      ) : null}
      {photo ? (
        <img className="helper-photo" src={photo} alt={t('help.photoAlt', { name })} data-testid="helper-photo" />
      ) : showPhone ? null : (
        <img className="help-hero" src={pictograms[shown.picture]} alt="" aria-hidden="true" />
      )}
      <h1 id="help-status-title" className="say" aria-live="polite">{shown.title}</h1>
      {shown.subtitle ? (
        <p className={`say ${shown.tone === 'good' ? 'say--strong' : 'help-subtitle--plain'}`} data-testid="help-subtitle">
          {shown.subtitle}
        </p>
      ) : null}
      {showPhone ? (
        <p className="phone help-phone" data-testid="help-phone">
          <img src={pictograms.phone} alt="" aria-hidden="true" />
          <span>
            {t('help.phone')} <span dir="ltr" className="phone__digits">{formatPhone(phone)}</span>
          </span>
        </p>
      ) : null}
      <div className="yes-no">
        <PictureButton picture="home" label={t('help.close')} size="bar" onClick={onClose} data-testid="help-close" />
        {open ? <PictureButton picture="cross" label={t('help.cancel')} size="bar" tone="no" onClick={() => setConfirmCancel(true)} data-testid="help-cancel" /> : null}
      </div>
    </main>
  );
}
