/**
 * electron-builder.yml, checked offline the way electron-builder checks it (its own JSON schema),
 * plus the choices the shell depends on: no npm rebuild, a version-free AppImage name, the deb's
 * maintainer scripts (electron-builder's own steps are kept: tests/build/deb-scripts.test.ts) and the
 * files the deb places for the kiosk session, the home-loan autostart and the systemd units.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
type Config = Record<string, unknown> & {
  npmRebuild?: boolean;
  appImage?: { artifactName?: string };
  deb?: { afterInstall?: string; afterRemove?: string; depends?: string[]; fpm?: string[] };
  linux?: { target?: Array<{ target: string }>; icon?: string; category?: string };
  publish?: Array<{ provider: string; url: string }>;
  extraResources?: Array<{ from: string; to: string }>;
  files?: string[];
};

let validate: ValidateFunction;
let config: Config;

beforeAll(() => {
  const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
  validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
  config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;
});

const errorsOf = (value: unknown): string => (validate(value) ? '' : JSON.stringify(validate.errors, null, 2));

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    expect(errorsOf(config)).toBe('');
  });

  it('would be caught if it were broken (the schema check can fail)', () => {
    expect(validate({ ...config, npmRebuild: 'no' })).toBe(false);
    expect(validate({ ...config, linux: { ...config.linux, notAnOption: true } })).toBe(false);
    expect(validate({ ...config, deb: { ...config.deb, depends: 'espeak-ng' } })).toBe(false);
    expect(validate({ ...config, appIdd: 'typo' })).toBe(false);
  });

  it('does not rebuild native modules (the packaging machine runs electron-rebuild)', () => {
    expect(config.npmRebuild).toBe(false);
  });

  it('names the AppImage without its version, so an update replaces the same file', () => {
    expect(config.appImage?.artifactName).toBeDefined();
    expect(config.appImage?.artifactName).not.toMatch(/\$\{version\}/);
    expect(config.appImage?.artifactName).toMatch(/\.\$\{ext\}$|\.AppImage$/);
  });

  it('uses our deb maintainer scripts (which carry electron-builder\'s own steps), and only on the deb', () => {
    expect(config.deb?.afterInstall).toBe('build/linux/after-install.sh');
    expect(config.deb?.afterRemove).toBe('build/linux/after-remove.sh');
    expect(config.deb?.fpm).toContain('--before-remove=build/linux/before-remove.sh');
    for (const script of ['build/linux/after-install.sh', 'build/linux/after-remove.sh', 'build/linux/before-remove.sh']) {
      expect(existsSync(path.join(root, script)), script).toBe(true);
    }
    // linux.afterInstall would also apply to other fpm targets; the AppImage has no install step.
    expect(config.linux).not.toHaveProperty('afterInstall');
  });

  const placed = (): Map<string, string> =>
    new Map(
      (config.deb?.fpm ?? [])
        .filter((arg) => !arg.startsWith('-'))
        .map((arg) => {
          const [source, destination, ...rest] = arg.split('=');
          expect(rest, arg).toEqual([]);
          return [destination!, source!];
        }),
    );

  it('places the kiosk session, the autostart entry, the helper scripts and the units with fpm src=dest mappings', () => {
    const files = placed();
    expect(Object.fromEntries(files)).toEqual({
      '/usr/share/xsessions/passerelle-kiosk.desktop': 'build/kiosk/passerelle-kiosk.desktop',
      '/usr/libexec/passerelle/passerelle-kiosk-session': 'build/bin/passerelle-kiosk-session',
      '/usr/libexec/passerelle/passerelle-kiosk-cleanup': 'build/bin/passerelle-kiosk-cleanup',
      '/usr/sbin/passerelle-kiosk-setup': 'build/bin/passerelle-kiosk-setup',
      '/usr/share/passerelle/kiosk/lightdm-kiosk.conf': 'build/kiosk/lightdm-kiosk.conf',
      '/usr/share/passerelle/kiosk/xorg-kiosk.conf': 'build/kiosk/xorg-kiosk.conf',
      '/usr/share/passerelle/kiosk/logind-kiosk.conf': 'build/kiosk/logind-kiosk.conf',
      '/etc/xdg/autostart/passerelle.desktop': 'build/xdg/passerelle-autostart.desktop',
      '/usr/libexec/passerelle/passerelle-smart-spool': 'build/bin/passerelle-smart-spool',
      '/usr/lib/systemd/system/passerelle-smart-spool.service': 'build/systemd/passerelle-smart-spool.service',
      '/usr/lib/systemd/system/passerelle-smart-spool.timer': 'build/systemd/passerelle-smart-spool.timer',
      '/usr/libexec/passerelle/passerelle-update': 'build/bin/passerelle-update',
      '/usr/lib/systemd/system/passerelle-update.service': 'build/systemd/passerelle-update.service',
      '/usr/lib/systemd/system/passerelle-update.timer': 'build/systemd/passerelle-update.timer',
      '/usr/share/passerelle/keys/release-ed25519.pem': 'build/keys/release-ed25519.pem',
    });
    for (const [destination, source] of files) {
      expect(existsSync(path.join(root, source)), source).toBe(true);
      expect(destination.startsWith('/'), destination).toBe(true);
      // Executables keep their mode in the package: the checkout must have them executable.
      if (/^\/usr\/(libexec|sbin)\//.test(destination)) expect(statSync(path.join(root, source)).mode & 0o111, source).not.toBe(0);
    }
  });

  it('forgets no file: everything in build/kiosk, build/xdg, build/bin and build/systemd is in the package', () => {
    const shipped = new Set(placed().values());
    for (const folder of ['build/kiosk', 'build/xdg', 'build/bin', 'build/systemd', 'build/keys']) {
      for (const name of readdirSync(path.join(root, folder))) expect(shipped.has(`${folder}/${name}`), `${folder}/${name}`).toBe(true);
    }
  });

  it('each ExecStart and script path named in the shipped files is a path the package places', () => {
    const files = placed();
    const named = new Set<string>();
    const maintainerScripts = ['build/linux/after-install.sh', 'build/linux/after-remove.sh', 'build/linux/before-remove.sh'];
    for (const source of [...files.values(), ...maintainerScripts]) {
      const text = readFileSync(path.join(root, source), 'utf8');
      for (const match of text.matchAll(/\/usr\/(?:libexec\/passerelle\/[a-z-]+|sbin\/passerelle-[a-z-]+)/g)) named.add(match[0]);
    }
    expect(named.size).toBeGreaterThan(4);
    for (const reference of named) expect(files.has(reference), reference).toBe(true);
  });

  it('builds a deb (the kiosk format) and an AppImage, with the voice as a dependency', () => {
    expect(config.linux?.target?.map((t) => t.target)).toEqual(['deb', 'AppImage']);
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['espeak-ng', 'curl', 'openssl', 'x11-xserver-utils', 'x11-xkb-utils']));
    // Setting depends replaces electron-builder's list: Electron's own libraries must still be there.
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libxss1', 'libxtst6', 'libatspi2.0-0']));
  });

  it('ships the lessons beside the app and the built bundles inside it', () => {
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'lessons', to: 'lessons' })]);
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**/*', 'dist/renderer/**/*', 'package.json']));
    expect(config.appId).toBe('org.passerelle.shell');
    expect(config.productName).toBe('Passerelle');
  });

  it('takes its icons from build/icons and updates from a generic feed', () => {
    expect(config.linux?.icon).toBe('build/icons');
    expect(config.linux?.category).toBe('Education');
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) })]);
  });
});
