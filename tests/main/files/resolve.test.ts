import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveAppRequest } from '../../../main/files/resolve.ts';

const dirs = { rendererDir: '/opt/passerelle/renderer', lessonsDir: '/opt/passerelle/lessons' };

describe('resolveAppRequest', () => {
  it('serves index.html for the root', () => {
    expect(resolveAppRequest('app://shell/', dirs)).toBe(path.join(dirs.rendererDir, 'index.html'));
    expect(resolveAppRequest('app://shell', dirs)).toBe(path.join(dirs.rendererDir, 'index.html'));
    expect(resolveAppRequest('app://shell/?lang=fr#home', dirs)).toBe(path.join(dirs.rendererDir, 'index.html'));
  });

  it('serves the renderer build', () => {
    expect(resolveAppRequest('app://shell/assets/index-abc123.js', dirs)).toBe(path.join(dirs.rendererDir, 'assets/index-abc123.js'));
    expect(resolveAppRequest('APP://SHELL/assets/a.css', dirs)).toBe(path.join(dirs.rendererDir, 'assets/a.css'));
  });

  it('serves lesson files from the lessons folder, decoding their names', () => {
    expect(resolveAppRequest('app://shell/lessons/souris-cliquer/souris.svg', dirs)).toBe(path.join(dirs.lessonsDir, 'souris-cliquer/souris.svg'));
    expect(resolveAppRequest('app://shell/lessons/clavier/%C3%A9t%C3%A9%201.png', dirs)).toBe(path.join(dirs.lessonsDir, 'clavier/été 1.png'));
  });

  it('folds a single-dot segment the way the URL parser does (it cannot leave the folder)', () => {
    expect(resolveAppRequest('app://shell/./index.html', dirs)).toBe(path.join(dirs.rendererDir, 'index.html'));
    expect(resolveAppRequest('app://shell/lessons/%2e/x/a.png', dirs)).toBe(path.join(dirs.lessonsDir, 'x/a.png'));
  });

  it('refuses the lessons folder itself', () => {
    expect(resolveAppRequest('app://shell/lessons', dirs)).toBeNull();
    expect(resolveAppRequest('app://shell/lessons/', dirs)).toBeNull();
  });

  it.each([
    'app://shell/../../etc/passwd',
    'app://shell/lessons/../../etc/passwd',
    'app://shell/lessons/x/../../../etc/passwd',
    'app://shell/%2e%2e/%2e%2e/etc/passwd',
    'app://shell/%2E%2E/etc/passwd',
    'app://shell/.%2e/etc/passwd',
    'app://shell/lessons/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://shell/lessons/x%2f..%2f..%2fsecret',
    'app://shell/lessons/a%2fb.png',
    'app://shell/lessons/a%5cb.png',
    'app://shell/lessons/..%5c..%5csecret',
    'app://shell/..\\..\\etc\\passwd',
    'app://shell/lessons\\..\\secret',
    'app://shell/%00index.html',
    'app://shell/index.html%00.png',
    'app://shell/a\u0000b',
    'app://shell//etc/passwd',
    'app://shell/lessons//etc/passwd',
    'app://shell/.env',
    'app://shell/lessons/.git/config',
    'app://shell/%zz',
    'app://shell/assets/',
  ])('refuses a path that tries to leave its folder or is not a plain file: %s', (url) => {
    expect(resolveAppRequest(url, dirs)).toBeNull();
  });

  it.each([
    'app://shell.evil/index.html',
    'app://evil/index.html',
    'app://user@shell/index.html',
    'app://shell:80/index.html',
    'app:///etc/passwd',
    'app:index.html',
    'file:///etc/passwd',
    'https://shell/index.html',
    '/etc/passwd',
    '',
    'not a url',
  ])('refuses another host or scheme: %s', (url) => {
    expect(resolveAppRequest(url, dirs)).toBeNull();
  });

  it('refuses non-strings', () => {
    expect(resolveAppRequest(undefined, dirs)).toBeNull();
    expect(resolveAppRequest(42, dirs)).toBeNull();
  });

  it('never returns a path outside the two folders, whatever the input', () => {
    const hostile = ['..', '%2e%2e', '%2E.', '.%2e', '%252e%252e', '%c0%ae%c0%ae', '..%00', '%2f', '%5c', '\\', '/', '~', '$HOME', '..;', '%u002e%u002e'];
    for (const a of hostile) {
      for (const b of hostile) {
        for (const prefix of ['', 'lessons/', 'lessons/x/', 'assets/']) {
          const file = resolveAppRequest(`app://shell/${prefix}${a}/${b}/passwd`, dirs);
          if (file !== null) {
            expect(file.startsWith(dirs.rendererDir + path.sep) || file.startsWith(dirs.lessonsDir + path.sep), file).toBe(true);
            expect(file.split(path.sep)).not.toContain('..');
          }
        }
      }
    }
  });
});

describe('mimeTypeFor', () => {
  it('types the files the renderer and the lessons use', () => {
    expect(mimeTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeFor('/x/a.js')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('/x/a.css')).toMatch(/^text\/css/);
    expect(mimeTypeFor('/x/a.SVG')).toBe('image/svg+xml');
    expect(mimeTypeFor('/x/a.png')).toBe('image/png');
    expect(mimeTypeFor('/x/a.wav')).toBe('audio/wav');
  });

  it('falls back to an inert type for unknown extensions', () => {
    expect(mimeTypeFor('/x/a.exe')).toBe('application/octet-stream');
    expect(mimeTypeFor('/x/noextension')).toBe('application/octet-stream');
  });
});

describe('resolveAppRequest for lesson packs received from the hub', () => {
  const withPacks = { ...dirs, packsDir: '/var/lib/passerelle/shell/lesson-packs' };

  it('serves files inside an unpacked version folder', () => {
    expect(resolveAppRequest('app://shell/packs/souris-bouger/v3-0123456789ab/pictures/1F5B1.svg', withPacks)).toBe(
      path.join(withPacks.packsDir, 'souris-bouger/v3-0123456789ab/pictures/1F5B1.svg'),
    );
  });

  it.each([
    'app://shell/packs/feed-state.json',
    'app://shell/packs/souris-bouger/current',
    'app://shell/packs/souris-bouger/previous',
    'app://shell/packs/souris-bouger/.incoming-abc/lesson.yaml',
    'app://shell/packs/souris-bouger/v3-0123456789ab',
    'app://shell/packs/souris-bouger/latest/lesson.yaml',
    'app://shell/packs/souris-bouger/v3-0123456789ab/../../../../etc/passwd',
  ])("refuses the store's own files and anything outside a version folder: %s", (url) => {
    expect(resolveAppRequest(url, withPacks)).toBeNull();
  });

  it('serves nothing at /packs/ when the shell has no packs folder', () => {
    expect(resolveAppRequest('app://shell/packs/souris-bouger/v3-0123456789ab/lesson.yaml', dirs)).toBeNull();
  });
});
