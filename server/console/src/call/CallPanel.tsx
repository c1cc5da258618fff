/**
 * The helper's call (issue 11): "Appeler" on the card of a request the helper holds, and the call
 * panel docked on every console page: ringing, in call, the person's screen once they agreed (click
 * on it to point), and why a call did not happen, with the person's phone number.
 */
import { useEffect, useRef, useState, useSyncExternalStore, type MouseEvent } from 'react';
import { callDidNotHappen, parseCallEnd } from '../../../../app/help/call.ts';
import { isHeldHelpState } from '../../../../app/help/states.ts';
import type { HelpJournalEntry } from '../../../../app/protocol/hub.ts';
import { pointOnPicture } from '../../../../app/help/pointer.ts';
import type { HelpRequestView } from '../api.ts';
import { useFeed } from '../feed.tsx';
import { useConsoleT, type TFn } from '../t.ts';
import { consoleCall, type ConsoleCallUi } from './consoleCall.ts';
import './call.css';

export function useConsoleCall(): ConsoleCallUi {
  return useSyncExternalStore(consoleCall.subscribe, consoleCall.getSnapshot);
}

/** The card's slot: the helper who holds the request calls the person's computer. */
export function CallButton({ request, mine }: { request: HelpRequestView; mine: boolean }) {
  const { t } = useConsoleT();
  const ui = useConsoleCall();
  const held = isHeldHelpState(request.state);
  if (!mine || !held) return null;
  const thisCall = ui.phase !== 'idle' && ui.requestId === request.id;
  const busy = ui.phase === 'starting' || ui.phase === 'ringing' || ui.phase === 'live';
  if (thisCall && busy) {
    return (
      <span className="call-pill" data-testid="call-in-progress">
        {t(ui.phase === 'live' ? 'call.inCallShort' : 'call.ringingShort')}
      </span>
    );
  }
  return (
    <button type="button" className="primary call-start" data-testid="call-start" disabled={busy} onClick={() => void consoleCall.start(request.id)}>
      {t('call.start')}
    </button>
  );
}

function who(request: HelpRequestView | undefined): string {
  return request?.beneficiary?.firstName ?? request?.assetTag ?? '';
}

/** The docked panel: present on every page while a call is being made, in progress or just ended. */
export function CallPanel() {
  const { t } = useConsoleT();
  const ui = useConsoleCall();
  const { queue } = useFeed();
  const [request, setRequest] = useState<HelpRequestView | undefined>(undefined);
  const requestId = ui.phase === 'idle' ? null : ui.requestId;
  // Keep the last view of the request: a resolved one leaves the queue, the panel still says why the call ended.
  useEffect(() => {
    const found = queue.find((r) => r.id === requestId);
    if (found) setRequest(found);
  }, [queue, requestId]);
  if (ui.phase === 'idle') return null;
  const name = who(request);
  const phone = request?.beneficiary?.phone ?? null;
  const sharing = ui.phase === 'live' && ui.screen === 'shared';

  return (
    <section className={`call-panel${sharing ? ' call-panel--screen' : ''}`} aria-labelledby="call-panel-title" data-testid="call-panel" data-phase={ui.phase}>
      <h2 id="call-panel-title">{t('call.title', { name })}</h2>
      <p className="call-status" role="status" data-testid="call-status">
        <CallStatus ui={ui} name={name} holder={ui.phase === 'refused' ? ui.holder : null} />
      </p>
      {(ui.phase === 'ended' && callDidNotHappen(ui.reason)) || ui.phase === 'microphone' ? <PhoneOffer name={name} phone={phone} /> : null}
      {sharing && ui.picture ? <ScreenView picture={ui.picture} name={name} /> : null}
      <div className="call-actions">
        {ui.phase === 'live' && (ui.screen === 'none' || ui.screen === 'refused' || ui.screen === 'failed') ? (
          <button type="button" className="secondary" data-testid="call-ask-screen" onClick={() => consoleCall.askScreen()}>
            {t('call.askScreen')}
          </button>
        ) : null}
        {sharing ? (
          <button type="button" className="secondary" data-testid="call-stop-screen" onClick={() => consoleCall.stopScreen()}>
            {t('call.stopScreen')}
          </button>
        ) : null}
        {ui.phase === 'starting' || ui.phase === 'ringing' || ui.phase === 'live' ? (
          <button type="button" className="primary danger" data-testid="call-hangup" onClick={() => consoleCall.hangUp()}>
            {t('call.hangUp')}
          </button>
        ) : (
          <button type="button" className="secondary" data-testid="call-dismiss" onClick={() => consoleCall.dismiss()}>
            {t('call.close')}
          </button>
        )}
      </div>
    </section>
  );
}

