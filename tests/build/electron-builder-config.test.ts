/**
 * electron-builder.yml, checked offline the way electron-builder checks it (its own JSON schema),
 * plus the choices the shell depends on: no npm rebuild, a version-free AppImage name, and
 * electron-builder's own deb after-install script (chrome-sandbox, AppArmor) left in place.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
type Config = Record<string, unknown> & {
  npmRebuild?: boolean;
  appImage?: { artifactName?: string };
  deb?: { afterInstall?: string; depends?: string[] };
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

  it("keeps electron-builder's deb after-install script (chrome-sandbox, AppArmor)", () => {
    expect(config.deb).toBeDefined();
    expect(config.deb).not.toHaveProperty('afterInstall');
    expect(config.linux).not.toHaveProperty('afterInstall');
  });

  it('builds a deb (the kiosk format) and an AppImage, with the voice as a dependency', () => {
    expect(config.linux?.target?.map((t) => t.target)).toEqual(['deb', 'AppImage']);
    expect(config.deb?.depends).toContain('espeak-ng');
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
