import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PictureButton } from '../components/PictureButton.tsx';
import { callSlotRef } from '../call/slot.ts';
import { navigationDecision, siteVerdict, SITE_ZOOM, type SiteTile } from '../../../main/policy/site-guard.ts';
import type { SiteDownload, SiteOpened } from '../../../app/bridge/contract.ts';
import { bridge, webHostToken } from '../bridge.ts';
import { pictograms } from '../pictograms.ts';
import { speak } from '../speech.ts';
import type { TileScreenProps } from './openers.ts';
import { SiteDownloadNotice } from './SiteDownloadNotice.tsx';
import { tilePictures } from './tile-pictures.ts';
import { useTileLabel } from './TileGrid.tsx';
import './site.css';

/**
 * A website or video-call tile's simplified browser (issue 13): the site under a bar that never goes
 * away (Home, Back, bigger and smaller text, Listen, Print, Help), the "is this the real site?" check
 * beside it, and the "Quitter le site … ?" question when a link leads elsewhere. One screen for both
 * hosts: `siteOpen` says the host's way. Electron shows the site in its own view (main/electron/
 * site-views.ts), placed over the empty slot under the bar, and sends the guard's questions and the
 * view's address as events; the web host leaves it to this page's frame document
 * (main/webhost/site-frame.ts), where the browser itself blocks any other site and reports it here.
 * Print and Listen are shown only when the host can do them. Every decision comes from
 * main/policy/site-guard.ts.
 */
