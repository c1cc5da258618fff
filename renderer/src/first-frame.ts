import { readFirstFrame } from '../../app/bridge/first-frame.ts';
import { isUiLanguage, type UiLanguage } from './i18n.ts';

/** What the served page said of the machine when it was served (app/bridge/first-frame.ts). */
export const pageFrame = readFirstFrame(document.documentElement);

/** The first frame's language: `?lang=` (tests, a kiosk visitor's page after a visit), else the page's, else French. */
export function firstLanguage(search: string): UiLanguage {
  const override = new URLSearchParams(search).get('lang');
  if (isUiLanguage(override)) return override;
  return pageFrame.language ?? 'fr';
}
