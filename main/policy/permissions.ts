/**
 * What the shell answers when the page asks for a browser permission. Electron grants everything
 * when no handler is set, so the answer here is "no" unless listed: the microphone for the voice
 * message attached to a help request, for a helper's call and for a webzine story, the camera for a
 * story's photo (issue 17: taken in the shell's own "Raconter" screen), and the screen while a helper
 * in an answered call asked for it; only for the shell's own page in its main frame.
 */
import { isAppUrl } from './app-origin.ts';

/** The subset of Electron's permission request details this decision reads. */
export type PermissionRequestDetails = {
  isMainFrame?: boolean;
  mediaTypes?: readonly string[];
  securityOrigin?: string;
};

/** The subset of Electron's permission check details this decision reads. */
export type PermissionCheckDetails = {
  isMainFrame?: boolean;
  mediaType?: string;
  securityOrigin?: string;
  requestingUrl?: string;
  embeddingOrigin?: string;
};

/**
 * What else main knows when a permission is asked: during a helper's call, whether the helper asked
 * to see the screen in an answered call (main/services/call-relay.ts). The screen itself is then
 * chosen by main (policy/display-capture.ts), never by the page.
 */
export type PermissionContext = { mayCaptureScreen: boolean };

/** Screen capture for the shell's own page, and only while a helper in an answered call asked for it. */
function displayCaptureAllowed(permission: unknown, url: unknown, isMainFrame: unknown, context: PermissionContext | undefined): boolean {
  return permission === 'display-capture' && isMainFrame === true && isAppUrl(url) && context?.mayCaptureScreen === true;
}

/** For `session.setPermissionRequestHandler`: true only for a microphone or camera capture from the shell (and the screen during a call). */
export function permissionDecision(permission: unknown, requestingUrl: unknown, details: PermissionRequestDetails | null | undefined, context?: PermissionContext): boolean {
  if (displayCaptureAllowed(permission, requestingUrl, details?.isMainFrame, context)) return true;
  if (permission !== 'media' || !details || details.isMainFrame !== true) return false;
  if (!isAppUrl(requestingUrl)) return false;
  if (details.securityOrigin !== undefined && !isAppUrl(details.securityOrigin)) return false;
  const types = details.mediaTypes;
  // An empty list would be a request for nothing in particular: refuse rather than guess.
  if (!Array.isArray(types) || types.length === 0) return false;
  return types.every((type) => type === 'audio' || type === 'video');
}

/** For `session.setPermissionCheckHandler`: the same rule for the synchronous checks. */
export function permissionCheck(permission: unknown, requestingOrigin: unknown, details: PermissionCheckDetails | null | undefined, context?: PermissionContext): boolean {
  if (displayCaptureAllowed(permission, requestingOrigin, details?.isMainFrame, context) && details?.embeddingOrigin === undefined) return true;
  if (permission !== 'media' || !details || details.isMainFrame !== true) return false;
  if (!isAppUrl(requestingOrigin)) return false;
  if (details.embeddingOrigin !== undefined) return false;
  if (details.securityOrigin !== undefined && !isAppUrl(details.securityOrigin)) return false;
  if (details.requestingUrl !== undefined && !isAppUrl(details.requestingUrl)) return false;
  return details.mediaType === 'audio' || details.mediaType === 'video';
}