export function SiteBrowser({ tile, onHome, onHelp, registerListen }: TileScreenProps) {
  const site = tile as SiteTile;
  const { t } = useTranslation();
  const name = useTileLabel()(tile);
  const [host, setHost] = useState<SiteOpened | null>(null);
  const [leftTo, setLeftTo] = useState<string | null>(null);
  /** Where Electron's view is now (the check follows it). */
  const [viewAt, setViewAt] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ url: string; host: string } | null>(null);
  /** What became of the site's last download (refused, saved, failed), until "D'accord". */
  const [download, setDownload] = useState<SiteDownload | null>(null);
  const [zoom, setZoom] = useState<number>(SITE_ZOOM.initial);
  const frame = useRef<HTMLIFrameElement>(null);
  const slot = useRef<HTMLDivElement>(null);
  const inView = host?.way === 'view';
  const verdict = siteVerdict(site, viewAt ?? leftTo ?? site.url);
  const src = `/site-frame?tile=${encodeURIComponent(site.id)}&token=${encodeURIComponent(webHostToken())}${leftTo ? `&to=${encodeURIComponent(leftTo)}` : ''}`;

  const sayVerdict = useCallback(() => void speak(verdict.kind === 'unknown' ? t('site.sayUnknown') : t('site.sayOfficial')), [verdict.kind, t]);
  useEffect(() => {
    sayVerdict();
    registerListen(sayVerdict);
  }, [sayVerdict, registerListen]);

  const ask = useCallback(
    (url: string, host: string) => {
      setAsking({ url, host });
      void speak(t('site.sayLeave'));
    },
    [t],
  );
  // The host opens the tile (Electron: its view) and says its way; the view closes when the screen goes.
  useEffect(() => {
    let live = true;
    void bridge.siteOpen({ tileId: site.id }).then((opened) => {
      if (live) setHost(opened);
    });
    const offAsk = bridge.on('siteLeaveAsked', ({ url, host: to }) => ask(url, to));
    const offNavigated = bridge.on('siteNavigated', ({ url }) => setViewAt(url));
    const offDownload = bridge.on('siteDownload', setDownload);
    return () => {
      live = false;
      offAsk();
      offNavigated();
      offDownload();
      void bridge.siteClose({});
    };
  }, [site.id, ask]);
  // Electron's view sits over the empty slot under the bar. It is drawn above the page, so it steps aside
  // (all zero) while a question covers the screen: the leave question, a download's notice, and any modal
  // over the shell (a helper ringing, the kiosk's idle countdown — all aria-modal).
  useLayoutEffect(() => {
    const element = slot.current;
    if (!inView || !element) return;
    let last = '';
    const place = () => {
      const r = element.getBoundingClientRect();
      const covered = download !== null || document.querySelector('[aria-modal="true"]') !== null;
      const bounds = covered ? { x: 0, y: 0, width: 0, height: 0 } : { x: Math.max(0, Math.round(r.left)), y: Math.max(0, Math.round(r.top)), width: Math.round(r.width), height: Math.round(r.height) };
      const key = JSON.stringify(bounds);
      if (key === last) return;
      last = key;
      void bridge.sitePlace(bounds);
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(element);
    const modals = new MutationObserver(place);
    modals.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', place);
    return () => {
      modals.disconnect();
      observer.disconnect();
      window.removeEventListener('resize', place);
      void bridge.sitePlace({ x: 0, y: 0, width: 0, height: 0 });
    };
  }, [inView, asking, download]);

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
      if (decision.action === 'ask') ask(event.blockedURI, decision.host);
    });
  };
  useEffect(() => {
    const innerFrame = inner();
    if (innerFrame) innerFrame.style.zoom = String(zoom);
  }, [zoom]);

  // The bar's buttons: the host does what it can; `page` means this page's frame does it.
  const back = async () => {
    const done = await bridge.siteBack({});
    if (!done.done && done.reason === 'page') frame.current?.contentWindow?.history.back();
  };
  const changeZoom = async (direction: 'bigger' | 'smaller') => setZoom((await bridge.siteZoom({ direction })).zoom);
  const listen = async () => {
    const answer = await bridge.siteListen({});
    void speak(answer.text ?? t('site.nothingToRead'));
  };
  const leave = async (to: { url: string }) => {
    const done = await bridge.siteLeave({ url: to.url });
    if (done.done || done.reason === 'page') setLeftTo(to.url);
    setAsking(null);
  };

  if (asking) {
    return (
      <main className="site site-leave" aria-labelledby="site-leave-title" data-testid="site-leave">
        <header className="site-bar">
          <PictureButton picture="home" label={t('nav.home')} size="bar" onClick={onHome} className="site-bar__home" data-testid="site-home" />
          <PictureButton picture="helper" label={t('nav.help')} size="bar" tone="help" onClick={onHelp} data-testid="site-help" />
          <div className="site-bar__call" ref={callSlotRef} />
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
            onClick={() => void leave(asking)}
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
        <PictureButton picture="home" label={t('nav.home')} size="bar" onClick={onHome} className="site-bar__home" data-testid="site-home" />
        <PictureButton picture="back" label={t('site.back')} size="bar" onClick={() => void back()} data-testid="site-back" />
        <PictureButton picture="minus" label={t('site.smaller')} size="bar" onClick={() => void changeZoom('smaller')} disabled={zoom <= SITE_ZOOM.min} data-testid="site-smaller" />
        <PictureButton picture="plus" label={t('site.bigger')} size="bar" onClick={() => void changeZoom('bigger')} disabled={zoom >= SITE_ZOOM.max} data-testid="site-bigger" />
        <button type="button" className={`site-verdict site-verdict--${verdict.kind}`} onClick={sayVerdict} data-testid="site-verdict">
          <img src={verdict.kind === 'unknown' ? pictograms.warning : pictograms.check} alt="" aria-hidden="true" />
          {verdict.kind === 'unknown' ? null : <img src={tilePictures[tile.picture]} alt="" aria-hidden="true" />}
          <span>
            {verdict.kind === 'official' ? t('site.official', { name }) : verdict.kind === 'login' ? t('site.login', { name: verdict.provider }) : t('site.unknown', { name })}
          </span>
        </button>
        {host?.can.listen ? <PictureButton picture="speaker" label={t('site.listen')} size="bar" onClick={() => void listen()} data-testid="site-listen" /> : null}
        {host?.can.print ? <PictureButton picture="printer" label={t('site.print')} size="bar" onClick={() => void bridge.sitePrint({})} data-testid="site-print" /> : null}
        <PictureButton picture="helper" label={t('nav.help')} size="bar" tone="help" onClick={onHelp} data-testid="site-help" />
        {/* A helper's call: its bar takes a row of this bar (renderer/src/call/slot.ts), over no control. */}
        <div className="site-bar__call" ref={callSlotRef} />
      </header>
      <div className="site-stage">
        {host === null ? (
          <div className="site-frame" />
        ) : inView ? (
          <div ref={slot} className="site-frame" data-testid="site-slot" />
        ) : (
          <iframe key={src} ref={frame} src={src} className="site-frame" title={name} onLoad={onFrameLoad} data-testid="site-frame" />
        )}
        {download ? <SiteDownloadNotice notice={download} onClose={() => setDownload(null)} onHelp={onHelp} /> : null}
      </div>
    </main>
  );
}
