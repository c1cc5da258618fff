import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PictureButton } from '../components/PictureButton.tsx';
import { useSpokenOnShow } from '../speech.ts';
import { consentPictures } from './pictures.ts';
import '../usage/consent.css';

type Props = { onAnswer: (granted: boolean) => void; registerListen: (l: () => void) => void };

/**
 * First start: may Passerelle count, anonymously? Said aloud, shown in pictures, answered with one of
 * two big buttons. Saying no changes nothing else in the shell. Staff can change the answer later.
 */
export function Consent({ onAnswer, registerListen }: Props) {
  const { t } = useTranslation();
  const listen = useSpokenOnShow(t('consent.say'));
  useEffect(() => registerListen(listen), [listen, registerListen]);
  const points = [
    { key: 'count', pictures: [consentPictures.books, consentPictures.numbers] },
    { key: 'anonymous', pictures: [consentPictures.seeNoEvil] },
    { key: 'private', pictures: [consentPictures.lock] },
    { key: 'free', pictures: [consentPictures.raisedHand] },
  ] as const;
  return (
    <main className="screen screen--center" aria-labelledby="consent-title" data-testid="consent">
      <h1 id="consent-title" className="say">
        {t('consent.title')}
      </h1>
      <ul className="consent-points">
        {points.map((p) => (
          <li key={p.key} className="consent-point">
            <span className="consent-point__pictures">
              {p.pictures.map((src) => (
                <img key={src} src={src} alt="" aria-hidden="true" draggable={false} />
              ))}
            </span>
            {t(`consent.${p.key}`)}
          </li>
        ))}
      </ul>
      <div className="yes-no">
        <PictureButton picture="check" label={t('consent.yes')} size="large" tone="yes" onClick={() => onAnswer(true)} data-testid="consent-yes" />
        <PictureButton picture="cross" label={t('consent.no')} size="large" tone="no" onClick={() => onAnswer(false)} data-testid="consent-no" />
      </div>
    </main>
  );
}
