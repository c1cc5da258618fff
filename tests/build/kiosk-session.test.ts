/**
 * The kiosk session's scripts, run for real: the session loop with stand-in programs first on PATH
 * (xset, setxkbmap, the shell and the desktop record what they were asked), the setup and the
 * home cleanup against a scratch root folder (PASSERELLE_ROOT) and a real system account (nobody),
 * as root, with real files. Every script also passes bash -n and shellcheck where it is installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAVE_KIOSK_EXIT_CODE } from '../../main/policy/kiosk-exit.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'build/bin', name);

function has(command: string, arg = '--version'): boolean {
  try {
    execFileSync(command, [arg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const shellcheck = has('shellcheck');
const isRoot = process.getuid?.() === 0;
/** The scratch account: a real system account that owns nothing (uid 65534 on Debian and Ubuntu). */
const ACCOUNT = 'nobody';
const accountIds = (() => {
  try {
    const [, , uid, gid] = execFileSync('getent', ['passwd', ACCOUNT], { encoding: 'utf8' }).trim().split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
})();
if (!isRoot || !accountIds) console.warn('tests/build/kiosk-session.test.ts: setup and cleanup tests need root and a "nobody" account; SKIPPED');

type Result = { code: number; stdout: string; stderr: string };
async function runScript(file: string, args: string[], env: Record<string, string>): Promise<Result> {
  return run(file, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'passerelle-kiosk-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(['passerelle-kiosk-session', 'passerelle-kiosk-cleanup', 'passerelle-kiosk-setup', 'passerelle-update'])('build/bin/%s', (name) => {
  it('is an executable POSIX sh script that passes sh -n and shellcheck', async () => {
    expect((await stat(bin(name))).mode & 0o111).not.toBe(0);
    expect((await readFile(bin(name), 'utf8')).startsWith('#!/bin/sh\n')).toBe(true);
    await run('sh', ['-n', bin(name)]);
    if (shellcheck) await run('shellcheck', [bin(name)]);
  });
});

describe('the kiosk session (passerelle-kiosk-session)', () => {
  /** A folder of stand-ins: each records "<name> <args> | <selected env>" into calls.log. */
  async function standIns(shellExitCodes: number[], options: { desktop: boolean }) {
    const folder = await mkdtemp(path.join(dir, 'session-'));
    const log = path.join(folder, 'calls.log');
    const record = (name: string) =>
      `#!/bin/sh\necho "${name} $* | data=$PASSERELLE_MACHINE_DATA desktop=$XDG_CURRENT_DESKTOP" >> '${log}'\n`;
    await writeFile(path.join(folder, 'xset'), record('xset'), { mode: 0o755 });
    await writeFile(path.join(folder, 'setxkbmap'), record('setxkbmap'), { mode: 0o755 });
    // The shell: exits with the next code of the list each time it is started.
    const codes = path.join(folder, 'codes');
    await writeFile(codes, shellExitCodes.join('\n') + '\n');
    await writeFile(
      path.join(folder, 'passerelle'),
      `${record('passerelle')}code=$(head -n 1 '${codes}'); sed -i 1d '${codes}'; exit "\${code:-0}"\n`,
      { mode: 0o755 },
    );
    if (options.desktop) await writeFile(path.join(folder, 'fake-desktop'), record('desktop'), { mode: 0o755 });
    const home = path.join(folder, 'home');
    await mkdir(home);
    return { folder, log, home };
  }

  async function session(shellExitCodes: number[], options: { desktop: boolean; maxRuns: number }) {
    const s = await standIns(shellExitCodes, options);
    const result = await runScript(bin('passerelle-kiosk-session'), [], {
      PATH: `${s.folder}:${process.env.PATH}`,
      HOME: s.home,
      PASSERELLE_BIN: path.join(s.folder, 'passerelle'),
      PASSERELLE_DESKTOP_SESSION: 'fake-desktop',
      PASSERELLE_SESSION_MAX_RUNS: String(options.maxRuns),
    });
    const calls = (await readFile(s.log, 'utf8')).trim().split('\n');
    return { ...s, result, calls };
  }

  it('turns blanking, power saving and the keyboard server keys off before starting the shell', async () => {
    const { calls, result } = await session([0], { desktop: false, maxRuns: 1 });
    expect(result.code).toBe(0);
    expect(calls.map((c) => c.split(' |')[0]!.trim())).toEqual(['xset s off -dpms', 'xset s noblank', 'setxkbmap -option srvrkeys:none', 'passerelle']);
  });

  it("runs the shell with the machine's store outside the wiped home", async () => {
    const { calls } = await session([0], { desktop: false, maxRuns: 1 });
    expect(calls.at(-1)).toBe('passerelle  | data=/var/lib/passerelle/shell desktop=Passerelle');
  });

  it('starts the shell again whenever it stops: a quit, then a crash, then a quit', async () => {
    const { calls, result } = await session([0, 1, 0], { desktop: false, maxRuns: 3 });
    expect(calls.filter((c) => c.startsWith('passerelle'))).toHaveLength(3);
    expect(result.stderr).toMatch(/exit status 1\): starting it again/);
  });

  it(`leaves the kiosk for the desktop session when the shell exits with ${LEAVE_KIOSK_EXIT_CODE}, hiding the shell's autostart entry`, async () => {
    const { calls, home, result } = await session([LEAVE_KIOSK_EXIT_CODE, 0], { desktop: true, maxRuns: 5 });
    expect(calls.map((c) => c.split(' |')[0]!.trim()).slice(-2)).toEqual(['passerelle', 'desktop']);
    expect(result.stderr).toMatch(/kiosk mode left by an animateur/);
    const override = await readFile(path.join(home, '.config/autostart/passerelle.desktop'), 'utf8');
    expect(override).toMatch(/^Hidden=true$/m);
  });

  it('starts the shell again (in home mode until next boot) when no desktop session is installed', async () => {
    const { calls, result } = await session([LEAVE_KIOSK_EXIT_CODE, 0], { desktop: false, maxRuns: 2 });
    expect(calls.filter((c) => c.startsWith('passerelle'))).toHaveLength(2);
    expect(result.stderr).toMatch(/no desktop session/);
  });

  it('agrees with the shell on the exit status that means "leave kiosk mode"', async () => {
    expect(await readFile(bin('passerelle-kiosk-session'), 'utf8')).toContain(`LEAVE_KIOSK_STATUS=${LEAVE_KIOSK_EXIT_CODE}\n`);
  });
});

