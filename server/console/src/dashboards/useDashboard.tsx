import { useEffect, useState, type DependencyList, type ReactNode } from 'react';
import { ApiFailure } from '../api.ts';
import { useConsoleT } from '../t.ts';

/**
 * A dashboard's figures: loaded when it opens and again when `deps` change (a late answer for older
 * deps is dropped). `notice` says "loading" until they come, or why they cannot (403: not allowed).
 */
export function useDashboard<T>(load: () => Promise<T>, deps: DependencyList): { data: T | null; notice: ReactNode } {
  const { t } = useConsoleT();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e: unknown) => live && setError(e instanceof ApiFailure ? e.status : 0),
    );
    return () => {
      live = false;
    };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  const notice =
    error !== null ? (
      <p className="error" role="alert">
        {t(error === 403 ? 'dashboards.forbidden' : 'dashboards.error')}
      </p>
    ) : data === null ? (
      <p className="loading">{t('dashboards.loading')}</p>
    ) : null;
  return { data, notice };
}
