/**
 * The deb's maintainer scripts. A custom deb.afterInstall / afterRemove REPLACES electron-builder's
 * default one, whose steps (update-alternatives link, chrome-sandbox mode, AppArmor profile for
 * Ubuntu 24.04) Electron needs; so ours must contain every line of the installed electron-builder's
 * templates, verbatim and in order. An electron-builder upgrade that changes a template makes this
 * fail until the script is updated. Then each script is rendered the way electron-builder renders
 * it (FpmTarget's writeConfigFile: every dollar-brace word is a macro and an unknown one stops the
 * build), and checked with bash -n and, where installed, shellcheck.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const templates = path.join(root, 'node_modules/app-builder-lib/templates/linux');
const OUR_MARKER = '# ---- Passerelle';

/** The values electron-builder puts in: `executableName` and the product name, sanitised. */
const MACROS: Record<string, string> = { executable: 'passerelle', sanitizedProductName: 'Passerelle' };

/** FpmTarget.writeConfigFile's rule: `${word}` is a macro; an unknown one is an error. */
function renderLikeElectronBuilder(text: string): string {
  return text.replace(/\${([a-zA-Z]+)}/g, (_match, name: string) => {
    if (!(name in MACROS)) throw new Error(`Macro ${name} is not defined`);
    return MACROS[name]!;
  });
}

/** The template's non-blank lines that are missing from `script`, or out of order. */
function linesMissingInOrder(template: string, script: string): string[] {
  const ours = script.split('\n');
  const missing: string[] = [];
  let from = 0;
  for (const line of template.split('\n')) {
    if (line.trim() === '') continue;
    const at = ours.indexOf(line, from);
    if (at === -1) missing.push(line);
    else from = at + 1;
  }
  return missing;
}

function has(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const shellcheck = has('shellcheck');
if (!shellcheck) console.warn('tests/build/deb-scripts.test.ts: shellcheck is not installed; only bash -n runs');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'passerelle-deb-scripts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['after-install', 'after-install.tpl'],
  ['after-remove', 'after-remove.tpl'],
])('build/linux/%s.sh', (name, templateName) => {
  const scriptPath = path.join(root, 'build/linux', `${name}.sh`);

  it(`contains every line of electron-builder's ${templateName}, verbatim and in order, before our part`, async () => {
    const [template, script] = await Promise.all([readFile(path.join(templates, templateName), 'utf8'), readFile(scriptPath, 'utf8')]);
    expect(linesMissingInOrder(template, script)).toEqual([]);
    // Same first line (the interpreter), and electron-builder's steps come first.
    expect(script.split('\n')[0]).toBe(template.split('\n')[0]);
    expect(script.indexOf(OUR_MARKER)).toBeGreaterThan(script.indexOf(template.trim().split('\n').at(-1)!));
  });

  it('would notice a template that changed (control: one altered line, one removed line)', async () => {
    const [template, script] = await Promise.all([readFile(path.join(templates, templateName), 'utf8'), readFile(scriptPath, 'utf8')]);
    const templateLines = template.split('\n');
    const target = templateLines.findIndex((l) => l.includes('${executable}'));
    const altered = templateLines.map((l, i) => (i === target ? l.replace('${executable}', '${executable}-next') : l)).join('\n');
    expect(linesMissingInOrder(altered, script)).toHaveLength(1);
    const ourLines = script.split('\n');
    const withoutOne = ourLines.filter((l) => l !== templateLines[target]).join('\n');
    expect(linesMissingInOrder(template, withoutOne).length).toBeGreaterThan(0);
  });

  it('renders with only the macros electron-builder defines, and the result is valid bash', async () => {
    const rendered = renderLikeElectronBuilder(await readFile(scriptPath, 'utf8'));
    expect(rendered).not.toMatch(/\$\{[a-zA-Z]+\}/);
    const file = path.join(dir, `${name}.rendered.sh`);
    await writeFile(file, rendered);
    await run('bash', ['-n', file]);
    // electron-builder's own lines carry shellcheck warnings of their own (`[ a -a b ]`, backticks):
    // the whole script must be free of errors; our part must be clean at every level.
    if (shellcheck) {
      await run('shellcheck', ['--shell=bash', '--severity=error', file]);
      const ours = `#!/bin/bash\n${rendered.slice(rendered.indexOf(OUR_MARKER))}`;
      await writeFile(path.join(dir, `${name}.ours.sh`), ours);
      await run('shellcheck', ['--shell=bash', path.join(dir, `${name}.ours.sh`)]);
    }
  });

  it('a dollar-brace variable of our own would stop the build (control for the macro rule)', () => {
    expect(() => renderLikeElectronBuilder('echo "${HOME}"')).toThrow(/Macro HOME is not defined/);
  });
});

