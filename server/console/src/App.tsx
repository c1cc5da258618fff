import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { FIRST_RUN_ADMIN_NAME, hasRole } from '../../../app/protocol/hub.ts';
import { isUnclaimedHelpState } from '../../../app/help/states.ts';
import { tabTitle } from './queue/filter.ts';
import { api, setCsrfToken, type Me } from './api.ts';
import { ChoosePassword } from './ChoosePassword.tsx';
import { FeedProvider, useFeed } from './feed.tsx';
import { CallPanel } from './call/CallPanel.tsx';
import { Login } from './Login.tsx';
import { askNotifyPermission, notifyPermission, type NotifyPermission } from './notify.ts';
import { nextLanguage } from './languages.ts';
import { matchPath, navigate, useHashPath } from './router.ts';
import { DEFAULT_PATH, routes } from './routes.ts';
import { useConsoleT } from './t.ts';

type Phase = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: Me };

export function App() {
  const { t, i18n } = useConsoleT();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const signedIn = (me: Me) => {
    setCsrfToken(me.csrfToken);
    setPhase({ kind: 'signed-in', me });
  };

  useEffect(() => {
    api.me().then(signedIn, () => setPhase({ kind: 'signed-out' }));
  }, []);

  async function logout() {
    try {
      await api.logout();
    } finally {
      setCsrfToken('');
      setPhase({ kind: 'signed-out' });
    }
  }

  // fr → en → ar → fr: the button names the next language in that language (the label says it in full).
  const otherLanguage = nextLanguage(i18n.language);
  const languageButton = (
    <button
      type="button"
      className="link"
      lang={otherLanguage}
      aria-label={t('app.languageLabel')}
      onClick={() => void i18n.changeLanguage(otherLanguage)}
    >
      {/* Signed in, the header is one row: the short form ("EN"), the label says it in full. */}
      {phase.kind === 'signed-in' ? t('app.languageShort') : t('app.language')}
    </button>
  );

  if (phase.kind === 'signed-in' && phase.me.mustChangePassword) {
    return (
      <>
        <header className="topbar">
          <Brand />
          <div className="topbar-actions">{languageButton}</div>
        </header>
        <ChoosePassword me={phase.me} onChosen={signedIn} onLogout={() => void logout()} />
      </>
    );
  }

  if (phase.kind !== 'signed-in') {
    return (
      <>
        <a className="skip" href="#main">
          {t('app.skip')}
        </a>
        <header className="topbar">
          <Brand />
          <div className="topbar-actions">{languageButton}</div>
        </header>
        {phase.kind === 'loading' ? (
          <main id="main" className="loading" aria-busy="true">
            {t('app.loading')}
          </main>
        ) : (
          <Login onSignedIn={signedIn} />
        )}
      </>
    );
  }

  return (
    <FeedProvider onSignedOut={() => setPhase({ kind: 'signed-out' })}>
      <SignedIn me={phase.me} onMeChanged={signedIn} onLogout={() => void logout()} languageButton={languageButton} />
    </FeedProvider>
  );
}

function Brand() {
  const { t } = useConsoleT();
  return (
    <div className="brand">
      <span className="logo" aria-hidden="true">
        P
      </span>
      <span>
        <strong>{t('app.title')}</strong>
        <span className="subtitle">{t('app.subtitle')}</span>
      </span>
    </div>
  );
}

function CompactBrand() {
  const { t } = useConsoleT();
  // Signed in, the header must hold in one row at 1366 px (issue 11): the subtitle lives in the tab title.
  return (
    <div className="brand">
      <span className="logo" aria-hidden="true">
        P
      </span>
      <strong>{t('app.title')}</strong>
    </div>
  );
}

