/**
 * After a resolution: "Demande de Jeanne résolue (par téléphone). Annuler (9 s)". The count runs
 * down from RESOLVE_UNDO_MS; pressing Annuler reopens the request (the hub checks the time too).
 */
import { useEffect, useState } from 'react';
import { RESOLVE_UNDO_MS } from '../../../../app/help/outcome.ts';
import { useConsoleT } from '../t.ts';

type Props = { text: string; resolvedAt: number; busy: boolean; onUndo(): void; onExpired(): void };

export function UndoBar({ text, resolvedAt, busy, onUndo, onExpired }: Props) {
  const { t } = useConsoleT();
  const [now, setNow] = useState(() => Date.now());
  const left = Math.max(0, Math.ceil((resolvedAt + RESOLVE_UNDO_MS - now) / 1000));
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(tick);
  }, []);
  useEffect(() => {
    if (left === 0) onExpired();
  }, [left, onExpired]);
  return (
    <div className="undo-bar" role="status" data-testid="undo-bar">
      <span>{text}</span>
      <button type="button" className="secondary" disabled={busy || left === 0} onClick={onUndo} data-testid="undo">
        {t('queue.undo', { seconds: left })}
      </button>
    </div>
  );
}
