import { useTranslation } from 'react-i18next';
import { PictureButton } from '../components/PictureButton.tsx';
import { NextLesson, useNextLesson } from './NextLesson.tsx';

type Props = {
  onLessons: () => void;
  onLesson: (id: string) => void;
  onHelp: () => void;
  onCredits: () => void;
  /** A home machine's language choice (not on a kiosk: there the animateur sets it). */
  onLanguage: (() => void) | null;
};

/** Home: the next lesson, huge; every other lesson and Help one press away. */
export function Home({ onLessons, onLesson, onHelp, onCredits, onLanguage }: Props) {
  const { t } = useTranslation();
  const next = useNextLesson();
  return (
    <main className="screen screen--home" aria-labelledby="home-title">
      <h1 id="home-title" className="say">
        {t('home.say')}
      </h1>
      <div className="home-main">
        {next ? <NextLesson view={next} onOpen={onLesson} /> : <div className="next-lesson" />}
        <div className="home-side">
          <PictureButton picture="books" label={t('home.lessons')} size="tile" onClick={onLessons} data-testid="tile-lessons" />
          <PictureButton picture="phone" label={t('home.help')} size="tile" tone="help" onClick={onHelp} data-testid="tile-help" />
        </div>
      </div>
      <footer className="home-footer">
        {onLanguage ? <PictureButton picture="globe" label={t('language.open')} size="bar" onClick={onLanguage} data-testid="language-button" /> : null}
        <PictureButton picture="info" label={t('nav.credits')} size="bar" onClick={onCredits} data-testid="credits-button" />
      </footer>
    </main>
  );
}
