import { describe, expect, it } from 'vitest';
import { downloadDecision } from '../../../main/policy/site-guard.ts';
import { downloadNotice, downloadPath, LISTEN_MAX_CHARS, partitionsToWipe, shownFileName, siteViewPartition, textToListen } from '../../../main/policy/site-views.ts';

describe('a website tile’s partition', () => {
  it('is its own, kept on disk on a home loan and in memory only on a kiosk', () => {
    expect(siteViewPartition('ameli', 'home')).toBe('persist:tile-ameli');
    expect(siteViewPartition('ameli', 'kiosk')).toBe('tile-ameli');
    expect(siteViewPartition('caf', 'kiosk')).not.toBe(siteViewPartition('ameli', 'kiosk'));
  });
  it('refuses an id that could name another partition', () => {
    expect(() => siteViewPartition('../x', 'home')).toThrow();
    expect(() => siteViewPartition('persist:x', 'kiosk')).toThrow();
    expect(() => siteViewPartition('', 'home')).toThrow();
  });
});

describe('the partitions wiped when a visit ends', () => {
  it('on a kiosk: every site tile the visitor opened, once each', () => {
    expect(partitionsToWipe('kiosk', ['caf', 'ameli', 'caf'])).toEqual(['tile-ameli', 'tile-caf']);
  });
  it('on a home loan: none (the person stays logged in)', () => {
    expect(partitionsToWipe('home', ['caf', 'ameli'])).toEqual([]);
  });
  it('nothing opened: nothing to wipe', () => {
    expect(partitionsToWipe('kiosk', [])).toEqual([]);
  });
});

describe('what "Écouter" reads', () => {
  it('the selection first, else the main text, spaces folded', () => {
    expect(textToListen({ selection: '  Votre  attestation\n', main: 'Tout le reste' })).toBe('Votre attestation');
    expect(textToListen({ selection: '', main: 'Bienvenue sur\n\nameli' })).toBe('Bienvenue sur ameli');
  });
  it('nothing, or not what the script returns: null', () => {
    expect(textToListen({ selection: ' ', main: '\n' })).toBeNull();
    expect(textToListen(null)).toBeNull();
    expect(textToListen({ selection: 42, main: ['x'] })).toBeNull();
  });
  it('a long page is cut at a sentence end within the speech limit', () => {
    const long = `${'Une phrase assez longue pour remplir la page. '.repeat(20)}Fin`;
    const said = textToListen({ selection: '', main: long })!;
    expect(said.length).toBeLessThanOrEqual(LISTEN_MAX_CHARS);
    expect(said.endsWith('page.')).toBe(true);
    expect(textToListen({ selection: 'x'.repeat(900), main: '' })).toHaveLength(LISTEN_MAX_CHARS);
  });
});

it('a download never replaces a file already in Mes documents', () => {
  const present = new Set(['/home/j/Documents/facture.pdf', '/home/j/Documents/facture (2).pdf']);
  expect(downloadPath('/home/j/Documents', 'facture.pdf', (f) => present.has(f))).toBe('/home/j/Documents/facture (3).pdf');
  expect(downloadPath('/home/j/Documents', 'avis.pdf', (f) => present.has(f))).toBe('/home/j/Documents/avis.pdf');
});

describe('what the site screen tells the person of a download', () => {
  it('a program is refused at once, whatever its name claims, and named without its disguise', () => {
    expect(downloadNotice(downloadDecision('setup.exe', 'application/octet-stream'), 'setup.exe')).toEqual({ outcome: 'refused', fileName: 'setup.exe' });
    expect(downloadNotice(downloadDecision('facture.pdf', 'application/x-msdownload'), 'facture.pdf')).toEqual({ outcome: 'refused', fileName: 'facture.pdf' });
    // A right-to-left override would show "facture\u202Efdp.exe" as "facturexe.pdf": the person hears the real name.
    expect(downloadNotice(downloadDecision('facture\u202Efdp.exe', ''), 'facture\u202Efdp.exe')).toEqual({ outcome: 'refused', fileName: 'facturefdp.exe' });
    // Even when there is nowhere to save, a program is "refused", not "failed".
    expect(downloadNotice(downloadDecision('virus.sh', ''), 'virus.sh', 'no_folder').outcome).toBe('refused');
  });

  it('an accepted file is "saved" only once complete, under the name it got in Mes documents', () => {
    const pdf = downloadDecision('attestation.pdf', 'application/pdf');
    expect(downloadNotice(pdf, 'attestation.pdf', { savedAs: '/home/j/Documents/attestation (2).pdf', state: 'completed' })).toEqual({ outcome: 'saved', fileName: 'attestation (2).pdf' });
    expect(downloadNotice(pdf, 'attestation.pdf', { savedAs: '/home/j/Documents/attestation.pdf', state: 'interrupted' })).toEqual({ outcome: 'failed', fileName: 'attestation.pdf' });
    expect(downloadNotice(pdf, 'attestation.pdf', { savedAs: '/home/j/Documents/attestation.pdf', state: 'cancelled' }).outcome).toBe('failed');
    expect(downloadNotice(pdf, 'attestation.pdf', 'no_folder').outcome).toBe('failed');
  });

  it('names are cut, cleaned of folders and control characters, never empty', () => {
    expect(shownFileName('../../etc/passwd')).toBe('passwd');
    expect(shownFileName('C:\\Users\\x\\relevé.pdf')).toBe('relevé.pdf');
    expect(shownFileName('a\u0000b\u200Bc.pdf')).toBe('abc.pdf');
    expect(shownFileName('\u202E')).toBe('document');
    expect(shownFileName(`${'x'.repeat(100)}.pdf`)).toHaveLength(80);
  });
});
