import { useTranslation } from 'react-i18next';

export function Credits() {
  const { t } = useTranslation();
  return (
    <main className="screen screen--text" aria-labelledby="credits-title">
      <h1 id="credits-title" className="say">{t('credits.title')}</h1>
      <p>{t('credits.openmoji')}</p>
      <p>{t('credits.lessonDrawings')}</p>
      <p>{t('credits.voice')}</p>
    </main>
  );
}