function CallStatus({ ui, name, holder }: { ui: ConsoleCallUi; name: string; holder: string | null }) {
  const { t } = useConsoleT();
  const [now, setNow] = useState(() => Date.now());
  const live = ui.phase === 'live';
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  switch (ui.phase) {
    case 'starting':
      return <>{t('call.status.starting')}</>;
    case 'ringing':
      return <>{ui.rang ? t('call.status.ringing', { name }) : t('call.status.reaching', { name })}</>;
    case 'live': {
      if (ui.screen === 'asking') return <>{t('call.status.asking', { name })}</>;
      if (ui.screen === 'refused') return <>{t('call.status.screenRefused', { name })}</>;
      if (ui.screen === 'failed') return <>{t('call.status.screenFailed')}</>;
      if (ui.screen === 'shared') return <>{t('call.status.sharing', { name })}</>;
      if (!ui.connected) return <>{t('call.status.connecting')}</>;
      const seconds = Math.max(0, Math.round((now - ui.since) / 1000));
      return <>{t('call.status.live', { name, time: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` })}</>;
    }
    case 'ended':
      return <span data-reason={ui.reason}>{t(`call.reason.${ui.reason}`, { name })}</span>;
    case 'refused':
      return <span data-reason={ui.reason}>{t(`call.refused.${ui.reason}`, { name: holder ?? '?' })}</span>;
    case 'microphone':
      return <>{t(`call.microphone.${ui.error}`)}</>;
    default:
      return null;
  }
}

function PhoneOffer({ name, phone }: { name: string; phone: string | null }) {
  const { t } = useConsoleT();
  if (!phone) return <p className="call-phone">{t('call.noPhone', { name })}</p>;
  return (
    <p className="call-phone">
      {t('call.phoneInstead', { name })}{' '}
      <a href={`tel:${phone.replace(/[\s.-]/g, '')}`} className="tel" dir="ltr" data-testid="call-phone">
        {phone}
      </a>
    </p>
  );
}

/** The person's screen: a click puts a ring where the helper clicked (normalised to the picture). */
function ScreenView({ picture, name }: { picture: MediaStream; name: string }) {
  const { t } = useConsoleT();
  const video = useRef<HTMLVideoElement>(null);
  const [mark, setMark] = useState<{ left: number; top: number; seq: number } | null>(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = picture;
  }, [picture]);
  const click = (event: MouseEvent<HTMLVideoElement>) => {
    const element = event.currentTarget;
    const box = element.getBoundingClientRect();
    const point = pointOnPicture(event.clientX, event.clientY, box, element.videoWidth, element.videoHeight);
    if (!point) return;
    consoleCall.point(point.x, point.y);
    setMark((m) => ({ left: event.clientX - box.left, top: event.clientY - box.top, seq: (m?.seq ?? 0) + 1 }));
  };
  return (
    <div className="call-screen">
      <p className="call-hint">{t('call.pointHint', { name })}</p>
      <div className="call-screen__frame">
        <video ref={video} autoPlay muted playsInline onClick={click} data-testid="call-screen-video" aria-label={t('call.screenLabel', { name })} />
        {mark ? <span key={mark.seq} className="call-screen__mark" style={{ left: mark.left, top: mark.top }} aria-hidden="true" /> : null}
      </div>
    </div>
  );
}

/** The journal's detail of a call's end, said in words: "1:35, Jeanne a raccroché." (null for other entries). */
export function callJournalDetail(entry: HelpJournalEntry, t: TFn, request: HelpRequestView): string | null {
  if (entry.action !== 'call_end') return null;
  const end = parseCallEnd(entry.detail);
  if (!end) return null;
  const time = `${Math.floor(end.seconds / 60)}:${String(end.seconds % 60).padStart(2, '0')}`;
  return `${time} · ${t(`call.reason.${end.reason}`, { name: who(request) })}`;
}
