import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PIN_FREE_ATTEMPTS,
  STAFF_TOKEN_TTL_MS,
  StaffAccess,
  effectiveMode,
  hashStaffPin,
  pinLockoutSeconds,
  readBootId,
  setSystemVolume,
  verifyStaffPin,
} from '../../../main/services/kiosk.ts';
import { getSetting, openShellDb, setSetting, type ShellDb } from '../../../main/store/db.ts';

describe('effectiveMode', () => {
  it('follows the hub: home stays home, kiosk is kiosk', () => {
    expect(effectiveMode('home', null, 'boot-a')).toBe('home');
    expect(effectiveMode('kiosk', null, 'boot-a')).toBe('kiosk');
  });

  it('is home for the rest of the boot in which an animateur left kiosk mode, kiosk again after a reboot', () => {
    expect(effectiveMode('kiosk', 'boot-a', 'boot-a')).toBe('home');
    expect(effectiveMode('kiosk', 'boot-a', 'boot-b')).toBe('kiosk');
  });

  it('stays kiosk when the boot id is unknown (a suspension that could never end is refused)', () => {
    expect(effectiveMode('kiosk', 'boot-a', null)).toBe('kiosk');
  });
});

describe('readBootId', () => {
  it("reads this machine's boot id, and null for a missing or odd file", () => {
    const id = readBootId();
    if (fs.existsSync('/proc/sys/kernel/random/boot_id')) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(readBootId('/nonexistent/boot_id')).toBeNull();
    const odd = path.join(os.tmpdir(), `boot-id-${process.pid}`);
    fs.writeFileSync(odd, '../../etc/passwd\n');
    expect(readBootId(odd)).toBeNull();
    fs.rmSync(odd);
  });
});

describe('staff PIN hashing', () => {
  it('verifies the right PIN and refuses a wrong one', async () => {
    const stored = await hashStaffPin('482916');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyStaffPin('482916', stored)).toBe(true);
    expect(await verifyStaffPin('482917', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashStaffPin('1234')).not.toBe(await hashStaffPin('1234'));
  });

  it('refuses PINs that are not 4 to 8 digits, and malformed or hostile records', async () => {
    const stored = await hashStaffPin('1234');
    await expect(hashStaffPin('12a4')).rejects.toThrow(/4 to 8 digits/);
    expect(await verifyStaffPin('123', stored)).toBe(false);
    expect(await verifyStaffPin('123456789', stored)).toBe(false);
    expect(await verifyStaffPin('1234', 'plain-1234')).toBe(false);
    // A record asking for 2^30 iterations would freeze the shell: refused before any work.
    const parts = stored.split('$');
    expect(await verifyStaffPin('1234', ['scrypt', 2 ** 30, 8, 1, parts[4], parts[5]].join('$'))).toBe(false);
    expect(await verifyStaffPin('1234', ['scrypt', 3000, 8, 1, parts[4], parts[5]].join('$'))).toBe(false);
  });

  it('verifies a hash made with the hub password parameters (N=2^15) as well', async () => {
    const { hashPassword } = await import('../../../server/store/crypto.ts');
    expect(await verifyStaffPin('246810', await hashPassword('246810'))).toBe(true);
  });
});

describe('pinLockoutSeconds', () => {
  it(`gives ${PIN_FREE_ATTEMPTS} free tries, then 30 s doubling up to 15 min`, () => {
    expect([0, 1, 4].map(pinLockoutSeconds)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 10, 50].map(pinLockoutSeconds)).toEqual([30, 60, 120, 900, 900]);
  });
});

describe('StaffAccess', () => {
  let dir: string;
  let db: ShellDb;
  let now = 1_000_000;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-staff-'));
    db = openShellDb(path.join(dir, 'shell.sqlite'));
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const access = () => new StaffAccess(db, () => now);

  it('says when no PIN was set from the console', async () => {
    expect(access().pinIsSet()).toBe(false);
    expect(await access().check('1234')).toEqual({ ok: false, reason: 'no_pin', retryInSeconds: 0, attemptsLeft: 0 });
  });

  it('opens a staff token with the right PIN; the token expires and can be revoked', async () => {
    setSetting(db, 'staffPinHash', await hashStaffPin('2468'));
    const staff = access();
    const result = await staff.check('2468');
    if (!result.ok) throw new Error('expected the PIN to open');
    expect(staff.authorise(result.staffToken)).toBe(true);
    expect(staff.authorise(result.staffToken.slice(1))).toBe(false);
    expect(staff.authorise('x'.repeat(result.staffToken.length))).toBe(false);
    now += STAFF_TOKEN_TTL_MS;
    expect(staff.authorise(result.staffToken)).toBe(false);
    const again = await staff.check('2468');
    if (!again.ok) throw new Error('expected the PIN to open');
    staff.revoke();
    expect(staff.authorise(again.staffToken)).toBe(false);
  });

  it('locks out after five wrong PINs, even the right one, and the lock-out survives a restart', async () => {
    setSetting(db, 'staffPinHash', await hashStaffPin('2468'));
    const staff = access();
    for (let i = 1; i < PIN_FREE_ATTEMPTS; i++) expect(await staff.check('0000')).toMatchObject({ ok: false, reason: 'wrong', attemptsLeft: PIN_FREE_ATTEMPTS - i });
    expect(await staff.check('0000')).toMatchObject({ ok: false, reason: 'locked', retryInSeconds: 30 });
    // A new StaffAccess over the same store is the shell after a restart.
    expect(await access().check('2468')).toMatchObject({ ok: false, reason: 'locked' });
    now += 30_000;
    expect((await access().check('2468')).ok).toBe(true);
    expect(getSetting(db, 'staffPinFailures')).toBe('0');
  });
});

describe('setSystemVolume', () => {
  it('asks PipeWire/PulseAudio first, ALSA second, and says when neither worked', async () => {
    const calls: string[] = [];
    const pactlWorks = async (command: string, args: string[]) => void calls.push(`${command} ${args.join(' ')}`);
    expect(await setSystemVolume(55.4, pactlWorks)).toBe(true);
    expect(calls).toEqual(['pactl set-sink-volume @DEFAULT_SINK@ 55%']);

    calls.length = 0;
    const onlyAlsa = async (command: string, args: string[]) => {
      calls.push(`${command} ${args.join(' ')}`);
      if (command === 'pactl') throw new Error('no pulse');
    };
    expect(await setSystemVolume(140, onlyAlsa)).toBe(true);
    expect(calls).toEqual(['pactl set-sink-volume @DEFAULT_SINK@ 100%', 'amixer -q sset Master 100%']);

    expect(await setSystemVolume(10, async () => Promise.reject(new Error('none')))).toBe(false);
  });
});
