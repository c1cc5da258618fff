import { useTranslation } from 'react-i18next';
import './credits.css';
import { UsageConsentSetting } from '../usage/UsageConsentSetting.tsx';
import { ProgressConsentSetting } from '../person/ProgressConsent.tsx';

/** Sources of pictures and voice; on a home loan also the person's own anonymous-counting choice
 *  (on a kiosk that choice is the animateur's, in the staff menu). */
export function Credits({ canChangeUsage }: { canChangeUsage: boolean }) {
  const { t } = useTranslation();
  return (
    <main className="screen screen--text" aria-labelledby="credits-title">
      <h1 id="credits-title" className="say">{t('credits.title')}</h1>
      {canChangeUsage ? <UsageConsentSetting /> : null}
      {/* A home loan's beneficiary may withdraw (or give) their progress consent here (issue 12). */}
      {canChangeUsage ? <ProgressConsentSetting /> : null}
      <div className="credits-sources">
        <p>{t('credits.openmoji')}</p>
        <p>{t('credits.lessonDrawings')}</p>
        <p>{t('credits.voice')}</p>
        {/* pdf.js and its standard fonts are in the build (renderer/src/tiles/pdf-page.ts). */}
        <p>{t('credits.pdf')}</p>
      </div>
    </main>
  );
}
