/**
 * Every desktop entry the package installs passes `desktop-file-validate`: the kiosk X session,
 * the home-loan autostart entry, and the application entry electron-builder writes from
 * electron-builder.yml's linux.desktop.entry (rebuilt here the way LinuxTargetHelper lays it out).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

function hasValidator(): boolean {
  try {
    execFileSync('desktop-file-validate', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = hasValidator();
if (!available) console.warn('SKIPPED tests/build/desktop-files.test.ts: desktop-file-validate is not installed (package desktop-file-utils)');

async function validate(file: string) {
  return run('desktop-file-validate', [file]).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
}

/** Desktop entry → key → value (first group only). */
function entries(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9-]+(?:\[[^\]]+\])?)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'passerelle-desktop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('desktop entries', () => {
  it.each(['build/kiosk/passerelle-kiosk.desktop', 'build/xdg/passerelle-autostart.desktop'])('%s passes desktop-file-validate with no warning', async (file) => {
    const r = await validate(path.join(root, file));
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });

  it('the application entry electron-builder writes from electron-builder.yml passes too', async () => {
    const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      productName: string;
      executableName: string;
      linux: { desktop: { entry: Record<string, string> } };
    };
    // LinuxTargetHelper.computeDesktopEntry: Name, Exec, Terminal, Type, Icon, then the configured keys.
    const fields: Record<string, string> = {
      Name: config.productName,
      Exec: `/opt/${config.productName}/${config.executableName} %U`,
      Terminal: 'false',
      Type: 'Application',
      Icon: config.executableName,
      ...config.linux.desktop.entry,
    };
    const file = path.join(dir, `${config.executableName}.desktop`);
    await writeFile(file, `[Desktop Entry]\n${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
    const r = await validate(file);
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });

  it('catches a broken entry (control: an invented key and a missing Exec)', async () => {
    const file = path.join(dir, 'broken.desktop');
    await writeFile(file, '[Desktop Entry]\nType=Application\nName=Broken\nDesktopNames=Passerelle;\n');
    const r = await validate(file);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/DesktopNames/);
  });
});

describe('what the entries say', () => {
  it('the kiosk session runs the kiosk session script and nothing else', async () => {
    const e = entries(await readFile(path.join(root, 'build/kiosk/passerelle-kiosk.desktop'), 'utf8'));
    expect(e.Exec).toBe('/usr/libexec/passerelle/passerelle-kiosk-session');
    expect(e.TryExec).toBe(e.Exec);
    // LightDM's autologin-session names the file: /usr/share/xsessions/passerelle-kiosk.desktop.
    const lightdm = await readFile(path.join(root, 'build/kiosk/lightdm-kiosk.conf'), 'utf8');
    expect(lightdm).toMatch(/^autologin-session=passerelle-kiosk$/m);
  });

  it('the autostart entry opens the shell in XFCE sessions only (never in the kiosk session)', async () => {
    const e = entries(await readFile(path.join(root, 'build/xdg/passerelle-autostart.desktop'), 'utf8'));
    expect(e.Exec).toBe('/usr/bin/passerelle');
    expect(e.OnlyShowIn).toBe('XFCE;');
    expect(e.NoDisplay).toBe('true');
    expect(e.Hidden).toBeUndefined();
  });
});