/** Runs a script with a fake `systemctl` first on PATH; returns the systemctl calls it made. */
async function systemctlCalls(scriptText: string, args: string[]): Promise<string[]> {
  const bin = await mkdtemp(path.join(dir, 'bin-'));
  const calls = path.join(bin, 'calls');
  await writeFile(path.join(bin, 'systemctl'), `#!/bin/sh\necho "$*" >> '${calls}'\n`, { mode: 0o755 });
  const script = path.join(bin, 'script.sh');
  await writeFile(script, scriptText, { mode: 0o755 });
  await run('bash', [script, ...args], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  return (await readFile(calls, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

describe('build/linux/before-remove.sh (passed to fpm as --before-remove, not templated)', () => {
  it('is valid sh, and shellcheck-clean where shellcheck exists', async () => {
    const file = path.join(root, 'build/linux/before-remove.sh');
    await run('sh', ['-n', file]);
    if (shellcheck) await run('shellcheck', [file]);
  });

  it('disables the timers on a real removal, and leaves them alone on an upgrade', async () => {
    const text = await readFile(path.join(root, 'build/linux/before-remove.sh'), 'utf8');
    expect(await systemctlCalls(text, ['remove'])).toContainEqual('disable passerelle-update.timer passerelle-smart-spool.timer');
    expect(await systemctlCalls(text, ['upgrade', '0.2.0'])).toEqual([]);
  });
});

describe("our part of after-install (run with a fake systemctl; this machine's systemd is not running)", () => {
  const ourPart = async () => {
    const rendered = renderLikeElectronBuilder(await readFile(path.join(root, 'build/linux/after-install.sh'), 'utf8'));
    return `#!/bin/bash\n${rendered.slice(rendered.indexOf(OUR_MARKER))}`;
  };

  it('enables both timers on the first install', async () => {
    expect(await systemctlCalls(await ourPart(), ['configure', ''])).toContainEqual('enable passerelle-smart-spool.timer passerelle-update.timer');
  });

  it('does not enable them again on an upgrade (a technician who turned one off keeps it off)', async () => {
    const calls = await systemctlCalls(await ourPart(), ['configure', '0.1.0']);
    expect(calls.filter((c) => c.startsWith('enable'))).toEqual([]);
  });

  it('starts them only under a running systemd, outside a chroot', async () => {
    const text = await ourPart();
    expect(text).toMatch(/if \[ -d \/run\/systemd\/system \] && ! \{ \[ -x '\/usr\/bin\/ischroot' \] && \/usr\/bin\/ischroot; \}; then\n\s+systemctl start/);
    expect(text).toContain('/usr/sbin/passerelle-kiosk-setup refresh');
  });
});

describe('our part of after-remove', () => {
  it('takes the kiosk settings out of /etc on remove and purge, the machine data only on purge', async () => {
    const text = await readFile(path.join(root, 'build/linux/after-remove.sh'), 'utf8');
    const ours = text.slice(text.indexOf(OUR_MARKER));
    expect(ours).toMatch(/remove \| purge\)\n[\s\S]*rm -f \/etc\/lightdm\/lightdm.conf.d\/50-passerelle-kiosk.conf/);
    expect(ours).toMatch(/if \[ "\$1" = purge \]; then\n[\s\S]*rm -rf \/etc\/passerelle \/var\/lib\/passerelle/);
  });
});
