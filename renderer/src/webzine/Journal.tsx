/**
 * "Le journal" (issue 17): the association's published stories, read aloud. Each story is a big card
 * (its photo, or the newspaper picture, and its title); touching it plays the story in the teller's own
 * voice, fetched from the hub. Offline, the screen says the journal cannot be reached.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishedStory } from '../../../app/protocol/webzine.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { stopSpeaking, useSpokenOnShow } from '../speech.ts';
import type { TileScreenProps } from '../tiles/openers.ts';
import './webzine.css';

/** Three cards fit 1366×768 with their pictures and 64 px targets; the newest come first. */
const SHOWN = 3;

/** The "Le journal" tile's screen. */
export function JournalTile({ registerListen }: TileScreenProps) {
  return <Journal registerListen={registerListen} />;
}

export function Journal({ registerListen }: { registerListen: (l: () => void) => void }) {
  const { t } = useTranslation();
  const [journal, setJournal] = useState<{ reachable: boolean; stories: PublishedStory[] } | null>(null);
  const [photos, setPhotos] = useState<Record<string, string>>({});
  const [playing, setPlaying] = useState<string | null>(null);
  const player = useRef<HTMLAudioElement | null>(null);
  const listen = useSpokenOnShow(journal && !journal.reachable ? t('webzine.journal.offline') : t('webzine.journal.say'));
  useEffect(() => registerListen(listen), [listen, registerListen]);

  useEffect(() => {
    let live = true;
    void bridge.getJournal({}).then(async (answer) => {
      if (!live) return;
      setJournal(answer);
      for (const s of answer.stories.slice(0, SHOWN)) {
        if (!s.photoPath) continue;
        const { dataUrl } = await bridge.getJournalMedia({ path: s.photoPath });
        if (live && dataUrl) setPhotos((p) => ({ ...p, [s.id]: dataUrl }));
      }
    });
    return () => {
      live = false;
      player.current?.pause();
    };
  }, []);

  const play = async (story: PublishedStory) => {
    player.current?.pause();
    stopSpeaking();
    if (playing === story.id) return setPlaying(null);
    setPlaying(story.id);
    const { dataUrl } = await bridge.getJournalMedia({ path: story.audioPath });
    if (!dataUrl) return setPlaying(null);
    player.current = new Audio(dataUrl);
    player.current.onended = () => setPlaying(null);
    await player.current.play().catch(() => setPlaying(null));
    document.body.dataset.journalPlayed = story.id;
  };

  return (
    <main className="screen webzine-screen" aria-labelledby="journal-title" data-testid="journal">
      <h1 id="journal-title" className="say">{t('webzine.journal.title')}</h1>
      {journal && !journal.reachable && <p className="say">{t('webzine.journal.offline')}</p>}
      {journal?.reachable && journal.stories.length === 0 && <p className="say">{t('webzine.journal.empty')}</p>}
      <ul className="webzine-cards">
        {(journal?.stories ?? []).slice(0, SHOWN).map((s) => (
          <li key={s.id} className="webzine-card" lang={s.language} dir={s.language === 'ar' ? 'rtl' : 'ltr'} data-testid="journal-story" data-id={s.id}>
            <img src={photos[s.id] ?? pictograms.newspaper} alt={s.photoPath ? s.photoAlt : ''} className={photos[s.id] ? 'webzine-card-photo' : 'webzine-card-picture'} />
            <strong>{s.title}</strong>
            <span>{s.signature ? t('webzine.journal.by', { name: s.signature }) : t('webzine.journal.anonymous')}</span>
            <PictureButton
              picture={playing === s.id ? 'stop' : 'play'}
              label={t(playing === s.id ? 'webzine.journal.stop' : 'webzine.journal.listen')}
              size="bar"
              tone={playing === s.id ? 'no' : 'yes'}
              onClick={() => void play(s)}
              data-testid="journal-play"
            />
          </li>
        ))}
      </ul>
    </main>
  );
}