/** A scratch root with the package's kiosk settings where /usr/share/passerelle/kiosk would be. */
async function scratchRoot(): Promise<string> {
  const r = await mkdtemp(path.join(dir, 'root-'));
  await mkdir(path.join(r, 'usr/share/passerelle/kiosk'), { recursive: true });
  for (const f of ['lightdm-kiosk.conf', 'xorg-kiosk.conf', 'logind-kiosk.conf']) {
    await writeFile(path.join(r, 'usr/share/passerelle/kiosk', f), await readFile(path.join(root, 'build/kiosk', f)));
  }
  await mkdir(path.join(r, 'etc/skel'), { recursive: true });
  await writeFile(path.join(r, 'etc/skel/.bashrc'), '# skel\n');
  return r;
}

describe.skipIf(!isRoot || !accountIds)('passerelle-kiosk-setup', () => {
  const setup = (r: string, ...args: string[]) => runScript(bin('passerelle-kiosk-setup'), args, { PASSERELLE_ROOT: r, USERADD: '/bin/false', PASSWD: '/bin/false' });

  it('enable: writes the LightDM autologin for the account, the Xorg and logind settings, the template and the machine store', async () => {
    const r = await scratchRoot();
    const out = await setup(r, 'enable', ACCOUNT);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const lightdm = await readFile(path.join(r, 'etc/lightdm/lightdm.conf.d/50-passerelle-kiosk.conf'), 'utf8');
    expect(lightdm).toMatch(/^autologin-user=nobody$/m);
    expect(lightdm).not.toContain('@KIOSK_USER@');
    expect(lightdm).toMatch(/^session-cleanup-script=\/usr\/libexec\/passerelle\/passerelle-kiosk-cleanup$/m);
    expect(lightdm).toMatch(/^session-setup-script=\/usr\/libexec\/passerelle\/passerelle-kiosk-cleanup$/m);
    expect(await readFile(path.join(r, 'etc/X11/xorg.conf.d/50-passerelle-kiosk.conf'), 'utf8')).toMatch(/Option "DontVTSwitch" "true"/);
    expect(await readFile(path.join(r, 'etc/systemd/logind.conf.d/50-passerelle-kiosk.conf'), 'utf8')).toMatch(/^NAutoVTs=0$/m);
    expect(await readFile(path.join(r, 'etc/passerelle/kiosk.conf'), 'utf8')).toMatch(/^KIOSK_USER=nobody$/m);
    expect(await readFile(path.join(r, 'var/lib/passerelle/kiosk-home-template/.bashrc'), 'utf8')).toBe('# skel\n');
    const data = await stat(path.join(r, 'var/lib/passerelle/shell'));
    expect(data.uid).toBe(accountIds!.uid);
    expect(data.mode & 0o777).toBe(0o700);
    expect((await setup(r, 'status')).stdout).toBe('kiosk: on (account nobody)\n');
  });

  it('disable: removes the settings from /etc and keeps the machine store', async () => {
    const r = await scratchRoot();
    await setup(r, 'enable', ACCOUNT);
    expect((await setup(r, 'disable')).code).toBe(0);
    for (const f of ['etc/lightdm/lightdm.conf.d/50-passerelle-kiosk.conf', 'etc/X11/xorg.conf.d/50-passerelle-kiosk.conf', 'etc/systemd/logind.conf.d/50-passerelle-kiosk.conf', 'etc/passerelle/kiosk.conf']) {
      expect(existsSync(path.join(r, f)), f).toBe(false);
    }
    expect(existsSync(path.join(r, 'var/lib/passerelle/shell'))).toBe(true);
    expect((await setup(r, 'status')).stdout).toBe('kiosk: off\n');
  });

  it('refresh rewrites the settings only where kiosk mode is enabled', async () => {
    const r = await scratchRoot();
    await setup(r, 'refresh');
    expect(existsSync(path.join(r, 'etc/lightdm'))).toBe(false);
    await setup(r, 'enable', ACCOUNT);
    await rm(path.join(r, 'etc/lightdm/lightdm.conf.d/50-passerelle-kiosk.conf'));
    await setup(r, 'refresh');
    expect(await readFile(path.join(r, 'etc/lightdm/lightdm.conf.d/50-passerelle-kiosk.conf'), 'utf8')).toMatch(/^autologin-user=nobody$/m);
  });

  it('refuses root, a name that is not an account name, and an account it cannot create', async () => {
    const r = await scratchRoot();
    expect((await setup(r, 'enable', 'root')).stderr).toMatch(/root cannot be the kiosk account/);
    expect((await setup(r, 'enable', 'x;rm -rf /')).stderr).toMatch(/not an account name/);
    expect((await setup(r, 'enable', 'passerelle-no-such-account')).stderr).toMatch(/could not create passerelle-no-such-account/);
    expect(existsSync(path.join(r, 'etc/lightdm'))).toBe(false);
    expect((await setup(r, 'frobnicate')).code).not.toBe(0);
  });
});

