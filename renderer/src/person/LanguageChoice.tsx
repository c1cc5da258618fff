import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../app/protocol/common.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { speak, useSpokenOnShow } from '../speech.ts';
import './person.css';

/**
 * A home machine's language, chosen without reading (issue 12): each language is its flags and its
 * own name, said aloud in that language when the pointer rests on it. Arabic shows the flags of the
 * countries most of the association's Arabic speakers come from; its name in Arabic says the rest.
 */
const CHOICES: { language: Language; flags: string[] }[] = [
  { language: 'fr', flags: [pictograms.flagFrance] },
  { language: 'ar', flags: [pictograms.flagAlgeria, pictograms.flagMorocco, pictograms.flagTunisia] },
  { language: 'en', flags: [pictograms.flagUk] },
];

type Props = {
  onChosen: (language: Language) => void;
  /** A home loan's "Images et sons" (credits, and the counting choices): here, where a helper setting up the loan goes, not on the home screen. */
  onCredits: () => void;
  registerListen: (l: () => void) => void;
};

export function LanguageChoice({ onChosen, onCredits, registerListen }: Props) {
  const { t } = useTranslation();
  const listen = useSpokenOnShow(t('language.say'));
  useEffect(() => registerListen(listen), [listen, registerListen]);
  const choose = async (language: Language) => {
    await bridge.setLanguage({ language });
    onChosen(language);
  };
  return (
    <main className="screen screen--center" aria-labelledby="language-title" data-testid="language-choice">
      <h1 id="language-title" className="say">
        {t('language.say')}
      </h1>
      <div className="language-choices">
        {CHOICES.map((c) => {
          // Each language's own name (the same in every locale file), said in that language.
          const name = t(`language.endonym.${c.language}`);
          return (
          <button
            key={c.language}
            type="button"
            lang={c.language}
            dir={c.language === 'ar' ? 'rtl' : 'ltr'}
            className="language-choice"
            onClick={() => void choose(c.language)}
            onPointerEnter={() => void speak(name, c.language)}
            data-testid={`language-${c.language}`}
          >
            <span className="flag-row">
              {c.flags.map((f) => (
                <img key={f} src={f} alt="" aria-hidden="true" draggable={false} />
              ))}
            </span>
            <span className="language-choice__name">{name}</span>
          </button>
          );
        })}
      </div>
      <footer className="home-footer">
        <PictureButton picture="info" label={t('nav.credits')} size="bar" onClick={onCredits} data-testid="credits-button" />
      </footer>
    </main>
  );
}
