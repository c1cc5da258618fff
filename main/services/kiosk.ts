/**
 * The kiosk's machine-level decisions and the animateur's access: which mode the machine runs in
 * now, the staff PIN (checked here, in main, with a rate limit), and the system volume.
 *
 * The PIN is not a password: 4 to 8 digits that an animateur types on a big keypad. It is set from
 * the hub's console and reaches the machine as a salted scrypt hash (the same `scrypt$N$r$p$salt$key`
 * format the hub uses for passwords). A hash of a short PIN can be brute-forced offline by whoever
 * reads the machine's store: what protects the kiosk is that a visitor never reaches a file (the
 * lockdown) and the lock-out here against guessing at the keypad. The hub can change the PIN at
 * any time from the console.
 */
import { execFile } from 'node:child_process';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import fs from 'node:fs';
import type { MachineMode } from '../../app/protocol/hub.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';

// ---- mode ------------------------------------------------------------------------------------

/**
 * The mode the shell runs in now. The hub's loan register says home or kiosk; an animateur may
 * leave kiosk mode "until next boot", which is remembered as the boot id of that moment: the
 * kernel draws a new one at every boot, so the suspension ends by itself.
 */
export function effectiveMode(hubMode: MachineMode, suspendedForBootId: string | null, currentBootId: string | null): MachineMode {
  if (hubMode !== 'kiosk') return 'home';
  if (suspendedForBootId !== null && currentBootId !== null && suspendedForBootId === currentBootId) return 'home';
  return 'kiosk';
}

export const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';

