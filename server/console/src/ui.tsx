/** Small shared pieces of the console's pages: a page's data, a form submission, a status line, a table, a one-time secret, a date. */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
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
 * A form's submission: `busy` while it runs (the submit button is disabled), the hub's refusal turned
 * into a sentence in the console's language (`error`), and what the action says it did (`done`, the
 * sentence it returns). Each submission clears both first; `fail` shows a problem found before
 * sending (a field left empty). The action resets its own fields on success; `submit` says whether it
 * succeeded.
 */
export function useSubmission(): {
  busy: boolean;
  error: string | null;
  done: string | null;
  submit(action: () => Promise<string | void>): Promise<boolean>;
  fail(message: string): void;
} {
  const { t } = useConsoleT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = useCallback(
    async (action: () => Promise<string | void>) => {
      setBusy(true);
      setError(null);
      setDone(null);
      try {
        setDone((await action()) ?? null);
        return true;
      } catch (err) {
        setError(t(errorKey(err)));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  const fail = useCallback((message: string) => {
    setDone(null);
    setError(message);
  }, []);
  return { busy, error, done, submit, fail };
}

/**
 * What a page shows from the hub: loaded once when it opens, loaded again after each change made on
 * it. A refusal (loading or acting) becomes a sentence in the console's language, in `error`.
 * `act` runs a change, then reloads; it clears the previous error first.
 */
export function usePageData<T>(
  load: () => Promise<T>,
  initial: T,
): { data: T; error: string | null; setError(error: string | null): void; reload(): Promise<void>; act(change: () => Promise<unknown>): Promise<void> } {
  const { t } = useConsoleT();
  const [data, setData] = useState<T>(initial);
  const [error, setError] = useState<string | null>(null);
  const reload = () => load().then(setData, (err: unknown) => setError(t(errorKey(err))));
  useEffect(() => {
    void reload();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const act = async (change: () => Promise<unknown>) => {
    setError(null);
    try {
      await change();
      await reload();
    } catch (err) {
      setError(t(errorKey(err)));
    }
  };
  return { data, error, setError, reload, act };
}

/**
 * A table of the console: inside a frame that scrolls sideways on a narrow screen (the page never
 * does), one header per column, and a last column of buttons named "Actions" for screen readers
 * when `actions` is set. The caption is for screen readers unless `captionShown`.
 */
export function DataTable({
  testId,
  columns,
  caption,
  captionShown = false,
  actions = false,
  className = 'table',
  framed = true,
  children,
}: {
  testId?: string;
  columns: ReactNode[];
  caption?: string;
  captionShown?: boolean;
  actions?: boolean;
  className?: string;
  framed?: boolean;
  children: ReactNode;
}) {
  const { t } = useConsoleT();
  const table = (
    <table className={className} data-testid={testId}>
      {caption !== undefined && <caption className={captionShown ? undefined : 'visually-hidden'}>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i} scope="col">
              {column}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return framed ? <div className="table-wrap">{table}</div> : table;
}

/** The options of a select, one per value (its `value` attribute: the value itself, or `value(v)`), named by `label`. */
export function Options<T>({ values, value = String, label }: { values: readonly T[] | null | undefined; value?: (v: T) => string; label(v: T): ReactNode }) {
  return (
    <>
      {values?.map((v) => (
        <option key={value(v)} value={value(v)}>
          {label(v)}
        </option>
      ))}
    </>
  );
}
