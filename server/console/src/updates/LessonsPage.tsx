import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { LessonsView, PackView } from '../../../../app/protocol/updates.ts';
import { ApiFailure } from '../api.ts';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { DataTable, Status, When } from '../ui.tsx';
import { updatesApi } from './api.ts';
import { updatesErrorKey, useUpdatesT } from './t.ts';
import './updates.css';

/**
 * "Leçons": each pack with the version offered, its versions (where each came from, how many machines
 * run it), the machines still behind; and publishing a new version from a lesson folder's archive,
 * checked by the hub with lessons:check's rules (a refusal says which rule, in the hub's words).
 */
export default function LessonsPage(_props: PageProps) {
  const { t } = useUpdatesT();
  const console = useConsoleT();
  const [view, setView] = useState<LessonsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = () => updatesApi.lessons().then(setView, (err: unknown) => setError(console.t(errorKey(err))));
  useEffect(() => {
    void reload();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <main id="main" className="page lessons-page">
      <h1>{t('lessons.heading')}</h1>
      <p className="muted">{t('lessons.intro')}</p>
      <Upload onPublished={() => void reload()} titleOf={(id) => view?.packs.find((p) => p.id === id)?.title ?? id} />
      <Status error={error} testId="lessons" />
      {view && (
        <>
          <p data-testid="lessons-reporting">{t('lessons.reporting', { reporting: view.reporting, machines: view.machines })}</p>
          <PacksTable packs={view.packs} />
        </>
      )}
    </main>
  );
}

function Upload({ onPublished, titleOf }: { onPublished(): void; titleOf(id: string): string }) {
  const { t } = useUpdatesT();
  const console = useConsoleT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; detail: string | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    setError(null);
    setDone(null);
    if (!file) {
      setError({ text: t('lessons.upload.empty'), detail: null });
      return;
    }
    setBusy(true);
    try {
      const published = await updatesApi.publishPack(file);
      if (fileRef.current) fileRef.current.value = '';
      onPublished();
      setDone(t('lessons.upload.done', { title: titleOf(published.id), version: published.version }));
    } catch (err) {
      const own = err instanceof ApiFailure ? updatesErrorKey(err.code) : null;
      setError({ text: own ? t(own) : console.t(errorKey(err)), detail: own && err instanceof ApiFailure ? err.message : null });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel upload-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('lessons.upload.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('lessons.upload.file')}</label>
        <input id={`${id}-file`} ref={fileRef} type="file" accept=".tar.gz,.tgz,application/gzip" aria-describedby={`${id}-hint`} data-testid="pack-file" />
        <div id={`${id}-hint`} className="hint">
          <p>{t('lessons.upload.hintArchive')}</p>
          <code dir="ltr">tar czf souris-cliquer.tar.gz souris-cliquer/</code>
          <p>{t('lessons.upload.hintRules')}</p>
        </div>
      </div>
      <button type="submit" className="primary" disabled={busy} data-testid="pack-publish">
        {t('lessons.upload.submit')}
      </button>
      {error ? (
        <div className="error" role="alert" data-testid="pack-error">
          <p>{error.text}</p>
          {error.detail && (
            <p className="refusal-detail" dir="ltr" lang="en" data-testid="pack-error-detail">
              {error.detail}
            </p>
          )}
        </div>
      ) : (
        <Status error={null} done={done} testId="pack" />
      )}
    </form>
  );
}

function PacksTable({ packs }: { packs: PackView[] }) {
  const { t } = useUpdatesT();
  return (
    <DataTable testId="packs-table" caption={t('lessons.table.caption')} captionShown
      columns={[t('lessons.table.lesson'), t('lessons.table.offered'), t('lessons.table.versions'), t('lessons.table.behind')]}>
      {packs.map((pack) => (
        <tr key={pack.id} data-testid="pack-row" data-pack={pack.id} data-offered={pack.offered}>
          <th scope="row">
            <span lang="fr" dir="ltr" className="pack-title">
              {pack.title}
            </span>
            <span className="pack-id" dir="ltr">
              {pack.id}
            </span>
          </th>
          <td>{t('lessons.table.version', { version: pack.offered })}</td>
          <td>
            <ul className="pack-versions">
              {pack.versions.map((v) => (
                <li
                  key={v.version}
                  className={v.version === pack.offered && pack.versions.length > 1 ? 'offered' : undefined}
                  data-testid="pack-version"
                  data-version={v.version}
                  data-machines={v.machines}
                >
                  <bdi>{t('lessons.table.version', { version: v.version })}</bdi> · <bdi>{t(`lessons.source.${v.source}`)}</bdi>
                  {v.publishedBy && (
                    <>
                      {' '}
                      <bdi>{t('lessons.publishedBy', { name: v.publishedBy })}</bdi>
                    </>
                  )}
                  {v.source !== 'bundled' && (
                    <>
                      {' '}
                      · <bdi><When iso={v.publishedAt} /></bdi>
                    </>
                  )}{' '}
                  · <MachineTags count={v.machines} tags={v.machineTags} />
                </li>
              ))}
            </ul>
          </td>
          <td data-testid="pack-behind">{pack.behind}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** How many machines run a version, and which: their asset tags, unfolded on demand. */
function MachineTags({ count, tags }: { count: number; tags: string[] }) {
  const { t } = useUpdatesT();
  const label = <bdi>{t('lessons.table.machines', { count })}</bdi>;
  if (count === 0) return label;
  return (
    <details className="machine-tags" data-testid="version-machines">
      <summary>{label}</summary>
      <ul dir="ltr">
        {tags.map((tag) => (
          <li key={tag}>{tag}</li>
        ))}
      </ul>
    </details>
  );
}
