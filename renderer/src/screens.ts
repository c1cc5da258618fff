/**
 * The screens loaded on demand: the home screen's script holds only what the first frame needs. Each
 * screen is one entry here; `prefetchScreens` fetches them all once the home screen is painted and
 * the browser is idle, so pressing a button later does not wait for the network.
 */
import { lazy } from 'react';
import { loadAllStrings } from './i18n.ts';
import { afterFirstFrame } from './idle.ts';

/** Each screen's script, and every French string with it (the first script has only the first frame's: i18n.ts). */
const withStrings = <M>(load: () => Promise<M>) => async (): Promise<M> => (await Promise.all([load(), loadAllStrings()]))[0];

const loaders = {
  lessonPlayer: withStrings(() => import('./lessons/LessonPlayer.tsx')),
  lessons: withStrings(() => import('./lessons/Lessons.tsx')),
  helpPanel: withStrings(() => import('./help/HelpPanel.tsx')),
  helpVoice: withStrings(() => import('./help/HelpVoice.tsx')),
  voiceRecorder: withStrings(() => import('./help/voiceRecorder.ts')),
  consent: withStrings(() => import('./usage/Consent.tsx')),
  enrol: withStrings(() => import('./enrol/Enrol.tsx')),
  credits: withStrings(() => import('./credits/Credits.tsx')),
  welcome: withStrings(() => import('./kiosk/Welcome.tsx')),
  staffMenu: withStrings(() => import('./kiosk/StaffMenu.tsx')),
  countdown: withStrings(() => import('./kiosk/Countdown.tsx')),
  // Issue 12: a visitor's card, the language choice, the progress question.
  cardCode: withStrings(() => import('./kiosk/CardCode.tsx')),
  languageChoice: withStrings(() => import('./person/LanguageChoice.tsx')),
  progressConsent: withStrings(() => import('./person/ProgressConsent.tsx')),
  // Issue 13: a website or video-call tile's simplified browser.
  siteBrowser: withStrings(() => import('./tiles/SiteBrowser.tsx')),
  photos: withStrings(() => import('./tiles/Photos.tsx')),
  // Issue 17: the neighbourhood webzine.
  tell: withStrings(() => import('./webzine/Tell.tsx')),
  journal: withStrings(() => import('./webzine/Journal.tsx')),
  // Issue 11: a helper's call (its controller loads with the first call event, call/phase.ts).
  callLayer: withStrings(() => import('./call/CallLayer.tsx')),
};

export const LessonPlayer = lazy(() => loaders.lessonPlayer().then((m) => ({ default: m.LessonPlayer })));
export const Lessons = lazy(() => loaders.lessons().then((m) => ({ default: m.Lessons })));
export const HelpAsk = lazy(() => loaders.helpPanel().then((m) => ({ default: m.HelpAsk })));
export const HelpStatusPanel = lazy(() => loaders.helpPanel().then((m) => ({ default: m.HelpStatusPanel })));
export const HelpVoice = lazy(() => loaders.helpVoice().then((m) => ({ default: m.HelpVoice })));
export const Consent = lazy(() => loaders.consent().then((m) => ({ default: m.Consent })));
export const Enrol = lazy(() => loaders.enrol().then((m) => ({ default: m.Enrol })));
export const Credits = lazy(() => loaders.credits().then((m) => ({ default: m.Credits })));
export const Welcome = lazy(() => loaders.welcome().then((m) => ({ default: m.Welcome })));
export const StaffMenu = lazy(() => loaders.staffMenu().then((m) => ({ default: m.StaffMenu })));
export const Countdown = lazy(() => loaders.countdown().then((m) => ({ default: m.Countdown })));
export const CardCode = lazy(() => loaders.cardCode().then((m) => ({ default: m.CardCode })));
export const LanguageChoice = lazy(() => loaders.languageChoice().then((m) => ({ default: m.LanguageChoice })));
export const ProgressConsentQuestion = lazy(() => loaders.progressConsent().then((m) => ({ default: m.ProgressConsentQuestion })));
export const StoryTile = lazy(() => loaders.tell().then((m) => ({ default: m.StoryTile })));
export const JournalTile = lazy(() => loaders.journal().then((m) => ({ default: m.JournalTile })));
export const ProgressConsentSetting = lazy(() => loaders.progressConsent().then((m) => ({ default: m.ProgressConsentSetting })));
export const Photos = lazy(() => loaders.photos().then((m) => ({ default: m.Photos })));
export const CallLayer = lazy(() => loaders.callLayer().then((m) => ({ default: m.CallLayer })));
export const SiteBrowser = lazy(() => loaders.siteBrowser().then((m) => ({ default: m.SiteBrowser })));
/** A home loan's small windows (main.tsx): their own script, which the shell's page never fetches. */
export const DesktopWindow = lazy(() => withStrings(() => import('./desktop/DesktopWindows.tsx'))().then((m) => ({ default: m.DesktopWindow })));

/** Whether this browser can record a voice message (the recorder's module is loaded for it). */
export const hasMicrophone = async (): Promise<boolean> => (await loaders.voiceRecorder()).hasMicrophone();

let prefetched = false;
/**
 * Fetch every screen once the page has loaded and the browser is idle (a few seconds at most after):
 * the home screen's pictures and the bridge's first answers come first, and nothing the home screen
 * does not show is fetched before the load event.
 */
export function prefetchScreens(): void {
  if (prefetched) return;
  prefetched = true;
  afterFirstFrame(() => Object.values(loaders).forEach((load) => void load().catch(() => undefined)), 3000);
}
