import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalHelpRequest, ShellInfo } from '../../app/bridge/contract.ts';
import { bridge } from './bridge.ts';
import { TopBar } from './components/TopBar.tsx';
import { isUiLanguage, setLanguage } from './i18n.ts';
import { KioskFrame } from './kiosk/KioskFrame.tsx';
import { useCallPhase } from './call/phase.ts';
import { useHelpAvailability } from './help/useHelpAvailability.ts';
import { Home } from './home/Home.tsx';
import type { LessonPlace } from './lessons/useLessonRun.ts';
import { CallLayer, Consent, Credits, Enrol, HelpAsk, HelpStatusPanel, HelpVoice, LanguageChoice, LessonPlayer, Lessons, ProgressConsentQuestion, hasMicrophone, prefetchScreens } from './screens.ts';
import { usePerson } from './person/usePerson.ts';
import { useSpokenOnShow } from './speech.ts';
import { useUsageConsent } from './usage/useUsageConsent.ts';
import { lessonHelpContext } from './help/context.ts';
import type { Tile } from '../../app/tiles/model.ts';
import { isOpenHelpState } from '../../app/help/predicates.ts';
import { tileOpeners } from './tiles/openers.ts';

type Screen = { name: 'home' } | { name: 'lessons' } | { name: 'lesson'; id: string } | { name: 'credits' } | { name: 'language' } | { name: 'tile'; tile: Tile };
type HelpView = null | 'ask' | 'voice' | 'status';

