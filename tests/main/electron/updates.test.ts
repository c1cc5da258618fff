import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canAutoUpdate, parseUpdateFeed, updaterSettings } from '../../../main/electron/updates.ts';

describe('canAutoUpdate', () => {
  it('does nothing in a development run', () => {
    expect(canAutoUpdate({ isPackaged: false, platform: 'linux', isDeb: true }).mode).toBe('none');
  });

  it('does nothing outside Linux', () => {
    expect(canAutoUpdate({ isPackaged: true, platform: 'win32' }).mode).toBe('none');
    expect(canAutoUpdate({ isPackaged: true, platform: 'darwin', isDeb: true }).mode).toBe('none');
  });

  it('only checks for a .deb: dpkg needs root and pkexec has no one to ask in a kiosk', () => {
    const capability = canAutoUpdate({ isPackaged: true, platform: 'linux', isDeb: true });
    expect(capability.mode).toBe('check-only');
    expect(updaterSettings(capability)).toEqual({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false });
  });

  it('replaces an AppImage with a version-free name in a writable folder', () => {
    const capability = canAutoUpdate({ isPackaged: true, platform: 'linux', appImagePath: '/home/pc/Applications/Passerelle.AppImage', appImageDirWritable: true });
    expect(capability.mode).toBe('appimage');
    expect(updaterSettings(capability).autoDownload).toBe(true);
  });

  it('never installs on quit, whatever the capability', () => {
    for (const mode of ['none', 'check-only', 'appimage'] as const) {
      expect(updaterSettings({ mode, reason: '' }).autoInstallOnAppQuit).toBe(false);
    }
  });

  it('does not touch an AppImage whose name carries a version or whose folder is not writable', () => {
    expect(canAutoUpdate({ isPackaged: true, platform: 'linux', appImagePath: '/opt/Passerelle-0.1.0.AppImage', appImageDirWritable: true }).mode).toBe('none');
    expect(canAutoUpdate({ isPackaged: true, platform: 'linux', appImagePath: '/opt/Passerelle.AppImage', appImageDirWritable: false }).mode).toBe('none');
    expect(canAutoUpdate({ isPackaged: true, platform: 'linux', appImagePath: '/opt/Passerelle.AppImage' }).mode).toBe('none');
  });

  it('does nothing for an unknown package format', () => {
    expect(canAutoUpdate({ isPackaged: true, platform: 'linux' }).mode).toBe('none');
    expect(canAutoUpdate({ isPackaged: true, platform: 'linux', appImagePath: '' }).mode).toBe('none');
  });
});

const sha512 = createHash('sha512').update('passerelle 0.2.0').digest('base64');
const feedUrl = 'https://hub.example.org/updates/latest-linux.yml';
const feed = (files: string, extra = '') => `version: 0.2.0
files:
${files}
path: Passerelle.AppImage
sha512: ${sha512}
releaseDate: '2025-03-01T10:00:00.000Z'
${extra}`;
const appImage = `  - url: Passerelle.AppImage
    sha512: ${sha512}
    size: 104857600
    blockMapSize: 110000`;
const deb = `  - url: passerelle_0.2.0_amd64.deb
    sha512: ${sha512}
    size: 73400320`;

describe('parseUpdateFeed (latest-linux.yml)', () => {
  it("reads electron-builder's feed and resolves file URLs against it", () => {
    const parsed = parseUpdateFeed(feed(`${appImage}\n${deb}`, 'stagingPercentage: 20'), feedUrl);
    expect(parsed.version).toBe('0.2.0');
    expect(parsed.releaseDate).toBe('2025-03-01T10:00:00.000Z');
    expect(parsed.stagingPercentage).toBe(20);
    expect(parsed.files).toEqual([
      { url: 'https://hub.example.org/updates/Passerelle.AppImage', sha512, size: 104857600 },
      { url: 'https://hub.example.org/updates/passerelle_0.2.0_amd64.deb', sha512, size: 73400320 },
    ]);
  });

  it('reads an unquoted release date too', () => {
    expect(parseUpdateFeed(feed(appImage).replace("'2025-03-01T10:00:00.000Z'", '2025-03-01T10:00:00.000Z'), feedUrl).releaseDate).toBe('2025-03-01T10:00:00.000Z');
  });

  it('refuses a file without a sha512 (on Linux it is the only integrity check)', () => {
    const sha256Only = `  - url: Passerelle.AppImage
    sha2: ${createHash('sha256').update('x').digest('hex')}
    size: 10`;
    expect(() => parseUpdateFeed(feed(sha256Only), feedUrl)).toThrow(/sha512/);
    expect(() => parseUpdateFeed(feed(`  - url: Passerelle.AppImage\n    size: 10`), feedUrl)).toThrow(/checksum|sha512/);
    expect(() => parseUpdateFeed(feed(`  - url: Passerelle.AppImage\n    sha512: abc\n    size: 10`), feedUrl)).toThrow(/sha512/);
  });

  it('refuses a file without a size, or hosted on another origin', () => {
    expect(() => parseUpdateFeed(feed(`  - url: Passerelle.AppImage\n    sha512: ${sha512}`), feedUrl)).toThrow(/size/);
    expect(() => parseUpdateFeed(feed(`  - url: https://evil.example/Passerelle.AppImage\n    sha512: ${sha512}\n    size: 10`), feedUrl)).toThrow(/origin/);
  });

  it('refuses a feed that is not YAML, has no version or no files', () => {
    expect(() => parseUpdateFeed('version: [unclosed', feedUrl)).toThrow();
    expect(() => parseUpdateFeed('just text', feedUrl)).toThrow(/mapping/);
    expect(() => parseUpdateFeed(feed(appImage).replace('version: 0.2.0', 'version: latest'), feedUrl)).toThrow(/version/);
    expect(() => parseUpdateFeed(`version: 0.2.0\nfiles: []\n`, feedUrl)).toThrow(/No files/);
  });

  it('ignores a staging percentage out of range', () => {
    expect(parseUpdateFeed(feed(appImage, 'stagingPercentage: 150'), feedUrl).stagingPercentage).toBeNull();
  });
});
