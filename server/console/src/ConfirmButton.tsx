/**
 * A button for what cannot be undone (retiring a machine, forgetting a visitor, withdrawing a
 * consent): pressed, it asks once, in the page, instead of a browser dialog. The cursor moves to the
 * question, so that a screen reader says it at once; Escape or "No" puts the question away and the
 * cursor back on the button; "Yes" runs the action. A refusal from the hub is said under the
 * question, which stays open to try again.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { errorKey } from './errors.ts';
import { useConsoleT } from './t.ts';
import { Status } from './ui.tsx';

export function ConfirmButton({
  label,
  labelDetail,
  question,
  yes,
  no,
  action,
  testId,
  small = false,
}: {
  /** The button, and the name of the question's group. */
  label: string;
  /** Said after the label to screen readers only: which row's button this is (a machine's asset tag). */
  labelDetail?: string;
  question: string;
  yes: string;
  no: string;
  /** Throws when the hub refuses; the question stays open with the reason. */
  action(): Promise<void>;
  /** `testId` (the button), `-confirm` (the question's group), `-yes`, `-no`, `-error`. */
  testId: string;
  small?: boolean;
}) {
  const { t } = useConsoleT();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  // Where the cursor goes after the question opens or closes; nothing moves on the first render.
  const moveFocus = useRef(false);
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    (asking ? questionRef.current : button.current)?.focus();
  }, [asking]);

  const open = (next: boolean) => {
    moveFocus.current = true;
    setError(null);
    setAsking(next);
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setAsking(false);
    } catch (err) {
      setError(t(errorKey(err)));
    } finally {
      setBusy(false);
    }
  };
  const size = small ? ' small' : '';

  if (!asking) {
    return (
      <button type="button" ref={button} className={`secondary danger${size}`} onClick={() => open(true)} data-testid={testId}>
        {label}
        {labelDetail && <span className="visually-hidden"> {labelDetail}</span>}
      </button>
    );
  }
  return (
    <div
      className="confirm"
      role="group"
      aria-label={labelDetail ? `${label} ${labelDetail}` : label}
      data-testid={`${testId}-confirm`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) {
          e.stopPropagation();
          open(false);
        }
      }}
    >
      <p id={`${id}-question`} ref={questionRef} tabIndex={-1} data-testid={`${testId}-question`}>
        {question}
      </p>
      <button type="button" className={`primary danger${size}`} disabled={busy} onClick={() => void confirm()} data-testid={`${testId}-yes`}>
        {yes}
      </button>
      <button type="button" className={`secondary${size}`} disabled={busy} onClick={() => open(false)} data-testid={`${testId}-no`}>
        {no}
      </button>
      <Status error={error} testId={testId} />
    </div>
  );
}
