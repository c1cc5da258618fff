/**
 * "Mes histoires" (issue 17): the person's stories and where each stands, in words and pictures; a
 * declined one says why (the helper's reason, in the person's language); any story still waiting or
 * published can be withdrawn, after a spoken yes/no question whose safe answer comes first.
 *
 * On a kiosk only the current visit's stories are here (main/services/webzine.ts): a shared screen must
 * never show nor let anyone withdraw what another visitor told. A visitor who wants a story from another
 * day taken out is told, in words and aloud, that a person of the association can do it, and one touch
 * asks for that person (the help request; the helper withdraws it from the console's Journal page).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyStory } from '../../../app/protocol/webzine.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms, type PictogramName } from '../pictograms.ts';
import { speak, useSpokenOnShow } from '../speech.ts';
import './webzine.css';

const STATE_PICTURE: Record<MyStory['state'], PictogramName> = {
  waiting: 'hourglass',
  submitted: 'eyes',
  published: 'newspaper',
  declined: 'cross',
  withdrawn: 'bin',
};
/** Only a few stories fit the screen without scrolling; the newest come first. */
const SHOWN = 3;

export function MyStories({ registerListen, onHelp }: { registerListen: (l: () => void) => void; onHelp: () => void }) {
  const { t, i18n } = useTranslation();
  const [stories, setStories] = useState<MyStory[] | null>(null);
  const [asking, setAsking] = useState<MyStory | null>(null);
  const [kiosk, setKiosk] = useState(false);
  const load = useCallback(() => void bridge.getMyStories({}).then(setStories, () => setStories([])), []);
  useEffect(load, [load]);
  useEffect(() => void bridge.getShellInfo({}).then((info) => setKiosk(info.mode === 'kiosk'), () => undefined), []);
  const listen = useSpokenOnShow(asking ? t('webzine.mine.askSay') : kiosk ? `${t('webzine.mine.say')} ${t('webzine.mine.otherVisitSay')}` : t('webzine.mine.say'));
  useEffect(() => registerListen(listen), [listen, registerListen]);

  const name = (s: MyStory) => s.title || t('webzine.mine.story', { date: new Date(s.updatedAt).toLocaleDateString(i18n.language, { day: 'numeric', month: 'long' }) });

  if (asking)
    return (
      <main className="screen screen--center webzine-screen" aria-labelledby="mine-title" data-testid="mine-ask">
        <img className="webzine-hero" src={pictograms.bin} alt="" aria-hidden="true" />
        <h1 id="mine-title" className="say">{t('webzine.mine.ask')}</h1>
        <div className="yes-no">
          <PictureButton picture="check" label={t('webzine.mine.no')} size="tile" tone="yes" onClick={() => setAsking(null)} data-testid="mine-keep" />
          <PictureButton picture="bin" label={t('webzine.mine.yes')} size="tile" tone="no" onClick={() => void bridge.withdrawStory({ id: asking.id }).then(() => (setAsking(null), load()))} data-testid="mine-withdraw-yes" />
        </div>
      </main>
    );

  return (
    <main className="screen webzine-screen" aria-labelledby="mine-title" data-testid="mine">
      <h1 id="mine-title" className="say">{t('webzine.mine.title')}</h1>
      {stories && stories.length === 0 && <p className="say">{t('webzine.mine.empty')}</p>}
      <ul className="webzine-rows">
        {(stories ?? []).slice(0, kiosk ? SHOWN - 1 : SHOWN).map((s) => (
          <li key={s.id} className="webzine-row" data-testid="mine-story" data-state={s.state}>
            <img src={pictograms[STATE_PICTURE[s.state]]} alt="" aria-hidden="true" />
            <div className="webzine-row-text">
              <strong>{name(s)}</strong>
              <span>{t(`webzine.mine.state.${s.state}`)}</span>
            </div>
            {s.state === 'declined' && s.declineReason && (
              <PictureButton picture="speaker" label={t('webzine.mine.hear')} size="bar" onClick={() => void speak(t(`webzine.reason.${s.declineReason ?? 'other'}`))} data-testid="mine-hear-reason" />
            )}
            {(s.state === 'waiting' || s.state === 'submitted' || s.state === 'published') && (
              <PictureButton picture="bin" label={t('webzine.mine.withdraw')} size="bar" onClick={() => setAsking(s)} data-testid="mine-withdraw" />
            )}
          </li>
        ))}
      </ul>
      {kiosk && (
        <div className="webzine-row webzine-other-visit" data-testid="mine-other-visit">
          <img src={pictograms.handshake} alt="" aria-hidden="true" />
          <p className="webzine-row-text">{t('webzine.mine.otherVisit')}</p>
          <PictureButton picture="person" label={t('webzine.mine.askPerson')} size="bar" onClick={onHelp} data-testid="mine-ask-person" />
        </div>
      )}
    </main>
  );
}