function SignedIn({ me, onMeChanged, onLogout, languageButton }: { me: Me; onMeChanged(me: Me): void; onLogout(): void; languageButton: ReactNode }) {
  const { t } = useConsoleT();
  const path = useHashPath();
  const { queue, announce } = useFeed();
  const allowed = routes.filter((r) => hasRole(me.role, r.minRole));
  const match = allowed.map((r) => ({ route: r, params: matchPath(r.path, path) })).find((m) => m.params !== null);

  useEffect(() => {
    if (!match) navigate(DEFAULT_PATH);
  }, [match]);

  const waiting = queue.filter((r) => isUnclaimedHelpState(r.state)).length;
  const Page = match?.route.Page;
  // The tab says how many wait, so a helper working in another tab sees it: "(2) Passerelle — …".
  const baseTitle = `${t('app.title')} — ${t('app.subtitle')}`;
  useEffect(() => {
    document.title = tabTitle(baseTitle, waiting);
  }, [baseTitle, waiting]);

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <CompactBrand />
        <nav className="nav" aria-label={t('nav.label')}>
          <ul>
            {allowed
              .filter((r) => r.label)
              .map((r) => (
                <li key={r.path}>
                  <a href={`#/${r.path}`} aria-current={match?.route === r ? 'page' : undefined} data-testid={`nav-${r.path}`}>
                    {t(r.label!)}
                    {r.path === 'queue' && waiting > 0 && (
                      <span className="nav-count" data-testid="nav-waiting">
                        <span aria-hidden="true">{waiting}</span>
                        <span className="visually-hidden">{t('nav.waiting', { count: waiting })}</span>
                      </span>
                    )}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div className="topbar-actions">
          <DutySwitch me={me} onMeChanged={onMeChanged} />
          <a className="who" href="#/profile" data-testid="nav-profile" title={t('header.signedInAs', { name: me.firstName })}>
            {me.photo ? <img className="avatar" src={me.photo} alt="" /> : null}
            <span className="visually-hidden">{t('header.signedInAs', { name: '' })}</span>
            {me.firstName}
          </a>
          {languageButton}
          <button type="button" className="secondary logout-wide" data-testid="logout" onClick={onLogout}>
            {t('header.logout')}
          </button>
        </div>
      </header>
      <p className="visually-hidden" aria-live="assertive">
        {announce}
      </p>
      {me.onDuty ? <NotifyOffer /> : null}
      {me.firstName === FIRST_RUN_ADMIN_NAME && path !== 'profile' ? (
        <aside className="notice" aria-label={t('profile.firstName')} data-testid="first-name-ask">
          {t('profile.firstNameAsk')} <a href="#/profile">{t('profile.firstNameAskLink')}</a>
        </aside>
      ) : null}
      <Suspense
        fallback={
          <main id="main" className="loading" aria-busy="true">
            {t('app.loading')}
          </main>
        }
      >
        {Page && match ? <Page me={me} params={match.params ?? {}} onMeChanged={onMeChanged} /> : null}
      </Suspense>
      <CallPanel />
    </>
  );
}

/** "On duty" is what tells beneficiaries' machines that someone can answer now. */
function DutySwitch({ me, onMeChanged }: { me: Me; onMeChanged(me: Me): void }) {
  const { t } = useConsoleT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const toggle = async () => {
    setBusy(true);
    setFailed(false);
    try {
      onMeChanged(await api.setDuty(!me.onDuty));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      role="switch"
      aria-checked={me.onDuty === true}
      className={`duty ${me.onDuty ? 'duty-on' : 'duty-off'}`}
      data-testid="duty-switch"
      disabled={busy}
      onClick={() => void toggle()}
      title={failed ? t('errors.network') : t('duty.hint')}
    >
      <span className="dot" aria-hidden="true" />
      {me.onDuty ? t('duty.on') : t('duty.off')}
    </button>
  );
}

/**
 * Going on duty offers notifications (the browser asks only after "Oui, me prévenir"): a helper on
 * duty with the console in a background tab still learns that someone pressed Help. "Plus tard"
 * hides the offer until the next time they go on duty.
 */
function NotifyOffer() {
  const { t } = useConsoleT();
  const [permission, setPermission] = useState<NotifyPermission>(notifyPermission);
  const [later, setLater] = useState(false);
  if (permission !== 'default' || later) return null;
  return (
    <div className="notice notify-offer" role="region" aria-label={t('notify.enable')} data-testid="notify-offer">
      <span>{t('notifyOffer.text')}</span>
      <button type="button" className="primary" data-testid="notify-enable" onClick={() => void askNotifyPermission().then(setPermission)}>
        {t('notifyOffer.yes')}
      </button>
      <button type="button" className="secondary" data-testid="notify-later" onClick={() => setLater(true)}>
        {t('notifyOffer.later')}
      </button>
    </div>
  );
}
