import { useTranslation } from 'react-i18next';
import type { LocalHelpRequest } from '../../../app/bridge/contract.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms, type PictogramName } from '../pictograms.ts';
import { useSpokenOnShow } from '../speech.ts';
import { useEffect } from 'react';

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
  onCancel: () => void;
  onClose: () => void;
  registerListen: (l: () => void) => void;
};

/** What the person sees and hears while their request travels: saved → sent → seen → "<name> will call". */
export function HelpStatusPanel({ request, hubReachable, phone, onCancel, onClose, registerListen }: StatusProps) {
  const { t } = useTranslation();
  const name = request.helperFirstName ?? '';
  let title: string;
  let subtitle: string | null = null;
  let spoken: string;
  let picture: PictogramName;
  if (!request.delivered && request.state !== 'cancelled') {
    title = t('help.savedTitle');
    spoken = t('help.savedSay');
    picture = hubReachable ? 'hourglass' : 'noSignal';
    if (!hubReachable) subtitle = t('help.offline');
  } else {
    switch (request.state) {
      case 'new':
        title = t('help.sentTitle');
        spoken = t('help.sentSay');
        picture = 'hourglass';
        break;
      case 'seen':
        title = t('help.seenTitle');
        spoken = t('help.seenSay');
        picture = 'eyes';
        break;
      case 'claimed':
        title = t('help.seenTitle');
        subtitle = name ? t('help.willCall', { name }) : null;
        spoken = name ? t('help.claimedSay', { name }) : t('help.seenSay');
        picture = 'phone';
        break;
      case 'calling_back':
        title = t('help.callingTitle', { name });
        spoken = title;
        picture = 'phone';
        break;
      case 'resolved':
        title = t('help.resolvedTitle');
        spoken = title;
        picture = 'thumbsUp';
        break;
      case 'cancelled':
        title = t('help.cancelledTitle');
        spoken = title;
        picture = 'cross';
        break;
    }
  }
  const listen = useSpokenOnShow(spoken);
  useEffect(() => registerListen(listen), [listen, registerListen]);
  const open = request.state !== 'resolved' && request.state !== 'cancelled';
  return (
    <main
      className="screen screen--center"
      aria-labelledby="help-status-title"
      data-testid="help-status"
      data-state={request.state}
      data-delivered={request.delivered}
    >
      <img className="hero-picture" src={pictograms[picture]} alt="" aria-hidden="true" />
      <h1 id="help-status-title" className="say" aria-live="polite">{title}</h1>
      {subtitle ? <p className="say say--strong" data-testid="help-subtitle">{subtitle}</p> : null}
      {phone && (!hubReachable || !request.delivered) ? (
        <p className="phone" data-testid="help-phone">
          {t('help.phone')} <span dir="ltr" className="phone__digits">{phone}</span>
        </p>
      ) : null}
      <div className="yes-no">
        <PictureButton picture="home" label={t('help.close')} size="large" onClick={onClose} data-testid="help-close" />
        {open ? <PictureButton picture="cross" label={t('help.cancel')} size="large" tone="no" onClick={onCancel} data-testid="help-cancel" /> : null}
      </div>
    </main>
  );
}
