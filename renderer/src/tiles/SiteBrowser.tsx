import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PictureButton } from '../components/PictureButton.tsx';
import { navigationDecision, nextZoom, siteVerdict, SITE_ZOOM, type SiteTile } from '../../../main/policy/site-guard.ts';
import { webHostToken } from '../bridge.ts';
import { pictograms } from '../pictograms.ts';
import { speak } from '../speech.ts';
import type { TileScreenProps } from './openers.ts';
import { tilePictures } from './tile-pictures.ts';
import { useTileLabel } from './TileGrid.tsx';
import './site.css';

/**
 * A website or video-call tile's simplified browser (issue 13), web host form: the site in a frame
 * under a bar that never goes away (Home, Back, bigger and smaller text, Listen, Print, Help), the
 * "is this the real site?" check beside it, and the "Quitter le site … ?" question when a link leads
 * elsewhere. The frame document (main/webhost/site-frame.ts) lets the browser itself block any other
 * site and report it here; every decision comes from main/policy/site-guard.ts, as in Electron.
 */
export function SiteBrowser({ tile, onHome, onHelp, registerListen }: TileScreenProps) {
  const site = tile as SiteTile;
  const { t } = useTranslation();
  const name = useTileLabel()(tile);
  const [leftTo, setLeftTo] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ url: string; host: string } | null>(null);
  const [zoom, setZoom] = useState<number>(SITE_ZOOM.initial);
  const frame = useRef<HTMLIFrameElement>(null);
  const verdict = siteVerdict(site, leftTo ?? site.url);
  const src = `/site-frame?tile=${encodeURIComponent(site.id)}&token=${encodeURIComponent(webHostToken())}${leftTo ? `&to=${encodeURIComponent(leftTo)}` : ''}`;

  const sayVerdict = useCallback(() => void speak(verdict.kind === 'unknown' ? t('site.sayUnknown') : t('site.sayOfficial')), [verdict.kind, t]);
  useEffect(() => {
    sayVerdict();
    registerListen(sayVerdict);
  }, [sayVerdict, registerListen]);

  /** The site's frame inside the frame document: zoomed, and watched for the links the browser blocked. */
  const inner = () => frame.current?.contentDocument?.querySelector('iframe') ?? null;
  const onFrameLoad = () => {
    const doc = frame.current?.contentDocument;
    if (!doc) return;
    const innerFrame = inner();
    if (innerFrame) innerFrame.style.zoom = String(zoom);
    doc.addEventListener('securitypolicyviolation', (event) => {
      if (event.effectiveDirective !== 'frame-src') return;
      const decision = navigationDecision(site, event.blockedURI);
      if (decision.action === 'ask') {
        setAsking({ url: event.blockedURI, host: decision.host });
        void speak(t('site.sayLeave'));
      }
    });
  };
  useEffect(() => {
    const innerFrame = inner();
    if (innerFrame) innerFrame.style.zoom = String(zoom);
  }, [zoom]);

  if (asking) {
    return (
      <main className="site site-leave" aria-labelledby="site-leave-title" data-testid="site-leave">
        <header className="site-bar">
          <PictureButton picture="home" label={t('nav.home')} size="bar" onClick={onHome} data-testid="site-home" />
          <PictureButton picture="helper" label={t('nav.help')} size="bar" tone="help" onClick={onHelp} data-testid="site-help" />
        </header>
        <h1 id="site-leave-title" className="say">
          <img src={pictograms.warning} alt="" aria-hidden="true" className="site-leave__picture" />
          {t('site.leaveTitle', { name })}
        </h1>
        <p className="site-leave__to" data-testid="site-leave-host">
          {t('site.leaveTo', { host: asking.host })}
        </p>
        <div className="yes-no">
          <PictureButton picture="check" label={t('site.stay')} size="tile" tone="yes" onClick={() => setAsking(null)} data-testid="site-stay" />
          <PictureButton
            picture="forward"
            label={t('site.leave')}
            size="tile"
            tone="no"
            onClick={() => {
              setLeftTo(asking.url);
              setAsking(null);
            }}
            data-testid="site-leave-go"
          />
        </div>
      </main>
    );
  }

  return (
    <main className="site" aria-label={name} data-testid="site-browser" data-verdict={verdict.kind}>
      {/* The site's name heads the screen for screen readers; the eye reads it on the real-site check. */}
      <h1 className="site-title">{name}</h1>
      <header className="site-bar">
        <PictureButton picture="home" label={t('nav.home')} size="bar" onClick={onHome} data-testid="site-home" />
        <PictureButton picture="back" label={t('site.back')} size="bar" onClick={() => frame.current?.contentWindow?.history.back()} data-testid="site-back" />
        <PictureButton picture="minus" label={t('site.smaller')} size="bar" onClick={() => setZoom((z) => nextZoom(z, 'smaller'))} disabled={zoom <= SITE_ZOOM.min} data-testid="site-smaller" />
        <PictureButton picture="plus" label={t('site.bigger')} size="bar" onClick={() => setZoom((z) => nextZoom(z, 'bigger'))} disabled={zoom >= SITE_ZOOM.max} data-testid="site-bigger" />
        <button type="button" className={`site-verdict site-verdict--${verdict.kind}`} onClick={sayVerdict} data-testid="site-verdict">
          <img src={verdict.kind === 'unknown' ? pictograms.warning : pictograms.check} alt="" aria-hidden="true" />
          {verdict.kind === 'unknown' ? null : <img src={tilePictures[tile.picture]} alt="" aria-hidden="true" />}
          <span>
            {verdict.kind === 'official' ? t('site.official', { name }) : verdict.kind === 'login' ? t('site.login', { name: verdict.provider }) : t('site.unknown', { name })}
          </span>
        </button>
        <PictureButton picture="printer" label={t('site.print')} size="bar" onClick={() => frame.current?.contentWindow?.print()} data-testid="site-print" />
        <PictureButton picture="helper" label={t('nav.help')} size="bar" tone="help" onClick={onHelp} data-testid="site-help" />
      </header>
      <iframe key={src} ref={frame} src={src} className="site-frame" title={name} onLoad={onFrameLoad} data-testid="site-frame" />
    </main>
  );
}
