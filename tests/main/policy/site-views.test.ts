import { describe, expect, it } from 'vitest';
import { downloadPath, LISTEN_MAX_CHARS, partitionsToWipe, siteViewPartition, textToListen } from '../../../main/policy/site-views.ts';

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