export function App() {
  const { t, i18n } = useTranslation();
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  const [help, setHelp] = useState<HelpView>(null);
  const [request, setRequest] = useState<LocalHelpRequest | null>(null);
  const [info, setInfo] = useState<ShellInfo | null>(null);
  const [hubReachable, setHubReachable] = useState(true);
  const lessonPlace = useRef<LessonPlace | null>(null);
  const consent = useUsageConsent();
  const person = usePerson();
  const availability = useHelpAvailability(info);
  const listenRef = useRef<() => void>(() => undefined);
  const registerListen = useCallback((listen: () => void) => {
    listenRef.current = listen;
  }, []);
  // Once the person answers a helper's call, help is here: back to what they were doing (the lesson
  // where they were stuck), which is what the helper will want to see.
  const callPhase = useCallPhase();
  useEffect(() => {
    if (callPhase === 'live') setHelp(null);
  }, [callPhase]);

  // The other screens load once the first one is painted (screens.ts).
  useEffect(() => prefetchScreens(), []);

  useEffect(() => {
    void bridge.getShellInfo({}).then(async (shellInfo) => {
      setInfo(shellInfo);
      setHubReachable(shellInfo.hubReachable);
      const override = new URLSearchParams(location.search).get('lang');
      await setLanguage(isUiLanguage(override) ? override : shellInfo.language);
    });
    void bridge.getOpenHelpRequests({}).then((open) => setRequest(open.at(-1) ?? null));
    const offHelp = bridge.on('helpChanged', (changed) => setRequest((current) => (!current || current.id === changed.id ? changed : current)));
    const offHub = bridge.on('hubReachableChanged', ({ reachable }) => setHubReachable(reachable));
    // The person's language (set in the console, on the shell, or a kiosk visitor's) switches the shell.
    const offPerson = bridge.on('personChanged', ({ language }) => void setLanguage(language));
    return () => {
      offHelp();
      offHub();
      offPerson();
    };
  }, []);

  const openHelp = () => setHelp(request && isOpenHelpState(request.state) ? 'status' : 'ask');
  // The small Help button of a home loan, pressed from another program: main brought the shell forward.
  const openHelpRef = useRef(openHelp);
  openHelpRef.current = openHelp;
  useEffect(() => bridge.on('helpRaised', () => openHelpRef.current()), []);
  const confirmHelp = async () => {
    const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
    const created = await bridge.requestHelp({
      context: {
        screen: screen.name,
        ...lessonHelpContext(screen.name === 'lesson' ? screen.id : null, lessonPlace.current, Date.now()),
        language,
      },
    });
    setRequest(created);
    // The request is already queued; the voice message is an optional extra.
    setHelp((await hasMicrophone()) ? 'voice' : 'status');
  };
  const go = (next: Screen) => {
    setHelp(null);
    setScreen(next);
  };
  /** A tile pressed (issue 13): counted by category, then its kind's opener (renderer/src/tiles/openers.ts). */
  const openTile = (tile: Tile) => {
    void bridge.openTile({ id: tile.id }).catch(() => undefined);
    const open = tileOpeners[tile.kind];
    if (open.to === 'lessons') go({ name: 'lessons' });
    else if (open.to === 'help') openHelp();
    else go({ name: 'tile', tile });
  };

  let content;
  if (help === 'ask') content = <HelpAsk onYes={() => void confirmHelp()} onNo={() => setHelp(null)} registerListen={registerListen} />;
  else if (help === 'voice' && request) content = <HelpVoice requestId={request.id} onDone={() => setHelp('status')} registerListen={registerListen} />;
  else if (help === 'status' && request)
    content = (
      <HelpStatusPanel
        request={request}
        hubReachable={hubReachable}
        phone={availability.helpPhone}
        helpersOnDuty={availability.helpersOnDuty}
        onCancel={() => void bridge.cancelHelp({ id: request.id }).then(setRequest)}
        onClose={() => setHelp(null)}
        registerListen={registerListen}
      />
    );
  else if (screen.name === 'lessons') content = <Lessons onOpen={(id) => go({ name: 'lesson', id })} />;
  else if (screen.name === 'lesson')
    content = (
      <LessonPlayer
        key={screen.id}
        lessonId={screen.id}
        onPlace={(place) => (lessonPlace.current = place)}
        onDone={() => go({ name: 'home' })}
        onMap={() => go({ name: 'lessons' })}
        registerListen={registerListen}
      />
    );
  else if (screen.name === 'credits') content = <Credits canChangeUsage={info?.mode === 'home'} />;
  else if (screen.name === 'language')
    content = <LanguageChoice onChosen={() => go({ name: 'home' })} onCredits={() => go({ name: 'credits' })} registerListen={registerListen} />;
  else if (screen.name === 'tile') {
    const open = tileOpeners[screen.tile.kind];
    if (open.to === 'screen') content = <open.Screen key={screen.tile.id} tile={screen.tile} onHome={() => go({ name: 'home' })} onHelp={openHelp} registerListen={registerListen} />;
  }
  else
    content = (
      <Home
        onLesson={(id) => go({ name: 'lesson', id })}
        onTile={openTile}
        onLanguage={info?.mode === 'home' ? () => go({ name: 'language' }) : null}
      />
    );
  // A loan's start: may the association see the person's lessons? (issue 12) Asked once, in pictures,
  // and never in the middle of a call: the helper may be showing the person something on this screen.
  if (person.needsAsking && !help && callPhase === 'idle') content = <ProgressConsentQuestion firstName={person.firstName} onAnswer={(granted) => void person.answer(granted)} registerListen={registerListen} />;
  // First start: the anonymous-usage question comes before anything else (Help stays one press away).
  const asking = consent.needsAsking && !help;
  if (asking) content = <Consent onAnswer={(granted) => void consent.answer(granted)} registerListen={registerListen} />;
  // A shell that is not enrolled yet (a technician's first start) shows the enrolment screen first.
  const enrolling = info !== null && !info.enrolled && !help;
  if (enrolling)
    content = (
      <Enrol
        onEnrolled={() => {
          void bridge.getShellInfo({}).then(setInfo);
          go({ name: 'home' });
        }}
        registerListen={registerListen}
      />
    );

  return (
    // On a kiosk: the welcome screen between visitors, "J'ai fini" and the idle countdown during one.
    <KioskFrame onHelp={openHelp} onVisitStarted={() => go({ name: 'home' })} registerListen={registerListen}>
      <div className="shell" data-screen={help ? `help-${help}` : enrolling ? 'enrol' : asking ? 'consent' : screen.name}>
        {/* A site tile's browser and the photos have their own bar, with the same Home, Listen and Help (issue 13). */}
        {screen.name === 'tile' && ownBar(screen.tile) && !help && !asking && !enrolling ? null : (
          <TopBar
            onHome={screen.name === 'home' && !help ? null : () => go({ name: 'home' })}
            onListen={() => listenRef.current()}
            onHelp={openHelp}
            helpActive={help !== null}
          />
        )}
        {screen.name === 'home' && !help && !asking && !enrolling ? <HomeVoice registerListen={registerListen} text={t('home.say')} /> : null}
        {screen.name === 'lessons' && !help ? <HomeVoice registerListen={registerListen} text={t('lessons.say')} /> : null}
        <Suspense fallback={<main className="screen" aria-busy="true" />}>{content}</Suspense>
      </div>
      {/* Live help (issue 11): ringing, the call bar, the screen question and banner, the pointer; its
          script loads with the first call event (call/phase.ts), so nothing of it is drawn before. */}
      {callPhase === 'idle' ? null : (
        <Suspense fallback={null}>
          <CallLayer />
        </Suspense>
      )}
    </KioskFrame>
  );
}

/** Whether a tile's screen draws its own bar (renderer/src/tiles/openers.ts). */
function ownBar(tile: Tile): boolean {
  const open = tileOpeners[tile.kind];
  return open.to === 'screen' && open.ownBar === true;
}

/** Speaks a screen's sentence on show and makes it the "listen again" sentence. */
function HomeVoice({ text, registerListen }: { text: string; registerListen: (l: () => void) => void }) {
  const listen = useSpokenOnShow(text);
  useEffect(() => registerListen(listen), [listen, registerListen]);
  return null;
}
