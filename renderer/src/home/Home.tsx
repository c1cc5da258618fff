import { useTranslation } from 'react-i18next';
import { PictureButton } from '../components/PictureButton.tsx';

export function Home({ onLessons, onHelp, onCredits }: { onLessons: () => void; onHelp: () => void; onCredits: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="screen screen--home" aria-labelledby="home-title">
      <h1 id="home-title" className="say">{t('home.say')}</h1>
      <div className="tiles">
        <PictureButton picture="books" label={t('home.lessons')} size="tile" onClick={onLessons} data-testid="tile-lessons" />
        <PictureButton picture="phone" label={t('home.help')} size="tile" tone="help" onClick={onHelp} data-testid="tile-help" />
      </div>
      <footer className="home-footer">
        <PictureButton picture="info" label={t('nav.credits')} size="bar" onClick={onCredits} data-testid="credits-button" />
      </footer>
    </main>
  );
}
