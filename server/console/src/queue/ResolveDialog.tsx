/**
 * Just after "C'est résolu", how did it end? (issue 11): four answers as big buttons, the undo with
 * its countdown (children), and "Plus tard". A modal <dialog>: focus stays inside, Escape closes it.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { HelpOutcome } from '../../../../app/help/outcome.ts';
import { useConsoleT } from '../t.ts';

type Props = { who: string; busy: boolean; onChoose(outcome: HelpOutcome): void; onClose(): void; children?: ReactNode };

export function ResolveDialog({ who, busy, onChoose, onClose, children }: Props) {
  const { t } = useConsoleT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="resolve-dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose} data-testid="resolve-dialog">
      <h2 id={titleId}>{t('outcome.title')}</h2>
      <p className="muted">{t('outcome.intro', { who })}</p>
      <div className="outcomes">
        {HelpOutcome.options.map((outcome) => (
          <button key={outcome} type="button" className="secondary big" disabled={busy} onClick={() => onChoose(outcome)} data-testid={`outcome-${outcome}`}>
            {t(`outcome.${outcome}`)}
          </button>
        ))}
      </div>
      {children}
      <button type="button" className="link" onClick={onClose} data-testid="resolve-later">
        {t('outcome.cancel')}
      </button>
    </dialog>
  );
}
