import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsentQuestion } from '../components/ConsentQuestion.tsx';
import { useSpokenOnShow } from '../speech.ts';
import { consentPictures } from './pictures.ts';

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
    { key: 'count', text: t('consent.count'), pictures: [consentPictures.books, consentPictures.numbers] },
    { key: 'anonymous', text: t('consent.anonymous'), pictures: [consentPictures.seeNoEvil] },
    { key: 'private', text: t('consent.private'), pictures: [consentPictures.lock] },
    { key: 'free', text: t('consent.free'), pictures: [consentPictures.raisedHand] },
  ];
  return <ConsentQuestion testId="consent" title={t('consent.title')} points={points} yes={t('consent.yes')} no={t('consent.no')} onAnswer={onAnswer} />;
}
