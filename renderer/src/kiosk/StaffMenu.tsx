import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskState, StaffAction } from '../../../app/bridge/contract.ts';
import { bridge } from '../bridge.ts';
import { setLanguage, type UiLanguage } from '../i18n.ts';
import { KioskButton } from './KioskButton.tsx';
import { useSpokenOnShow } from '../speech.ts';
import { UsageConsentSetting } from '../usage/UsageConsentSetting.tsx';
import { Credits } from '../credits/Credits.tsx';

type Props = { state: KioskState; onState: (state: KioskState) => void; onClose: () => void };

/** The animateur's menu, behind the PIN (checked in main, with a lock-out). */
export function StaffMenu({ state, onState, onClose }: Props) {
  const [staffToken, setStaffToken] = useState<string | null>(null);
  return staffToken ? (
    <StaffActions staffToken={staffToken} state={state} onState={onState} onLocked={() => setStaffToken(null)} onClose={onClose} />
  ) : (
    <PinPad onOpened={setStaffToken} onCancel={onClose} />
  );
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

function PinPad({ onOpened, onCancel }: { onOpened: (token: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string>(t('kiosk.pinSay'));
  useSpokenOnShow(t('kiosk.pinSay'));
  const type = (digit: string) => setPin((current) => (current.length < 8 ? current + digit : current));
  const submit = async () => {
    if (pin.length < 4) {
      setMessage(t('kiosk.pinShort'));
      return;
    }
    const answer = await bridge.checkStaffPin({ pin });
    setPin('');
    if (answer.ok) onOpened(answer.staffToken);
    else if (answer.reason === 'no_pin') setMessage(t('kiosk.pinNotSet'));
    else if (answer.reason === 'locked') setMessage(t('kiosk.pinLocked', { seconds: answer.retryInSeconds }));
    else setMessage(t('kiosk.pinWrong', { count: answer.attemptsLeft }));
  };
  return (
    <div className="shell" data-screen="kiosk-pin">
      <main className="screen screen--center kiosk-staff" aria-labelledby="kiosk-pin-title" data-testid="kiosk-pin">
        <h1 id="kiosk-pin-title" className="say">
          {t('kiosk.pinTitle')}
        </h1>
        <p className="kiosk-pin__dots" aria-label={t('kiosk.pinTyped', { count: pin.length })} data-testid="kiosk-pin-dots">
          {pin.length === 0 ? '\u00a0' : '●'.repeat(pin.length)}
        </p>
        <p className="kiosk-status" role="status" data-testid="kiosk-pin-message">
          {message}
        </p>
        <div className="kiosk-pin__pad" dir="ltr">
          {DIGITS.map((digit) => (
            <button key={digit} type="button" className="kiosk-pin__key" onClick={() => type(digit)} data-testid={`kiosk-pin-${digit}`}>
              {digit}
            </button>
          ))}
          <KioskButton picture="erase" label={t('kiosk.pinErase')} size="key" onClick={() => setPin((p) => p.slice(0, -1))} data-testid="kiosk-pin-erase" />
          <button type="button" className="kiosk-pin__key" onClick={() => type('0')} data-testid="kiosk-pin-0">
            0
          </button>
          <KioskButton picture="check" label={t('kiosk.pinOk')} size="key" tone="yes" onClick={() => void submit()} data-testid="kiosk-pin-ok" />
        </div>
        <KioskButton picture="cross" label={t('kiosk.staffClose')} size="bar" onClick={onCancel} data-testid="kiosk-pin-cancel" />
      </main>
    </div>
  );
}

const LANGUAGES: Array<{ code: UiLanguage; name: string }> = [
  { code: 'fr', name: 'Français' },
  { code: 'en', name: 'English' },
  { code: 'ar', name: 'العربية' },
];

function StaffActions({ staffToken, state, onState, onLocked, onClose }: { staffToken: string; state: KioskState; onState: (s: KioskState) => void; onLocked: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string>(t('kiosk.staffSay'));
  // The credits (licence attribution) live here on a kiosk, off the visitors' path.
  const [creditsOpen, setCreditsOpen] = useState(false);
  useSpokenOnShow(t('kiosk.staffSay'));
  const volume = state.volume ?? 50;

  const act = async (action: StaffAction, said: string, failed = t('kiosk.staffFailed')) => {
    const answer = await bridge.staffAction({ staffToken, action });
    onState(answer.state);
    if (answer.done) setStatus(said);
    else if (action.type === 'volume') setStatus(t('kiosk.volumeUnavailable', { level: action.level }));
    else if (action.type === 'leaveKioskUntilReboot') setStatus(failed);
    // Refused otherwise means the staff token ran out (a few minutes): the PIN again.
    else onLocked();
    return answer.done;
  };
  const close = async () => {
    await bridge.staffAction({ staffToken, action: { type: 'close' } }).catch(() => undefined);
    onClose();
  };
  const changeLanguage = async (language: UiLanguage) => {
    if (await act({ type: 'language', language }, t('kiosk.languageDone'))) await setLanguage(language);
  };

  if (creditsOpen)
    return (
      <div className="shell" data-screen="kiosk-credits">
        <Credits canChangeUsage={false} />
        <footer className="kiosk-staff__row kiosk-staff__row--actions">
          <KioskButton picture="back" label={t('help.close')} size="bar" className="mirror-rtl" onClick={() => setCreditsOpen(false)} data-testid="kiosk-credits-close" />
        </footer>
      </div>
    );

  return (
    <div className="shell" data-screen="kiosk-staff">
      <main className="screen kiosk-staff" aria-labelledby="kiosk-staff-title" data-testid="kiosk-staff-menu">
        <h1 id="kiosk-staff-title" className="say">
          {t('kiosk.staffTitle')}
        </h1>
        <p className="kiosk-status" role="status" data-testid="kiosk-staff-status">
          {status}
        </p>
        <section className="kiosk-staff__row" aria-labelledby="kiosk-volume-title">
          <h2 id="kiosk-volume-title" className="kiosk-staff__label">
            {t('kiosk.volumeTitle', { level: volume })}
          </h2>
          <KioskButton
            picture="speakerLow"
            label={t('kiosk.volumeDown')}
            size="bar"
            onClick={() => void act({ type: 'volume', level: Math.max(0, volume - 10) }, t('kiosk.volumeDone', { level: Math.max(0, volume - 10) }))}
            data-testid="kiosk-volume-down"
          />
          <KioskButton
            picture="speakerHigh"
            label={t('kiosk.volumeUp')}
            size="bar"
            onClick={() => void act({ type: 'volume', level: Math.min(100, volume + 10) }, t('kiosk.volumeDone', { level: Math.min(100, volume + 10) }))}
            data-testid="kiosk-volume-up"
          />
          <KioskButton picture="info" label={t('nav.credits')} size="bar" className="kiosk-staff__aside" onClick={() => setCreditsOpen(true)} data-testid="kiosk-credits" />
        </section>
        <section className="kiosk-staff__row" aria-labelledby="kiosk-language-title">
          <h2 id="kiosk-language-title" className="kiosk-staff__label">
            {t('kiosk.languageTitle')}
          </h2>
          {LANGUAGES.map(({ code, name }) => (
            <KioskButton key={code} picture="globe" label={name} lang={code} size="bar" onClick={() => void changeLanguage(code)} data-testid={`kiosk-language-${code}`} />
          ))}
        </section>
        <UsageConsentSetting layout="row" />
        <section className="kiosk-staff__row kiosk-staff__row--actions" aria-label={t('kiosk.staffTitle')}>
          <KioskButton picture="broom" label={t('kiosk.endAll')} size="bar" onClick={() => void act({ type: 'endAllSessions' }, t('kiosk.endAllDone'))} data-testid="kiosk-end-all" />
          <KioskButton picture="restart" label={t('kiosk.restart')} size="bar" onClick={() => void act({ type: 'restart' }, t('kiosk.restartDone'))} data-testid="kiosk-restart" />
          <KioskButton
            picture="desktop"
            label={t('kiosk.leaveKiosk')}
            size="bar"
            onClick={() => void act({ type: 'leaveKioskUntilReboot' }, t('kiosk.leaveKioskDone'), t('kiosk.leaveKioskFailed'))}
            data-testid="kiosk-leave"
          />
          <KioskButton picture="cross" label={t('kiosk.staffClose')} size="bar" onClick={() => void close()} data-testid="kiosk-staff-close" />
        </section>
      </main>
    </div>
  );
}
