/**
 * The SMART spool units, checked with `systemd-analyze verify` (works without a running systemd).
 * verify insists that ExecStart= exists and is executable, so it runs on a copy whose ExecStart points
 * at build/bin/passerelle-smart-spool in this checkout; everything else is the shipped file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../..');
const UNITS = join(REPO, 'build/systemd');
const SCRIPT = join(REPO, 'build/bin/passerelle-smart-spool');
const INSTALLED_PATH = '/usr/libexec/passerelle/passerelle-smart-spool';

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = hasSystemdAnalyze();
if (!available) console.warn('SKIPPED tests/build/systemd-units.test.ts: systemd-analyze is not installed here');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passerelle-units-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verify(...files: string[]) {
  return run('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8' }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** Unit file → key → values (a key may repeat). */
function parseUnit(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1]!;
      continue;
    }
    const i = line.indexOf('=');
    const key = `${section}.${line.slice(0, i)}`;
    out.set(key, [...(out.get(key) ?? []), line.slice(i + 1)]);
  }
  return out;
}

describe.skipIf(!available)('systemd units for the SMART spool', () => {
  it('verify cleanly: exit 0 and not one warning', async () => {
    const service = await readFile(join(UNITS, 'passerelle-smart-spool.service'), 'utf8');
    expect(service).toContain(`ExecStart=${INSTALLED_PATH}\n`);
    await writeFile(join(dir, 'passerelle-smart-spool.service'), service.replace(INSTALLED_PATH, SCRIPT));
    await writeFile(join(dir, 'passerelle-smart-spool.timer'), await readFile(join(UNITS, 'passerelle-smart-spool.timer'), 'utf8'));
    const r = await verify(join(dir, 'passerelle-smart-spool.service'), join(dir, 'passerelle-smart-spool.timer'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('verify does catch mistakes (control: an unknown key and a bad value are reported)', async () => {
    await writeFile(join(dir, 'broken.service'), '[Service]\nExecStart=/bin/true\nProtectSystem=sometimes\nPrivateNetwerk=yes\n');
    const r = await verify(join(dir, 'broken.service'));
    expect(r.stderr).toMatch(/Unknown key 'PrivateNetwerk'/);
    expect(r.stderr).toMatch(/protect system value/i);
  });

  it('the service is a hardened oneshot that can only write the spool folder', async () => {
    const u = parseUnit(await readFile(join(UNITS, 'passerelle-smart-spool.service'), 'utf8'));
    const one = (k: string) => u.get(`Service.${k}`)?.at(-1);
    expect(one('Type')).toBe('oneshot');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ReadWritePaths')).toBe('/var/lib/passerelle/smart');
    expect(one('StateDirectory')).toBe('passerelle/smart');
    expect(one('StateDirectoryMode')).toBe('0755');
    expect(one('UMask')).toBe('0022');
    for (const k of ['PrivateNetwork', 'NoNewPrivileges', 'ProtectHome', 'PrivateTmp', 'ProtectKernelModules', 'ProtectControlGroups']) {
      expect(one(k), k).toBe('yes');
    }
    expect(one('CapabilityBoundingSet')).toBe('CAP_SYS_RAWIO CAP_SYS_ADMIN');
    expect(one('PrivateDevices')).toBeUndefined(); // smartctl needs the disks
  });

  it('the timer runs daily and after boot, and catches up on missed runs', async () => {
    const u = parseUnit(await readFile(join(UNITS, 'passerelle-smart-spool.timer'), 'utf8'));
    expect(u.get('Timer.OnCalendar')).toEqual(['daily']);
    expect(u.get('Timer.OnBootSec')).toBeDefined();
    expect(u.get('Timer.Persistent')).toEqual(['true']);
    expect(u.get('Install.WantedBy')).toEqual(['timers.target']);
  });

  it('the script is executable in the checkout', async () => {
    await run('test', ['-x', SCRIPT]);
  });
});
