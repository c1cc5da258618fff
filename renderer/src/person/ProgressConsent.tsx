import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressConsent as Consent } from '../../../app/bridge/contract.ts';
import { bridge } from '../bridge.ts';
import { ConsentQuestion } from '../components/ConsentQuestion.tsx';
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
    { key: 'lessons', text: t('progressConsent.lessons'), pictures: [pictograms.books, pictograms.chart] },
    { key: 'helper', text: t('progressConsent.helper'), pictures: [pictograms.handshake] },
    { key: 'change', text: t('progressConsent.change'), pictures: [pictograms.cross] },
  ];
  return (
    <ConsentQuestion
      testId="progress-consent"
      title={t('progressConsent.title')}
      points={points}
      yes={t('progressConsent.yes')}
      no={t('progressConsent.no')}
      onAnswer={onAnswer}
    />
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
