import { useTranslation } from 'react-i18next';
import type { Tile } from '../../../app/tiles/model.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { TileGrid } from '../tiles/TileGrid.tsx';
import { useTiles } from '../tiles/useTiles.ts';
import { NextLesson, useNextLesson } from './NextLesson.tsx';

type Props = {
  onLesson: (id: string) => void;
  onTile: (tile: Tile) => void;
  /** A home machine's language choice (not on a kiosk: there the animateur sets it). */
  onLanguage: (() => void) | null;
};

/**
 * Home: the person's tiles (issue 13: up to 8, chosen in the console for them or their place), with
 * the next lesson, huge, at their head when the lessons are one of them (issue 12). The credits are not on
 * the person's path: a home loan's helper finds them on the language screen, an animateur in a kiosk's staff menu.
 */
export function Home({ onLesson, onTile, onLanguage }: Props) {
  const { t } = useTranslation();
  const next = useNextLesson();
  const machineTiles = useTiles();
  const tiles = machineTiles?.tiles ?? [];
  const withLessons = tiles.some((tile) => tile.kind === 'lessons');
  return (
    <main className="screen screen--home" aria-labelledby="home-title" data-tiles-source={machineTiles?.source}>
      <h1 id="home-title" className="say">
        {t('home.say')}
      </h1>
      <div className="home-main">
        {withLessons ? next ? <NextLesson view={next} onOpen={onLesson} /> : <div className="next-lesson" /> : null}
        {machineTiles ? <TileGrid tiles={tiles} onOpen={onTile} besideNextLesson={withLessons} /> : null}
      </div>
      {onLanguage ? (
        <footer className="home-footer">
          <PictureButton picture="globe" label={t('language.open')} size="bar" onClick={onLanguage} data-testid="language-button" />
        </footer>
      ) : null}
    </main>
  );
}