describe.skipIf(!isRoot || !accountIds)('passerelle-kiosk-cleanup (LightDM session setup and cleanup)', () => {
  /** A kiosk root, enabled for `nobody`, with a home full of a visitor's traces. */
  async function visitedKiosk() {
    const r = await scratchRoot();
    await runScript(bin('passerelle-kiosk-setup'), ['enable', ACCOUNT], { PASSERELLE_ROOT: r, USERADD: '/bin/false', PASSWD: '/bin/false' });
    await writeFile(path.join(r, 'var/lib/passerelle/kiosk-home-template/.config-marker'), 'template\n');
    const home = path.join(r, 'home/kiosk');
    const traces = ['.config/Passerelle/Cookies', '.config/Passerelle/Local Storage/leveldb/000003.log', '.cache/Passerelle/Cache/data_0', 'Downloads/lettre.pdf', '.bash_history'];
    for (const t of traces) {
      await mkdir(path.dirname(path.join(home, t)), { recursive: true });
      await writeFile(path.join(home, t), 'visitor data');
    }
    // Something outside the home that a symlink in it points at: must survive.
    const outside = path.join(r, 'precious.txt');
    await writeFile(outside, 'keep me');
    await symlink(outside, path.join(home, 'link-outside'));
    // The machine store and the visitor's files in the shared temporary folders.
    await writeFile(path.join(r, 'var/lib/passerelle/shell/shell.sqlite'), 'machine store');
    await mkdir(path.join(r, 'tmp'), { recursive: true });
    await writeFile(path.join(r, 'tmp/visitor-upload.tmp'), 'x');
    await chown(path.join(r, 'tmp/visitor-upload.tmp'), accountIds!.uid, accountIds!.gid);
    await writeFile(path.join(r, 'tmp/root-file.tmp'), 'y');
    return { r, home, outside, traces };
  }
  const cleanup = (r: string, home: string, user?: string) =>
    runScript(bin('passerelle-kiosk-cleanup'), [], { PASSERELLE_ROOT: r, PASSERELLE_KIOSK_HOME: home, ...(user ? { USER: user } : {}) });

  it("rebuilds the kiosk account's home from the template: nothing of the visitor is left", async () => {
    const { r, home, outside } = await visitedKiosk();
    const out = await cleanup(r, home, ACCOUNT);
    expect(out.code).toBe(0);
    expect((await readdir(home)).sort()).toEqual(['.bashrc', '.config-marker']);
    const h = await stat(home);
    expect([h.uid, h.mode & 0o777]).toEqual([accountIds!.uid, 0o700]);
    expect((await lstat(path.join(home, '.bashrc'))).uid).toBe(accountIds!.uid);
    expect(await readFile(outside, 'utf8')).toBe('keep me');
    // The machine's store is not the visitor's: it stays.
    expect(await readFile(path.join(r, 'var/lib/passerelle/shell/shell.sqlite'), 'utf8')).toBe('machine store');
    // The account's files in /tmp go; other accounts' stay.
    expect(await readdir(path.join(r, 'tmp'))).toEqual(['root-file.tmp']);
  });

  it('runs the same with no USER (LightDM on some versions) and on an already clean home', async () => {
    const { r, home } = await visitedKiosk();
    expect((await cleanup(r, home)).code).toBe(0);
    expect((await cleanup(r, home)).code).toBe(0);
    expect((await readdir(home)).sort()).toEqual(['.bashrc', '.config-marker']);
  });

  it("leaves another account's session alone", async () => {
    const { r, home, traces } = await visitedKiosk();
    expect((await cleanup(r, home, 'technicien')).code).toBe(0);
    for (const t of traces) expect(existsSync(path.join(home, t)), t).toBe(true);
  });

  it('does nothing where kiosk mode is not set up', async () => {
    const { r, home, traces } = await visitedKiosk();
    await rm(path.join(r, 'etc/passerelle/kiosk.conf'));
    expect((await cleanup(r, home, ACCOUNT)).code).toBe(0);
    for (const t of traces) expect(existsSync(path.join(home, t)), t).toBe(true);
  });

  it('refuses to wipe a system folder, a relative path or a symlinked home', async () => {
    const { r, home } = await visitedKiosk();
    for (const bad of ['/', '/etc', '/var/lib/passerelle/shell', 'relative/home']) {
      const out = await cleanup(r, bad, ACCOUNT);
      expect(out.code, bad).toBe(1);
      expect(out.stderr, bad).toMatch(/refusing|not an absolute path/);
    }
    const linked = path.join(r, 'linked-home');
    await symlink(home, linked);
    expect((await cleanup(r, linked, ACCOUNT)).code).toBe(1);
    expect(existsSync(path.join(home, 'Downloads/lettre.pdf'))).toBe(true);
  });

  it('reads only a well-formed account name from kiosk.conf', async () => {
    const { r, home, traces } = await visitedKiosk();
    await writeFile(path.join(r, 'etc/passerelle/kiosk.conf'), 'KIOSK_USER=$(reboot)\n');
    await chmod(path.join(r, 'etc/passerelle/kiosk.conf'), 0o644);
    const out = await cleanup(r, home, ACCOUNT);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/no valid KIOSK_USER/);
    for (const t of traces) expect(existsSync(path.join(home, t)), t).toBe(true);
  });
});

