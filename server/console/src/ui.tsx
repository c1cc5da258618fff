/** Small shared pieces of the console's pages: a form submission, a status line, a one-time secret, a date. */
import { useCallback, useState, type ReactNode } from 'react';
import { errorKey } from './errors.ts';
import { useConsoleT } from './t.ts';

export function Status({ error, done, testId }: { error: string | null; done?: string | null; testId?: string }) {
  if (error) {
    return (
      <p className="error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
        {error}
      </p>
    );
  }
  if (done) {
    return (
      <p className="done" role="status" data-testid={testId ? `${testId}-done` : undefined}>
        {done}
      </p>
    );
  }
  return null;
}

/** A code or password the hub shows once: big, grouped, with what to do with it. */
export function OneTimeSecret({ title, value, hint, testId, children }: { title: string; value: string; hint: string; testId: string; children?: ReactNode }) {
  const { t } = useConsoleT();
  const grouped = value.length === 8 ? `${value.slice(0, 4)}-${value.slice(4)}` : value;
  return (
    <section className="secret" role="status" aria-labelledby={`${testId}-title`}>
      <h2 id={`${testId}-title`}>{title}</h2>
      <p className="secret-value" data-testid={testId} data-value={value}>
        {grouped}
      </p>
      <p>{hint}</p>
      {children}
      <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(value).catch(() => undefined)}>
        {t('common.copy')}
      </button>
    </section>
  );
}

export function When({ iso }: { iso: string | null }) {
  const { t, i18n } = useConsoleT();
  if (!iso) return <span className="muted">{t('common.never')}</span>;
  return <time dateTime={iso}>{new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })}</time>;
}

/**
 * A form's submission: `busy` while it runs (the submit button is disabled), and the hub's refusal
 * turned into a sentence in the console's language. The action resets its own fields on success.
 */
export function useSubmission(): { busy: boolean; error: string | null; submit(action: () => Promise<void>): Promise<void> } {
  const { t } = useConsoleT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (err) {
        setError(t(errorKey(err)));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, error, submit };
}
