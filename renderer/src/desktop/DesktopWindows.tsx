/**
 * The two small windows of live help on a home loan (issue 11; Electron opens them from
 * main/electron/live-help.ts with `?view=`): the always-on-top Help button, reachable from any program
 * of the desktop, and the transparent click-through overlay that draws the helper's ring over the
 * whole shared screen. Both are pages of the shell's own app, in the shell's language.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { pointOnSurface } from '../../../app/help/pointer.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { isUiLanguage, setLanguage } from '../i18n.ts';
import { speak } from '../speech.ts';
import '../call/call.css';
import './desktop.css';
import { usePointerMark } from './pointer-marks.ts';
import type { DesktopView } from './view.ts';


/** The shell's language, and its changes (the Help button says "Aide" or "مساعدة" like the shell). */
function useShellLanguage(): void {
  useEffect(() => {
    document.documentElement.classList.add('desktop-window');
    void bridge.getShellInfo({}).then(({ language }) => setLanguage(language));
    return bridge.on('personChanged', ({ language }) => void (isUiLanguage(language) ? setLanguage(language) : undefined));
  }, []);
}

export function DesktopWindow({ view }: { view: DesktopView }) {
  useShellLanguage();
  return view === 'help-button' ? <HelpButtonWindow /> : <PointerOverlay />;
}

/** One button, the shell's red Help: the shell comes forward with its help question. */
function HelpButtonWindow() {
  const { t } = useTranslation();
  return (
    <main className="desktop-help">
      <h1 className="desktop-help__title">{t('app.name')}</h1>
      <PictureButton picture="helper" label={t('nav.help')} size="bar" tone="help" onClick={() => void bridge.raiseHelp({})} data-testid="desktop-help-button" />
    </main>
  );
}

/** The helper's ring on the same pixel of the whole screen, with "Ici"; nothing else, and no clicks. */
function PointerOverlay() {
  const { t } = useTranslation();
  const mark = usePointerMark(); // watched since the page's start (main.tsx)
  useEffect(() => {
    if (mark) void speak(t('call.here'));
  }, [mark, t]);
  const at = mark ? pointOnSurface(mark, window.innerWidth, window.innerHeight) : null;
  return (
    <main>
      <h1 className="desktop-help__title">{t('app.name')}</h1>
      {mark && at ? <div key={mark.seq} className="call-pointer" style={{ left: at.left, top: at.top }} data-testid="overlay-pointer" data-x={mark.x} data-y={mark.y} aria-hidden="true" /> : null}
    </main>
  );
}
