import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalHelpRequest } from '../../../app/bridge/contract.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { formatPhone } from './useHelpAvailability.ts';
import { pictograms, type PictogramName } from '../pictograms.ts';
import { isHeldHelpState, isOpenHelpState } from '../../../app/help/predicates.ts';
import { helpStatusView, type HelpHeadline, type HelpStage } from './status.ts';
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

const HEADLINE_PICTURE: Record<HelpHeadline, PictogramName> = {
  saved: 'hourglass',
  sent: 'send',
  seen: 'eyes',
  willCall: 'incomingCall',
  calling: 'phone',
  called: 'phone',
  resolved: 'thumbsUp',
  cancelled: 'cross',
};
const STAGE_PICTURE: Record<HelpStage, PictogramName> = { sent: 'send', seen: 'eyes', willCall: 'helper', call: 'phone' };

/**
 * What the person sees and hears while their request travels (help/status.ts decides): four big
 * pictures — sent, seen, someone will call (the helper's photo once known), in a call — the ones that
 * happened ticked, the one awaited drawn as waiting. When the hub cannot be reached, or nobody is on
 * duty, the association's phone number is shown in huge digits and read aloud.
 */
export function HelpStatusPanel({ request, hubReachable, phone, helpersOnDuty, onCancel, onClose, registerListen }: StatusProps) {
  const { t } = useTranslation();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const view = helpStatusView(request, { hubReachable, phone, helpersOnDuty });
  const name = request.helperFirstName?.trim() || t('help.someone');
  const open = isOpenHelpState(request.state);

  const title = {
    saved: t('help.savedTitle'),
    sent: t('help.sentTitle'),
    seen: t('help.seenTitle'),
    willCall: t('help.willCall', { name }),
    calling: t('help.callingTitle', { name }),
    called: t('help.calledTitle', { name }),
    resolved: t('help.resolvedTitle'),
    cancelled: t('help.cancelledTitle'),
  }[view.headline];
  const subtitle = view.nobodyAvailable
    ? t('help.nobodyOnDuty')
    : view.notDelivered && !hubReachable
      ? t('help.offline')
      : view.headline === 'willCall'
        ? t('help.keepPhone')
        : null;
  let spoken = {
    saved: t('help.savedSay'),
    sent: t('help.sentSay'),
    seen: t('help.seenSay'),
    willCall: t('help.claimedSay', { name }),
    calling: title,
    called: title,
    resolved: title,
    cancelled: title,
  }[view.headline];
  if (view.nobodyAvailable) spoken = `${spoken} ${t('help.nobodyOnDutySay')}`;
  if (view.showPhone && phone) spoken = `${spoken} ${t('help.phoneSay', { phone: formatPhone(phone) })}`;
  if (confirmCancel && open) spoken = t('help.cancelAsk');

  const listen = useSpokenOnShow(spoken);
  useEffect(() => registerListen(listen), [listen, registerListen]);
  const photo = request.helperPhoto && isHeldHelpState(request.state) ? request.helperPhoto : null;

  if (confirmCancel && open) {
    // The safe answer comes first and is the green one: keeping the request.
    return (
      <main className="screen screen--center" aria-labelledby="help-cancel-title" data-testid="help-cancel-ask">
        <h1 id="help-cancel-title" className="say">{t('help.cancelAsk')}</h1>
        <div className="yes-no">
          <PictureButton picture="check" label={t('help.cancelNo')} size="tile" tone="yes" onClick={() => setConfirmCancel(false)} data-testid="help-cancel-no" />
          <PictureButton
            picture="cross"
            label={t('help.cancelYes')}
            size="tile"
            tone="no"
            onClick={() => {
              setConfirmCancel(false);
              onCancel();
            }}
            data-testid="help-cancel-yes"
          />
        </div>
      </main>
    );
  }

  return (
    <main
      className={`screen screen--center help-status${view.showPhone ? ' help-status--phone' : ''}`}
      aria-labelledby="help-status-title"
      data-testid="help-status"
      data-state={request.state}
      data-delivered={request.delivered}
      data-headline={view.headline}
    >
      {view.stages ? (
        <ol className="help-stages" aria-label={t('help.stepsLabel')} data-testid="help-stages">
          {view.stages.map(({ stage, mark }) => (
            <li key={stage} className={`help-stage help-stage--${mark}`} data-testid={`help-stage-${stage}`} data-mark={mark}>
              <span className="help-stage__picture">
                {stage === 'willCall' && photo ? (
                  <img className="help-stage__photo" src={photo} alt={t('help.photoAlt', { name })} data-testid="helper-photo" />
                ) : (
                  <img src={pictograms[STAGE_PICTURE[stage]]} alt="" aria-hidden="true" />
                )}
                {mark !== 'later' ? <img className="help-stage__mark" src={pictograms[mark === 'done' ? 'check' : 'hourglass']} alt="" aria-hidden="true" /> : null}
              </span>
              <span className="help-stage__label">{t(`help.steps.${stage}`)}</span>
              <span className="visually-hidden">{t(`help.stageMark.${mark}`)}</span>
            </li>
          ))}
        </ol>
      ) : view.showPhone ? null : (
        <img className="help-hero" src={pictograms[HEADLINE_PICTURE[view.headline]]} alt="" aria-hidden="true" />
      )}
      <h1 id="help-status-title" className="say" aria-live="polite">{title}</h1>
      {subtitle ? (
        <p className={`say ${view.headline === 'willCall' ? 'say--strong' : 'help-subtitle--plain'}`} data-testid="help-subtitle">
          {subtitle}
        </p>
      ) : null}
      {view.showPhone && phone ? (
        <p className="phone help-phone" data-testid="help-phone">
          <img src={pictograms.phone} alt="" aria-hidden="true" />
          <span>
            {t('help.phone')} <span dir="ltr" className="phone__digits">{formatPhone(phone)}</span>
          </span>
        </p>
      ) : null}
      <div className="yes-no help-status__actions">
        <PictureButton picture="back" label={t('help.close')} size="bar" className="mirror-rtl" onClick={onClose} data-testid="help-close" />
        {open ? <PictureButton picture="cross" label={t('help.cancel')} size="bar" tone="no" onClick={() => setConfirmCancel(true)} data-testid="help-cancel" /> : null}
      </div>
    </main>
  );
}
