import { describe, expect, it } from 'vitest';
import { isBlockedShortcut, type KeyInput } from '../../../main/policy/keys.ts';

const down = (key: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key, control: false, shift: false, alt: false, meta: false, ...mods });

describe('isBlockedShortcut', () => {
  it.each([
    ['reload', down('r', { control: true })],
    ['hard reload', down('R', { control: true, shift: true })],
    ['F5', down('F5')],
    ['Ctrl+F5', down('F5', { control: true })],
    ['DevTools Ctrl+Shift+I', down('I', { control: true, shift: true })],
    ['console Ctrl+Shift+J', down('J', { control: true, shift: true })],
    ['inspector Ctrl+Shift+C', down('C', { control: true, shift: true })],
    ['F12', down('F12')],
    ['close tab Ctrl+W', down('w', { control: true })],
    ['Ctrl+F4', down('F4', { control: true })],
    ['quit Ctrl+Q', down('q', { control: true })],
    ['new window Ctrl+N', down('n', { control: true })],
    ['new tab Ctrl+T', down('t', { control: true })],
    ['print Ctrl+P', down('p', { control: true })],
    ['open file Ctrl+O', down('o', { control: true })],
    ['save Ctrl+S', down('s', { control: true })],
    ['view source Ctrl+U', down('u', { control: true })],
    ['Super+R', down('r', { meta: true })],
    ['Alt+F4', down('F4', { alt: true })],
    ['leave full screen F11', down('F11')],
    ['caret browsing F7', down('F7')],
    ['back Alt+Left', down('ArrowLeft', { alt: true })],
    ['forward Alt+Right', down('ArrowRight', { alt: true })],
    ['home Alt+Home', down('Home', { alt: true })],
    ['keyboard Back key', down('BrowserBack')],
    ['keyboard Refresh key', down('BrowserRefresh')],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
  });

  it('blocks the key release too, so no half of a shortcut reaches the page', () => {
    expect(isBlockedShortcut({ ...down('F5'), type: 'keyUp' })).toBe(true);
  });

  it.each([
    ['zoom in Ctrl+Plus (low vision)', down('+', { control: true })],
    ['zoom in Ctrl+= ', down('=', { control: true })],
    ['zoom out Ctrl+Minus', down('-', { control: true })],
    ['reset zoom Ctrl+0', down('0', { control: true })],
    ['copy Ctrl+C', down('c', { control: true })],
    ['paste Ctrl+V', down('v', { control: true })],
    ['cut Ctrl+X', down('x', { control: true })],
    ['undo Ctrl+Z', down('z', { control: true })],
    ['select all Ctrl+A', down('a', { control: true })],
    ['letters', down('r')],
    ['capital letters', down('R', { shift: true })],
    ['Enter', down('Enter')],
    ['Escape', down('Escape')],
    ['Tab', down('Tab')],
    ['arrows', down('ArrowLeft')],
    ['Space', down(' ')],
    ['Backspace', down('Backspace')],
    ['F1', down('F1')],
    ['AltGr characters', down('@', { alt: true, control: true })],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(false);
  });

  it('ignores inputs without a key', () => {
    expect(isBlockedShortcut(null)).toBe(false);
    expect(isBlockedShortcut(undefined)).toBe(false);
    expect(isBlockedShortcut({ type: 'keyDown', control: true })).toBe(false);
    expect(isBlockedShortcut({ key: 42 as unknown as string })).toBe(false);
  });
});
