import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrolFailure } from '../../../app/bridge/contract.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { useSpokenOnShow } from '../speech.ts';
import '../help/help.css';

type Props = { onEnrolled: (assetTag: string) => void; registerListen: (l: () => void) => void };
type Phase = { kind: 'typing'; error: EnrolFailure | null } | { kind: 'sending' } | { kind: 'done'; assetTag: string };

/** The alphabet of enrolment codes (no 0/O, 1/I/L): anything else typed is dropped as the technician types. */
const CODE_CHARS = /[^ABCDEFGHJKMNPQRSTUVWXYZ23456789]/g;

/**
 * Shown only on a shell that is not enrolled yet: the technician types the 8-character one-time code
 * from the console. Each refusal has its own picture, sentence and voice.
 */
export function Enrol({ onEnrolled, registerListen }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'typing', error: null });
  const inputId = useId();

  const sentence =
    phase.kind === 'done'
      ? t('enrol.doneSay', { assetTag: phase.assetTag })
      : phase.kind === 'typing' && phase.error
        ? t(`enrol.errors.${phase.error}`)
        : t('enrol.say');
  const listen = useSpokenOnShow(sentence);
  useEffect(() => registerListen(listen), [listen, registerListen]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (code.length !== 8) {
      setPhase({ kind: 'typing', error: 'bad_format' });
      return;
    }
    setPhase({ kind: 'sending' });
    try {
      const result = await bridge.enrol({ code });
      setPhase(result.ok ? { kind: 'done', assetTag: result.assetTag } : { kind: 'typing', error: result.reason });
    } catch {
      setPhase({ kind: 'typing', error: 'unreachable' });
    }
  };

  if (phase.kind === 'done') {
    return (
      <main className="screen screen--center" aria-labelledby="enrol-title" data-testid="enrol-done">
        <img className="help-hero" src={pictograms.check} alt="" aria-hidden="true" />
        <h1 id="enrol-title" className="say">{t('enrol.doneTitle')}</h1>
        <p className="say say--strong" data-testid="enrol-asset-tag">{phase.assetTag}</p>
        <PictureButton picture="home" label={t('enrol.continue')} size="large" tone="yes" onClick={() => onEnrolled(phase.assetTag)} data-testid="enrol-continue" />
      </main>
    );
  }

  const error = phase.kind === 'typing' ? phase.error : null;
  const shownCode = code.length > 4 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
  return (
    <main className="screen screen--center enrol" aria-labelledby="enrol-title" data-testid="enrol" data-error={error ?? ''}>
      <div className="enrol__head">
        <img className="enrol__picture" src={pictograms.computer} alt="" aria-hidden="true" />
        <h1 id="enrol-title" className="say">{t('enrol.title')}</h1>
      </div>
      <form className="enrol__form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={inputId} className="enrol__label">
          <img src={pictograms.keyboard} alt="" aria-hidden="true" />
          {t('enrol.codeLabel')}
        </label>
        <div className="enrol__row">
        <input
          id={inputId}
          className="enrol__code"
          data-testid="enrol-code"
          value={shownCode}
          autoFocus
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : `${inputId}-hint`}
          onChange={(e) => {
            setCode(e.target.value.toUpperCase().replace(CODE_CHARS, '').slice(0, 8));
            if (phase.kind === 'typing' && phase.error) setPhase({ kind: 'typing', error: null });
          }}
        />
        <PictureButton
          type="submit"
          picture="check"
          label={phase.kind === 'sending' ? t('enrol.sending') : t('enrol.submit')}
          size="bar"
          tone="yes"
          disabled={phase.kind === 'sending'}
          data-testid="enrol-submit"
        />
        </div>
        {error ? (
          <p id={`${inputId}-error`} className="enrol__error" role="alert" data-testid="enrol-error">
            <img src={pictograms.warning} alt="" aria-hidden="true" />
            {t(`enrol.errors.${error}`)}
          </p>
        ) : (
          <p id={`${inputId}-hint`} className="enrol__hint">
            {t('enrol.hint')}
          </p>
        )}
      </form>
    </main>
  );
}
