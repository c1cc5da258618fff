import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsageConsent } from '../../../app/bridge/contract.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { speak } from '../speech.ts';
import './consent.css';

/**
 * Change the anonymous-counting answer at any time: one sentence saying what happens now and one
 * big button to change it. Stopping discards what was counted and not yet sent.
 */
/** `row` fits the animateur's menu: label, state and button on one line. */
export function UsageConsentSetting({ layout = 'block' }: { layout?: 'block' | 'row' }) {
  const { t } = useTranslation();
  const [consent, setConsent] = useState<UsageConsent | null>(null);
  useEffect(() => {
    void bridge.getUsageConsent({}).then(setConsent, () => undefined);
  }, []);
  if (!consent) return null;
  const change = async () => {
    const next = await bridge.setUsageConsent({ granted: !consent.granted });
    setConsent(next);
    void speak(next.granted ? t('consent.settingOn') : t('consent.settingOff'));
  };
  return (
    <section
      className={layout === 'row' ? 'kiosk-staff__row usage-setting--row' : 'usage-setting'}
      aria-labelledby="usage-setting-title"
      data-testid="usage-setting"
      data-granted={consent.granted}
    >
      <h2 id="usage-setting-title" className={layout === 'row' ? 'kiosk-staff__label' : undefined}>
        {t('consent.settingTitle')}
      </h2>
      <p role="status">{consent.granted ? t('consent.settingOn') : t('consent.settingOff')}</p>
      <PictureButton
        picture={consent.granted ? 'cross' : 'check'}
        label={consent.granted ? t('consent.turnOff') : t('consent.turnOn')}
        size="bar"
        tone={consent.granted ? 'no' : 'yes'}
        onClick={() => void change()}
        data-testid="usage-setting-toggle"
      />
    </section>
  );
}
