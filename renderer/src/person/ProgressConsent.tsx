import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressConsent as Consent } from '../../../app/bridge/contract.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { speak, useSpokenOnShow } from '../speech.ts';
import './person.css';

type Props = { firstName: string; onAnswer: (granted: boolean) => void; registerListen: (l: () => void) => void };

/**
 * When a loan starts (issue 12): may the association see which lessons the person does, to help them?
 * Said aloud, in pictures, two big answers. "No" changes nothing else; the answer can change later.
 */
export function ProgressConsentQuestion({ firstName, onAnswer, registerListen }: Props) {
  const { t } = useTranslation();
  const listen = useSpokenOnShow(t('progressConsent.say', { name: firstName }));
  useEffect(() => registerListen(listen), [listen, registerListen]);
  const points = [
    { key: 'lessons', pictures: [pictograms.books, pictograms.chart] },
    { key: 'helper', pictures: [pictograms.handshake] },
    { key: 'change', pictures: [pictograms.cross] },
  ] as const;
  return (
    <main className="screen screen--center" aria-labelledby="progress-consent-title" data-testid="progress-consent">
      <h1 id="progress-consent-title" className="say">
        {t('progressConsent.title')}
      </h1>
      <ul className="consent-points">
        {points.map((p) => (
          <li key={p.key} className="consent-point">
            <span className="consent-point__pictures">
              {p.pictures.map((src) => (
                <img key={src} src={src} alt="" aria-hidden="true" draggable={false} />
              ))}
            </span>
            {t(`progressConsent.${p.key}`)}
          </li>
        ))}
      </ul>
      <div className="yes-no">
        <PictureButton picture="check" label={t('progressConsent.yes')} size="large" tone="yes" onClick={() => onAnswer(true)} data-testid="progress-consent-yes" />
        <PictureButton picture="cross" label={t('progressConsent.no')} size="large" tone="no" onClick={() => onAnswer(false)} data-testid="progress-consent-no" />
      </div>
    </main>
  );
}

/** On the "Images et sons" screen of a home loan: what is shared now, and one button to change it. */
export function ProgressConsentSetting() {
  const { t } = useTranslation();
  const [consent, setConsent] = useState<Consent | null>(null);
  useEffect(() => {
    void bridge.getPerson({}).then((p) => setConsent(p.person ? p.consent : null), () => undefined);
  }, []);
  if (!consent || consent.state === null) return null;
  const granted = consent.state === 'granted';
  const change = async () => {
    const next = await bridge.setProgressConsent({ granted: !granted });
    setConsent(next);
    void speak(next.state === 'granted' ? t('progressConsent.settingOn') : t('progressConsent.settingOff'));
  };
  return (
    <section className="usage-setting" aria-labelledby="progress-setting-title" data-testid="progress-setting" data-state={consent.state}>
      <h2 id="progress-setting-title">{t('progressConsent.settingTitle')}</h2>
      <p role="status">{granted ? t('progressConsent.settingOn') : t('progressConsent.settingOff')}</p>
      <PictureButton
        picture={granted ? 'cross' : 'check'}
        label={granted ? t('progressConsent.turnOff') : t('progressConsent.turnOn')}
        size="bar"
        tone={granted ? 'no' : 'yes'}
        onClick={() => void change()}
        data-testid="progress-setting-change"
      />
    </section>
  );
}
