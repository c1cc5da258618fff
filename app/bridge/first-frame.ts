/**
 * What the shell's first frame needs before the bridge answers, written into the served page by both
 * hosts (Electron's app:// handler and the web host) and read by the renderer at start:
 * `<html lang="ar" dir="rtl" data-mode="home">` (plus `data-asks` when a start question — enrolment,
 * the anonymous-usage or the progress question — comes before the home screen). Attributes, not an inline script, so the page's CSP
 * (`script-src 'self'`) needs no hash or nonce. The bridge still answers afterwards and wins: the
 * page's word only lets the renderer paint the right screen at once.
 *
 * Kiosk safety: the renderer paints the shell's screens early only when the page says `home` and no
 * question comes first (no flash of the home screen before a start question); a kiosk
 * (or a page that says nothing, or something unknown) waits for the bridge as before, so a kiosk never
 * shows a loan's home screen, not even for one frame.
 *
 * Plain TypeScript without zod: the renderer imports the reader.
 */
import type { Language } from '../protocol/common.ts';
import type { MachineMode } from '../protocol/hub.ts';

export type FirstFrame = { mode: MachineMode; language: Language; asks: boolean };
/** What the renderer reads back: null where the page says nothing it knows. */
export type PageFrame = { mode: MachineMode | null; language: Language | null; asks: boolean };

const MODES: readonly MachineMode[] = ['home', 'kiosk'];
const LANGUAGES: readonly Language[] = ['fr', 'en', 'ar'];
const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(['ar']);

const isMode = (value: unknown): value is MachineMode => MODES.includes(value as MachineMode);
const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

/** The page's opening `<html …>` tag (the first one; Vite writes exactly one). */
const HTML_TAG = /<html(?=[\s>])[^>]*>/i;

/**
 * `html` with its `<html>` tag replaced by one carrying the frame's language, direction and mode.
 * Only known values are written (they come from enums, never from a request); a page without an
 * `<html>` tag is returned unchanged (the renderer then waits for the bridge).
 */
export function withFirstFrame(html: string, frame: FirstFrame): string {
  if (!isMode(frame.mode) || !isLanguage(frame.language)) throw new TypeError(`first frame: unknown mode or language (${String(frame.mode)}, ${String(frame.language)})`);
  const dir = RIGHT_TO_LEFT.has(frame.language) ? 'rtl' : 'ltr';
  const asks = frame.asks ? ' data-asks="true"' : '';
  return html.replace(HTML_TAG, `<html lang="${frame.language}" dir="${dir}" data-mode="${frame.mode}"${asks}>`);
}

/** What the served page says, or nulls where it says nothing we know (the renderer then waits for the bridge). */
export function readFirstFrame(root: { lang: string; dataset: Record<string, string | undefined> }): PageFrame {
  const mode = root.dataset.mode;
  if (!isMode(mode)) return { mode: null, language: null, asks: false };
  return { mode, language: isLanguage(root.lang) ? root.lang : null, asks: root.dataset.asks === 'true' };
}

/** Whether the renderer may paint the shell's screens before the bridge answers (see above). */
export function paintsBeforeBridge(frame: PageFrame): boolean {
  return frame.mode === 'home' && !frame.asks;
}