describe('the kiosk settings the setup installs', () => {
  /** Key=value lines of one INI group. */
  async function keys(file: string): Promise<string[]> {
    return (await readFile(path.join(root, file), 'utf8'))
      .split('\n')
      .filter((l) => /^[A-Za-z-]+=/.test(l))
      .map((l) => l.split('=')[0]!);
  }

  it('LightDM: only keys LightDM knows, in its [Seat:*] group', async () => {
    const text = await readFile(path.join(root, 'build/kiosk/lightdm-kiosk.conf'), 'utf8');
    expect(text).toMatch(/^\[Seat:\*\]$/m);
    // The seat keys documented in LightDM's lightdm.conf.
    const known = ['autologin-user', 'autologin-user-timeout', 'autologin-session', 'session-setup-script', 'session-cleanup-script', 'allow-guest', 'greeter-hide-users'];
    expect(await keys('build/kiosk/lightdm-kiosk.conf')).toEqual(known);
  });

  it('logind: no getty on any text console (NAutoVTs=0, ReserveVT=0)', async () => {
    const text = await readFile(path.join(root, 'build/kiosk/logind-kiosk.conf'), 'utf8');
    expect(text).toMatch(/^\[Login\]$/m);
    expect(text).toMatch(/^NAutoVTs=0$/m);
    expect(text).toMatch(/^ReserveVT=0$/m);
  });

  it('Xorg: a ServerFlags section with DontVTSwitch and DontZap', async () => {
    const text = await readFile(path.join(root, 'build/kiosk/xorg-kiosk.conf'), 'utf8');
    expect(text).toMatch(/Section "ServerFlags"\n\s+Option "DontVTSwitch" "true"\n\s+Option "DontZap" "true"\nEndSection/);
  });
});
