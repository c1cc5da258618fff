/**
 * The screens loaded on demand: the home screen's script holds only what the first frame needs. Each
 * screen is one entry here; `prefetchScreens` fetches them all once the home screen is painted and
 * the browser is idle, so pressing a button later does not wait for the network.
 */
import { lazy } from 'react';

const loaders = {
  lessonPlayer: () => import('./lessons/LessonPlayer.tsx'),
  lessons: () => import('./lessons/Lessons.tsx'),
  helpPanel: () => import('./help/HelpPanel.tsx'),
  helpVoice: () => import('./help/HelpVoice.tsx'),
  voiceRecorder: () => import('./help/voiceRecorder.ts'),
  consent: () => import('./usage/Consent.tsx'),
  enrol: () => import('./enrol/Enrol.tsx'),
  credits: () => import('./credits/Credits.tsx'),
  welcome: () => import('./kiosk/Welcome.tsx'),
  staffMenu: () => import('./kiosk/StaffMenu.tsx'),
  countdown: () => import('./kiosk/Countdown.tsx'),
  // Issue 12: a visitor's card, the language choice, the progress question.
  cardCode: () => import('./kiosk/CardCode.tsx'),
  languageChoice: () => import('./person/LanguageChoice.tsx'),
  progressConsent: () => import('./person/ProgressConsent.tsx'),
  // Issue 13: a website or video-call tile's simplified browser.
  siteBrowser: () => import('./tiles/SiteBrowser.tsx'),
  photos: () => import('./tiles/Photos.tsx'),
  // Issue 17: the neighbourhood webzine.
  tell: () => import('./webzine/Tell.tsx'),
  journal: () => import('./webzine/Journal.tsx'),
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
export const SiteBrowser = lazy(() => loaders.siteBrowser().then((m) => ({ default: m.SiteBrowser })));

/** Whether this browser can record a voice message (the recorder's module is loaded for it). */
export const hasMicrophone = async (): Promise<boolean> => (await loaders.voiceRecorder()).hasMicrophone();

let prefetched = false;
/** Fetch every screen once the browser is idle (a few seconds at most after the first paint). */
export function prefetchScreens(): void {
  if (prefetched) return;
  prefetched = true;
  const all = () => Object.values(loaders).forEach((load) => void load().catch(() => undefined));
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(all, { timeout: 3000 });
  else setTimeout(all, 1000);
}
