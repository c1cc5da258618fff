import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardAnswer } from '../../../app/bridge/contract.ts';
import { CARD_PICTURES } from '../../../app/visitors/card-pictures.ts';
import { bridge } from '../bridge.ts';
import { pictograms } from '../pictograms.ts';
import { speak, useSpokenOnShow } from '../speech.ts';
import { cardPictureUrls } from './cardPictures.ts';
import { KioskButton } from './KioskButton.tsx';
import '../person/person.css';

type Props = { onResumed: (firstName: string) => void; onCancel: () => void; registerListen: (l: () => void) => void };
const CODE_LENGTH = 4;

/**
 * "J'ai une carte" (issue 12): the visitor touches the 4 pictures of their card in order. The 4 slots
 * fill as they touch; the last one sends the code. A wrong code is said kindly and the slots empty; too
 * many wrong codes on this kiosk and the visitor is asked to see the animateur (Help stays there).
 */
export function CardCode({ onResumed, onCancel, registerListen }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState<number[]>([]);
  const [answer, setAnswer] = useState<CardAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const listen = useSpokenOnShow(t('card.say'));
  useEffect(() => registerListen(listen), [listen, registerListen]);
  const name = (index: number) => t(`card.pictures.${CARD_PICTURES[index]!.id}`);

  const touch = async (index: number) => {
    if (busy || code.length >= CODE_LENGTH) return;
    const next = [...code, index];
    setCode(next);
    void speak(name(index));
    if (next.length < CODE_LENGTH) return;
    setBusy(true);
    const result = await bridge.resumeWithCard({ code: next });
    setBusy(false);
    setAnswer(result);
    if (result.ok) {
      onResumed(result.firstName);
      return;
    }
    setCode([]);
    void speak(result.reason === 'wrong' ? t('card.wrong') : result.reason === 'locked' ? t('card.locked') : t('card.unreachable'));
  };

  const locked = answer?.ok === false && answer.reason === 'locked';
  return (
    <main className="screen screen--center card-code" aria-labelledby="card-title" data-testid="card-code">
      <h1 id="card-title" className="say">
        {t('card.say')}
      </h1>
      <ol className="card-slots" aria-label={t('card.title')}>
        {Array.from({ length: CODE_LENGTH }, (_, i) => (
          <li key={i} className={`card-slot ${code[i] !== undefined ? 'is-filled' : ''}`} data-testid={`card-slot-${i}`}>
            {code[i] !== undefined ? <img src={cardPictureUrls[CARD_PICTURES[code[i]]!.id]} alt={name(code[i])} /> : <span aria-label={t('card.slot', { n: i + 1 })}>{i + 1}</span>}
          </li>
        ))}
      </ol>
      {answer && !answer.ok ? (
        <p className="card-feedback" role="alert" data-testid={`card-${answer.reason}`}>
          <img src={answer.reason === 'wrong' ? pictograms.cross : pictograms.hourglass} alt="" aria-hidden="true" />
          {answer.reason === 'wrong' ? t('card.wrong') : answer.reason === 'locked' ? t('card.locked') : t('card.unreachable')}
        </p>
      ) : null}
      <ul className="card-grid">
        {CARD_PICTURES.map((p, index) => (
          <li key={p.id}>
            <button
              type="button"
              className="card-picture"
              disabled={busy || locked}
              onClick={() => void touch(index)}
              onPointerEnter={() => void speak(name(index))}
              aria-label={name(index)}
              data-testid={`card-picture-${p.id}`}
            >
              <img src={cardPictureUrls[p.id]} alt="" aria-hidden="true" draggable={false} />
            </button>
          </li>
        ))}
      </ul>
      <div className="card-actions">
        <KioskButton picture="erase" label={t('card.erase')} size="bar" onClick={() => setCode((c) => c.slice(0, -1))} disabled={code.length === 0 || busy} data-testid="card-erase" />
        <KioskButton picture="play" label={t('kiosk.start')} size="bar" onClick={onCancel} data-testid="card-skip" />
      </div>
    </main>
  );
}
