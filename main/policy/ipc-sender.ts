/**
 * Who may call the bridge over IPC: only the shell's own page, in its main frame. A frame that
 * navigated elsewhere, or an iframe of any origin, is refused before the payload is even parsed.
 */
import { isAppUrl } from './app-origin.ts';

export function isTrustedSender(senderFrameUrl: unknown, isMainFrame: unknown): boolean {
  return isMainFrame === true && isAppUrl(senderFrameUrl);
}
