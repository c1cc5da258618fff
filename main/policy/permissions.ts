/**
 * What the shell answers when the page asks for a browser permission. Electron grants everything
 * when no handler is set, so the answer here is "no" unless listed: the only need is the
 * microphone (audio only, no camera) for the voice message attached to a help request, and only
 * for the shell's own page in its main frame.
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

/** For `session.setPermissionRequestHandler`: true only for an audio-only capture from the shell. */
export function permissionDecision(permission: unknown, requestingUrl: unknown, details: PermissionRequestDetails | null | undefined): boolean {
  if (permission !== 'media' || !details || details.isMainFrame !== true) return false;
  if (!isAppUrl(requestingUrl)) return false;
  if (details.securityOrigin !== undefined && !isAppUrl(details.securityOrigin)) return false;
  const types = details.mediaTypes;
  // An empty list would be a request for nothing in particular: refuse rather than guess.
  if (!Array.isArray(types) || types.length === 0) return false;
  return types.every((type) => type === 'audio');
}

/** For `session.setPermissionCheckHandler`: the same rule for the synchronous checks. */
export function permissionCheck(permission: unknown, requestingOrigin: unknown, details: PermissionCheckDetails | null | undefined): boolean {
  if (permission !== 'media' || !details || details.isMainFrame !== true) return false;
  if (!isAppUrl(requestingOrigin)) return false;
  if (details.embeddingOrigin !== undefined) return false;
  if (details.securityOrigin !== undefined && !isAppUrl(details.securityOrigin)) return false;
  if (details.requestingUrl !== undefined && !isAppUrl(details.requestingUrl)) return false;
  return details.mediaType === 'audio';
}
