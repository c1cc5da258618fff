/**
 * ICE servers for live calls, with time-limited TURN credentials (the "TURN REST API" scheme that
 * coturn implements as `use-auth-secret`): the hub and coturn share a secret; the username is
 * `<expiry unix seconds>:<opaque user>` and the password is base64(HMAC-SHA1(secret, username)).
 * coturn recomputes the password and refuses a username whose expiry has passed, so a leaked
 * credential is worth nothing after its lifetime, and the hub never talks to coturn.
 */
import { createHmac } from 'node:crypto';
import type { IceConfig } from '../../app/protocol/call.ts';

export interface TurnOptions {
  /** turn: (and turns:) URLs of the relay, as the shells and consoles reach it. */
  urls: string[];
  /** coturn's `static-auth-secret`. */
  secret: string;
  /**
   * How long a credential is valid. coturn checks it on every allocation and refresh, so it must
   * outlast a call: two hours covers the longest help calls, and a leaked one dies the same day.
   */
  ttlSeconds?: number;
  /** Relay only (no direct or LAN path): hides the person's and the helper's addresses from each other. */
  relayOnly?: boolean;
}

export const DEFAULT_TURN_TTL_SECONDS = 2 * 60 * 60;

/** The TURN REST credential for `user`, valid until `expiresAt` (unix seconds). */
export function turnCredential(secret: string, user: string, expiresAt: number): { username: string; credential: string } {
  const username = `${Math.floor(expiresAt)}:${user}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/**
 * What a peer gets for one call. `user` is an opaque id (an account or machine id, never a name):
 * coturn writes usernames in its log. Without a relay configured, peers connect directly (LAN).
 */
export function iceConfigFor(turn: TurnOptions | undefined, user: string, now: Date): IceConfig {
  if (!turn || turn.urls.length === 0) return { iceServers: [], iceTransportPolicy: 'all' };
  const expiresAt = Math.floor(now.getTime() / 1000) + (turn.ttlSeconds ?? DEFAULT_TURN_TTL_SECONDS);
  return {
    iceServers: [{ urls: turn.urls, ...turnCredential(turn.secret, user, expiresAt) }],
    iceTransportPolicy: turn.relayOnly ? 'relay' : 'all',
  };
}

/** Checks a relay URL given on the command line or in the environment: `turn:host:port` or `turns:…`. */
export function isTurnUrl(url: string): boolean {
  return /^turns?:[A-Za-z0-9.[\]:-]+(?::\d{1,5})?(?:\?transport=(?:udp|tcp))?$/.test(url);
}

/**
 * The relay settings from the command line and the environment: `--turn-url` (repeatable),
 * `--turn-secret-file` or PASSERELLE_TURN_SECRET, `--turn-relay-only`. No URL: no relay (null).
 */
export function turnOptionsFrom(input: {
  urls: string[] | undefined;
  secretFile: string | undefined;
  secretEnv: string | undefined;
  relayOnly: boolean;
  readFile: (path: string) => string;
}): { turn: TurnOptions | null } | { error: string } {
  const urls = input.urls ?? [];
  if (urls.length === 0) return input.secretFile || input.relayOnly ? { error: '--turn-secret-file and --turn-relay-only need --turn-url' } : { turn: null };
  const bad = urls.find((u) => !isTurnUrl(u));
  if (bad) return { error: `--turn-url ${JSON.stringify(bad)}: expected turn:host:port or turns:host:port (optionally ?transport=udp|tcp)` };
  let secret = input.secretEnv ?? '';
  if (input.secretFile) {
    try {
      secret = input.readFile(input.secretFile).trim();
    } catch (error) {
      return { error: `--turn-secret-file: cannot read ${input.secretFile} (${(error as Error).message})` };
    }
  }
  // coturn's own advice for static-auth-secret: long and random (`openssl rand -hex 32`).
  if (secret.length < 16) return { error: 'the TURN secret (--turn-secret-file or PASSERELLE_TURN_SECRET) must be at least 16 characters, the same as coturn\'s static-auth-secret' };
  return { turn: { urls, secret, relayOnly: input.relayOnly } };
}
