import { describe, expect, it } from 'vitest';
import { isEscapingLink, type LinkLike } from '../../../renderer/src/kiosk/guards.ts';

const PAGE = 'http://127.0.0.1:8601';

/** A link as the page would hold it: its attributes, and `href` resolved against the page. */
function link(attributes: Record<string, string>): LinkLike {
  const raw = attributes.href;
  let href = '';
  try {
    href = raw === undefined ? '' : new URL(raw, `${PAGE}/`).href;
  } catch {
    href = raw ?? '';
  }
  return { hasAttribute: (name) => name in attributes, getAttribute: (name) => attributes[name] ?? null, href };
}

describe('isEscapingLink', () => {
  it.each([
    ['a link to another site', { href: 'https://example.org/' }],
    ['a link to the same host on another port', { href: 'http://127.0.0.1:8600/console/' }],
    ['a download link, even on the page', { href: '/lessons/a.svg', download: '' }],
    ['a link opening a new window', { href: '/', target: '_blank' }],
    ['a link into a named frame', { href: '/', target: 'other' }],
    ['a javascript: link', { href: 'javascript:alert(1)' }],
    ['a file: link', { href: 'file:///etc/passwd' }],
    ['a protocol-relative link', { href: '//example.org/' }],
  ])('refuses %s', (_name, attributes) => {
    expect(isEscapingLink(link(attributes), PAGE)).toBe(true);
  });

  it.each([
    ['an anchor on the page', { href: '#top' }],
    ['a link without href', {}],
    ['a path on the page', { href: '/?token=x' }],
    ['a relative path', { href: 'lessons/' }],
    ['an explicit _self target', { href: '/', target: '_self' }],
  ])('lets %s be', (_name, attributes) => {
    expect(isEscapingLink(link(attributes), PAGE)).toBe(false);
  });
});
