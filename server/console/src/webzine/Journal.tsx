/**
 * The webzine's editorial queue (issue 17): the stories to review, published, or closed, in a list; the
 * chosen one opens in the editor beside it. The list reloads after every change the editor makes.
 */
import { useCallback, useEffect, useState } from 'react';
import type { StoryState, StoryView, WebzineIssue } from '../../../../app/protocol/webzine.ts';
import { api } from '../api.ts';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { Status, When } from '../ui.tsx';
import { StoryEditor } from './StoryEditor.tsx';

type Tab = 'submitted' | 'published' | 'closed';
const TAB_STATES: Record<Tab, StoryState[]> = { submitted: ['submitted'], published: ['published'], closed: ['declined', 'withdrawn'] };
const TABS: Tab[] = ['submitted', 'published', 'closed'];

export default function Journal(_props: PageProps) {
  const { t } = useConsoleT();
  const [tab, setTab] = useState<Tab>('submitted');
  const [stories, setStories] = useState<StoryView[] | null>(null);
  const [issues, setIssues] = useState<WebzineIssue[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const [all, list] = await Promise.all([api.stories('all'), api.issues()]);
      setStories(all);
      setIssues(list);
    } catch (err) {
      setError(t(errorKey(err)));
    }
  }, [t]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const shown = (stories ?? []).filter((s) => TAB_STATES[tab].includes(s.state)).sort((a, b) => (tab === 'submitted' ? a.receivedAt.localeCompare(b.receivedAt) : b.updatedAt.localeCompare(a.updatedAt)));
  const current = shown.find((s) => s.id === selected) ?? shown[0] ?? null;

  return (
    <main id="main" className="page webzine">
      <div className="queue-head">
        <h1>{t('webzine.heading')}</h1>
        <a href="/webzine/" target="_blank" rel="noopener" data-testid="webzine-site-link">
          {t('webzine.viewSite')}
        </a>
      </div>
      <p className="muted">{t('webzine.intro')}</p>
      <div className="webzine-tabs" role="group" aria-label={t('webzine.tabs.label')}>
        {TABS.map((name) => (
          <button key={name} type="button" className={tab === name ? 'primary' : 'secondary'} aria-pressed={tab === name} onClick={() => (setTab(name), setNotice(null))} data-testid={`webzine-tab-${name}`}>
            {t(`webzine.tabs.${name}`)} ({(stories ?? []).filter((s) => TAB_STATES[name].includes(s.state)).length})
          </button>
        ))}
      </div>
      <Status error={error} done={notice} testId="webzine" />
      <div className="webzine-layout">
        <ul className="webzine-list" aria-label={t('webzine.listLabel')}>
          {stories && shown.length === 0 && <li className="empty">{t('webzine.empty')}</li>}
          {shown.map((s) => (
            <li key={s.id}>
              <button type="button" className={current?.id === s.id ? 'webzine-item current' : 'webzine-item'} aria-current={current?.id === s.id ? 'true' : undefined} onClick={() => setSelected(s.id)} data-testid="webzine-item">
                <strong {...(s.title ? { lang: s.language, dir: s.language === 'ar' ? 'rtl' : 'ltr' } : {})}>{s.title || t('webzine.untitled')}</strong>
                <span className="muted">
                  {t('webzine.from', { asset: s.assetTag })} · {t('webzine.duration', { seconds: Math.round(s.durationMs / 1000) })} · <When iso={s.receivedAt} />
                </span>
                <span className="badge">{t(`webzine.state.${s.state}`)}</span>
              </button>
            </li>
          ))}
        </ul>
        {current && <StoryEditor key={current.id} story={current} issues={issues} onChanged={(done) => (setNotice(done), void reload())} />}
      </div>
    </main>
  );
}