/** This boot's id, or null where the kernel does not say (then kiosk mode cannot be suspended). */
export function readBootId(file = BOOT_ID_FILE): string | null {
  try {
    const id = fs.readFileSync(file, 'utf8').trim();
    return /^[0-9a-f-]{16,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

// ---- staff PIN -------------------------------------------------------------------------------

export const STAFF_PIN_PATTERN = /^[0-9]{4,8}$/;
/** Cheaper than the hub's password hashes (2^15): kiosks are old PCs and a PIN is checked while
 *  someone waits. The parameters travel with each hash. */
const PIN_SCRYPT = { N: 2 ** 14, r: 8, p: 1, keyLen: 32 } as const;

function scryptAsync(secret: string, salt: Buffer, keyLen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, keyLen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `scrypt$N$r$p$saltB64$keyB64`: what the hub stores and sends for a machine's PIN. */
export async function hashStaffPin(pin: string): Promise<string> {
  if (!STAFF_PIN_PATTERN.test(pin)) throw new Error('a staff PIN is 4 to 8 digits');
  const salt = randomBytes(16);
  const { N, r, p, keyLen } = PIN_SCRYPT;
  const key = await scryptAsync(pin, salt, keyLen, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** The shape of a stored hash, checked before any work: a malformed record never verifies. */
export const STAFF_PIN_HASH_PATTERN = /^scrypt\$[0-9]{1,7}\$[0-9]{1,2}\$[0-9]{1,2}\$[A-Za-z0-9+/]{16,44}={0,2}\$[A-Za-z0-9+/]{32,88}={0,2}$/;

export async function verifyStaffPin(pin: string, stored: string): Promise<boolean> {
  if (!STAFF_PIN_PATTERN.test(pin) || !STAFF_PIN_HASH_PATTERN.test(stored)) return false;
  const [, n, r, p, salt, key] = stored.split('$');
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // Bounded so a hostile record cannot make the shell allocate gigabytes.
  if (N < 2 ** 10 || N > 2 ** 17 || (N & (N - 1)) !== 0 || R < 1 || R > 16 || P < 1 || P > 4) return false;
  const expected = Buffer.from(key!, 'base64');
  const actual = await scryptAsync(pin, Buffer.from(salt!, 'base64'), expected.length, { N, r: R, p: P, maxmem: 256 * N * R });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Free tries before a lock-out: an animateur mistyping twice is not an attacker. */
export const PIN_FREE_ATTEMPTS = 5;
/** 30 s after the fifth wrong PIN, doubling with each further one, at most 15 min. */
export function pinLockoutSeconds(failures: number): number {
  if (failures < PIN_FREE_ATTEMPTS) return 0;
  return Math.min(30 * 2 ** (failures - PIN_FREE_ATTEMPTS), 15 * 60);
}

export type PinCheck =
  | { ok: true; staffToken: string }
  | { ok: false; reason: 'no_pin' | 'wrong' | 'locked'; retryInSeconds: number; attemptsLeft: number };

/** How long a staff token opened by the PIN stays valid: long enough to use the menu. */
export const STAFF_TOKEN_TTL_MS = 5 * 60_000;

/**
 * Checks PINs and hands out the short-lived token that staff actions need. Failures and the
 * lock-out are kept in the store, so restarting the shell does not reset them.
 */
export class StaffAccess {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly db: ShellDb,
    private readonly now: () => number = Date.now,
  ) {}

  pinIsSet(): boolean {
    return getSetting(this.db, 'staffPinHash') !== null;
  }

  /** The hash the hub sent (null: no PIN any more). A new PIN starts with a clean slate. */
  setPinHash(hash: string | null): void {
    if (hash === getSetting(this.db, 'staffPinHash')) return;
    this.db.transaction(() => {
      if (hash === null) this.db.prepare("DELETE FROM settings WHERE key = 'staffPinHash'").run();
      else setSetting(this.db, 'staffPinHash', hash);
      setSetting(this.db, 'staffPinFailures', '0');
      setSetting(this.db, 'staffPinLockedUntil', '0');
    })();
    this.token = null;
  }

  async check(pin: string): Promise<PinCheck> {
    const stored = getSetting(this.db, 'staffPinHash');
    const failures = Number(getSetting(this.db, 'staffPinFailures') ?? '0');
    const lockedUntil = Number(getSetting(this.db, 'staffPinLockedUntil') ?? '0');
    const now = this.now();
    if (stored === null) return { ok: false, reason: 'no_pin', retryInSeconds: 0, attemptsLeft: 0 };
    if (lockedUntil > now) return { ok: false, reason: 'locked', retryInSeconds: Math.ceil((lockedUntil - now) / 1000), attemptsLeft: 0 };
    if (await verifyStaffPin(pin, stored)) {
      setSetting(this.db, 'staffPinFailures', '0');
      setSetting(this.db, 'staffPinLockedUntil', '0');
      this.token = { value: randomBytes(24).toString('base64url'), expiresAt: now + STAFF_TOKEN_TTL_MS };
      return { ok: true, staffToken: this.token.value };
    }
    const failed = failures + 1;
    const lockout = pinLockoutSeconds(failed);
    setSetting(this.db, 'staffPinFailures', String(failed));
    setSetting(this.db, 'staffPinLockedUntil', String(lockout > 0 ? now + lockout * 1000 : 0));
    return lockout > 0
      ? { ok: false, reason: 'locked', retryInSeconds: lockout, attemptsLeft: 0 }
      : { ok: false, reason: 'wrong', retryInSeconds: 0, attemptsLeft: PIN_FREE_ATTEMPTS - failed };
  }

  /** True while `token` is the current, unexpired staff token. */
  authorise(token: string): boolean {
    if (!this.token || this.token.expiresAt <= this.now()) return false;
    const given = Buffer.from(token);
    const expected = Buffer.from(this.token.value);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The menu was closed: the token goes with it. */
  revoke(): void {
    this.token = null;
  }
}

// ---- volume ----------------------------------------------------------------------------------

export type RunCommand = (command: string, args: string[]) => Promise<void>;

export const runCommand: RunCommand = (command, args) =>
  new Promise((resolve, reject) => execFile(command, args, { timeout: 5000 }, (error) => (error ? reject(error) : resolve())));

/**
 * The system volume, through PipeWire/PulseAudio (`pactl`, Ubuntu's default) or ALSA (`amixer`).
 * Returns false when neither could set it; the level is remembered either way and applied again
 * when the shell starts.
 */
export async function setSystemVolume(level: number, run: RunCommand = runCommand): Promise<boolean> {
  const percent = `${Math.round(Math.min(100, Math.max(0, level)))}%`;
  try {
    await run('pactl', ['set-sink-volume', '@DEFAULT_SINK@', percent]);
    return true;
  } catch {
    try {
      await run('amixer', ['-q', 'sset', 'Master', percent]);
      return true;
    } catch {
      return false;
    }
  }
}
