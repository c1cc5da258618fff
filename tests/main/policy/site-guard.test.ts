/**
 * The website tile's guard (issue 13) with hostile URLs: look-alike domains, punycode homographs,
 * user-info tricks, ports, trailing dots, IP addresses and non-web schemes never pass for the real
 * site; navigation stays within the tile's sites and login providers; downloads, popups, permissions
 * and file pickers get the answers the issue asks for.
 */
import { describe, expect, it } from 'vitest';
import type { TileOf } from '../../../app/tiles/model.ts';
import {
  downloadDecision,
  filePickerDecision,
  frameSources,
  navigationDecision,
  nextZoom,
  popupDecision,
  SITE_ZOOM,
  sitePermissionDecision,
  siteVerdict,
} from '../../../main/policy/site-guard.ts';

const ameli: TileOf<'website'> = { kind: 'website', id: 'ameli', picture: 'hospital', label: 'Ameli', url: 'https://www.ameli.fr/', domains: ['ameli.fr', 'www.ameli.fr'], loginProviders: ['franceconnect'] };
const caf: TileOf<'website'> = { kind: 'website', id: 'caf', picture: 'euro', label: 'CAF', url: 'https://www.caf.fr/', domains: ['caf.fr', '*.caf.fr'], loginProviders: [] };
const call: TileOf<'call'> = { kind: 'call', id: 'karim', picture: 'family', label: 'Karim', url: 'https://meet.jit.si/famille-karim' };

describe('is this the real site?', () => {
  it('is green only for the exact official hosts', () => {
    expect(siteVerdict(ameli, 'https://ameli.fr/')).toEqual({ kind: 'official' });
    expect(siteVerdict(ameli, 'https://www.ameli.fr/assure/remboursements')).toEqual({ kind: 'official' });
    expect(siteVerdict(ameli, 'https://WWW.AMELI.FR/')).toEqual({ kind: 'official' }); // hosts are case-insensitive
    // The browser decodes a percent-encoded host before it goes there: this is ameli.fr, really.
    expect(siteVerdict(ameli, 'https://ameli%2Efr/')).toEqual({ kind: 'official' });
  });

  const lookAlikes: Array<[string, string]> = [
    ['a dash instead of a dot', 'https://ameli-fr.com/'],
    ['the real name as a subdomain of another site', 'https://ameli.fr.evil.example/'],
    ['a subdomain the tile did not allow', 'https://assure.ameli.fr/'],
    ['user-info: the real name before an @', 'https://ameli.fr@evil.example/'],
    ['user-info with a password', 'https://ameli.fr:motdepasse@evil.example/'],
    ['a Cyrillic "а" (IDN homograph, punycode)', 'https://аmeli.fr/'],
    ['the punycode form of a homograph', 'https://xn--meli-5cd.fr/'],
    ['a trailing dot', 'https://ameli.fr./'],
    ['another port', 'https://ameli.fr:8443/'],
    ['plain HTTP on the real name', 'http://ameli.fr/'],
    ['an IPv4 address', 'https://93.184.216.34/'],
    ['an IPv4 address written as one number', 'https://1572395042/'],
    ['an IPv6 address', 'https://[2001:db8::1]/'],
    ['a data: URL', 'data:text/html,<h1>ameli.fr</h1>'],
    ['a javascript: URL', 'javascript:alert("ameli.fr")'],
    ['a file: URL', 'file:///etc/passwd'],
    ['a blob: URL', 'blob:https://ameli.fr/1234'],
    ['not a URL at all', 'ameli.fr'],
  ];
  for (const [what, url] of lookAlikes) {
    it(`is orange for ${what} (${url})`, () => {
      expect(siteVerdict(ameli, url).kind).toBe('unknown');
    });
  }

  it('is green with the provider named for a declared login provider, and only a declared one', () => {
    expect(siteVerdict(ameli, 'https://app.franceconnect.gouv.fr/api/v1/authorize')).toEqual({ kind: 'login', provider: 'FranceConnect' });
    expect(siteVerdict(caf, 'https://app.franceconnect.gouv.fr/')).toMatchObject({ kind: 'unknown' });
    expect(siteVerdict(ameli, 'https://franceconnect.gouv.fr.evil.example/')).toMatchObject({ kind: 'unknown' });
  });

  it('allows subdomains only when the tile says *.', () => {
    expect(siteVerdict(caf, 'https://wwwd.caf.fr/wps/portal').kind).toBe('official');
    expect(siteVerdict(caf, 'https://caf.fr/').kind).toBe('official');
    expect(siteVerdict(caf, 'https://evilcaf.fr/').kind).toBe('unknown');
    expect(siteVerdict(caf, 'https://caf.fr.evil.example/').kind).toBe('unknown');
  });
});

