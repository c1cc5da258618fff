import { describe, expect, it } from 'vitest';
import { DEFAULT_HUB_URL, DEFAULT_WEB_HOST_PORT, normaliseHubUrl, resolveShellConfig } from '../../main/config.ts';

const sources = (over: Partial<Parameters<typeof resolveShellConfig>[0]> = {}) => ({ env: {}, configFileText: null, isPackaged: false, ...over });

describe('resolveShellConfig', () => {
  it('uses the local hub by default', () => {
    expect(resolveShellConfig(sources())).toEqual({
      hubUrl: DEFAULT_HUB_URL,
      kiosk: false,
      machineDataDir: null,
      underKioskSession: false,
      devDataDir: null,
      webHostPort: DEFAULT_WEB_HOST_PORT,
      warnings: [],
    });
  });

  it('reads npm start’s data folder (unpackaged only) and the web host port', () => {
    const dev = resolveShellConfig(sources({ env: { PASSERELLE_SHELL_DATA: '/tmp/data/shell', PASSERELLE_SHELL_PORT: '0' } }));
    expect(dev).toMatchObject({ devDataDir: '/tmp/data/shell', webHostPort: 0, warnings: [] });
    expect(resolveShellConfig(sources({ env: { PASSERELLE_SHELL_DATA: '/tmp/x' }, isPackaged: true })).devDataDir).toBeNull();
    for (const bad of ['70000', '-1', 'abc', '80; rm']) {
      const config = resolveShellConfig(sources({ env: { PASSERELLE_SHELL_PORT: bad } }));
      expect(config.webHostPort).toBe(DEFAULT_WEB_HOST_PORT);
      expect(config.warnings).toHaveLength(1);
    }
  });

  it('prefers the environment over config.json', () => {
    const config = resolveShellConfig(sources({ env: { PASSERELLE_HUB_URL: 'https://env.example.org/' }, configFileText: '{"hubUrl":"https://file.example.org"}' }));
    expect(config.hubUrl).toBe('https://env.example.org');
  });

  it('reads config.json when the environment says nothing', () => {
    expect(resolveShellConfig(sources({ configFileText: '{"hubUrl":"https://hub.example.org/base/"}' })).hubUrl).toBe('https://hub.example.org/base');
  });

  it('falls back, with a warning, when a value is not an http(s) URL', () => {
    const bad = resolveShellConfig(sources({ env: { PASSERELLE_HUB_URL: 'javascript:alert(1)' }, configFileText: '{"hubUrl":"https://file.example.org"}' }));
    expect(bad.hubUrl).toBe('https://file.example.org');
    expect(bad.warnings).toHaveLength(1);
    const worse = resolveShellConfig(sources({ configFileText: '{"hubUrl":"file:///etc/passwd"}' }));
    expect(worse.hubUrl).toBe(DEFAULT_HUB_URL);
    expect(worse.warnings).toHaveLength(1);
  });

  it.each(['not json', '[1,2]', 'null', '"https://x.example"', '{"hubUrl":42}'])('survives a broken config.json: %s', (text) => {
    const config = resolveShellConfig(sources({ configFileText: text }));
    expect(config.hubUrl).toBe(DEFAULT_HUB_URL);
    expect(config.warnings.length).toBeGreaterThan(0);
  });

  it('is a kiosk when packaged, or when asked in development', () => {
    expect(resolveShellConfig(sources({ isPackaged: true })).kiosk).toBe(true);
    expect(resolveShellConfig(sources({ env: { PASSERELLE_KIOSK: '1' } })).kiosk).toBe(true);
    expect(resolveShellConfig(sources({ env: { PASSERELLE_KIOSK: '0' } })).kiosk).toBe(false);
  });
});

describe('the kiosk session environment (build/bin/passerelle-kiosk-session)', () => {
  it("keeps the machine's store where the session says, outside the wiped home", () => {
    const config = resolveShellConfig(sources({ isPackaged: true, env: { PASSERELLE_MACHINE_DATA: '/var/lib/passerelle/shell', XDG_CURRENT_DESKTOP: 'Passerelle' } }));
    expect(config).toMatchObject({ machineDataDir: '/var/lib/passerelle/shell', underKioskSession: true, warnings: [] });
  });

  it.each(['relative/dir', '/var/lib/../../etc', ''])('ignores a machine data folder %j that is not a plain absolute path', (value) => {
    const config = resolveShellConfig(sources({ env: { PASSERELLE_MACHINE_DATA: value } }));
    expect(config.machineDataDir).toBeNull();
    expect(config.warnings).toHaveLength(value ? 1 : 0);
  });

  it('is not the kiosk session inside an ordinary XFCE session', () => {
    expect(resolveShellConfig(sources({ env: { XDG_CURRENT_DESKTOP: 'XFCE' } })).underKioskSession).toBe(false);
  });
});

describe('normaliseHubUrl', () => {
  it.each(['https://user:pw@hub.example.org', 'https://hub.example.org/?x=1', 'https://hub.example.org/#x', 'ws://hub.example.org', '', 'x'.repeat(3000), null, 8600])(
    'refuses %s',
    (value) => {
      expect(normaliseHubUrl(value)).toBeNull();
    },
  );
  it('trims and drops the trailing slash', () => {
    expect(normaliseHubUrl('  http://127.0.0.1:8600/  ')).toBe('http://127.0.0.1:8600');
  });
});