describe('where the page may go', () => {
  it('stays within the tile and its login providers, asks before any other site, blocks the rest', () => {
    expect(navigationDecision(ameli, 'https://www.ameli.fr/page')).toEqual({ action: 'allow' });
    expect(navigationDecision(ameli, 'https://app.franceconnect.gouv.fr/login')).toEqual({ action: 'allow' });
    expect(navigationDecision(ameli, 'https://ameli-fr.com/')).toEqual({ action: 'ask', host: 'ameli-fr.com' });
    expect(navigationDecision(ameli, 'https://ameli.fr.evil.example/')).toEqual({ action: 'ask', host: 'ameli.fr.evil.example' });
    expect(navigationDecision(ameli, 'https://xn--meli-5cd.fr/')).toEqual({ action: 'ask', host: 'xn--meli-5cd.fr' });
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'file:///home', 'https://ameli.fr@evil.example/', 'https://10.0.0.1/', 'chrome://settings', 'ftp://ameli.fr/', '', 42, null]) {
      expect(navigationDecision(ameli, url), String(url)).toEqual({ action: 'block' });
    }
  });

  it('window.open and target=_blank never open a window: the same rules in the same view', () => {
    expect(popupDecision(ameli, 'https://www.ameli.fr/popup')).toEqual({ action: 'allow' });
    expect(popupDecision(ameli, 'https://ads.example/')).toEqual({ action: 'ask', host: 'ads.example' });
    expect(popupDecision(ameli, 'javascript:void(0)')).toEqual({ action: 'block' });
  });

  it("lets the web host's frame show only the tile's sites and login providers", () => {
    expect(frameSources(ameli)).toEqual(['https://ameli.fr', 'https://www.ameli.fr', 'https://franceconnect.gouv.fr', 'https://*.franceconnect.gouv.fr']);
    expect(frameSources(call)).toEqual(['https://meet.jit.si']);
    const test: TileOf<'website'> = { ...ameli, url: 'http://ameli.test/', domains: ['ameli.test'], loginProviders: [] };
    expect(frameSources(test)).toEqual(['http://ameli.test']);
  });
});

describe('what the page may do', () => {
  it('refuses programs and scripts, whatever the name claims, and saves other files under a safe name', () => {
    for (const [name, type] of [
      ['setup.exe', 'application/octet-stream'],
      ['facture.pdf.exe', 'application/pdf'],
      ['photo.exe.jpg', 'image/jpeg'],
      ['installer.sh', 'text/plain'],
      ['update.deb', 'application/octet-stream'],
      ['app.AppImage', 'application/octet-stream'],
      ['raccourci.desktop', 'text/plain'],
      ['script.py', 'text/plain'],
      ['document', 'application/x-msdownload'],
      ['document', 'application/x-executable'],
    ]) {
      expect(downloadDecision(name!, type!), name).toEqual({ action: 'refuse', reason: 'executable' });
    }
    expect(downloadDecision('attestation.pdf', 'application/pdf')).toEqual({ action: 'save', fileName: 'attestation.pdf' });
    expect(downloadDecision('../../.bashrc', 'text/plain')).toEqual({ action: 'save', fileName: 'bashrc' });
    expect(downloadDecision('C:\\Users\\x\\relevé.pdf', 'application/pdf')).toEqual({ action: 'save', fileName: 'relevé.pdf' });
    expect(downloadDecision('a\u202Efdp.txt', 'text/plain')).toEqual({ action: 'save', fileName: 'afdp.txt' }); // right-to-left override removed
    expect(downloadDecision('', 'application/pdf')).toEqual({ action: 'save', fileName: 'document' });
    expect(downloadDecision(`${'x'.repeat(300)}.pdf`, 'application/pdf')).toMatchObject({ fileName: `${'x'.repeat(116)}.pdf` });
  });

  it('refuses every permission, except camera and microphone for a video call on its own room', () => {
    for (const permission of ['notifications', 'geolocation', 'media', 'camera', 'microphone', 'clipboard-read', 'midi', 'fullscreen']) {
      expect(sitePermissionDecision(ameli, permission, 'https://www.ameli.fr/'), permission).toBe(false);
    }
    expect(sitePermissionDecision(call, 'media', 'https://meet.jit.si/famille-karim')).toBe(true);
    expect(sitePermissionDecision(call, 'notifications', 'https://meet.jit.si/famille-karim')).toBe(false);
    expect(sitePermissionDecision(call, 'geolocation', 'https://meet.jit.si/')).toBe(false);
    expect(sitePermissionDecision(call, 'media', 'https://evil.example/')).toBe(false);
    expect(sitePermissionDecision(call, 'media', 'https://meet.jit.si.evil.example/')).toBe(false);
    expect(sitePermissionDecision(call, 'media', 'http://meet.jit.si/')).toBe(false);
  });

  it('never opens a page’s own file picker', () => {
    expect(filePickerDecision()).toBe('refuse');
  });

  it('opens pages at 125 % and steps the text between 100 % and 200 %', () => {
    expect(SITE_ZOOM.initial).toBe(1.25);
    expect(nextZoom(1.25, 'bigger')).toBe(1.5);
    expect(nextZoom(2, 'bigger')).toBe(2);
    expect(nextZoom(1, 'smaller')).toBe(1);
  });
});
