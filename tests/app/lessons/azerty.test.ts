/**
 * The AZERTY keyboard the typing steps draw: which key writes each character, and which key is held
 * with it, as on the loaned computers' French keyboards.
 */
import { describe, expect, it } from 'vitest';
import { asPrintedOnKey, strokeFor, untypable } from '../../../app/lessons/azerty.ts';

describe('the AZERTY keyboard', () => {
  it('writes letters alone, capitals with Shift held', () => {
    expect(strokeFor('a')).toEqual({ key: 'a', hold: null });
    expect(strokeFor('P')).toEqual({ key: 'p', hold: 'shift' });
  });

  it('writes digits with Shift held (the number row gives & é " alone), and @ with AltGr on the à key', () => {
    expect(strokeFor('1')).toEqual({ key: '1', hold: 'shift' });
    expect(strokeFor('&')).toEqual({ key: '1', hold: null });
    expect(strokeFor('é')).toEqual({ key: '2', hold: null });
    expect(strokeFor('0')).toEqual({ key: '0', hold: 'shift' });
    expect(strokeFor('à')).toEqual({ key: '0', hold: null });
    expect(strokeFor('@')).toEqual({ key: '0', hold: 'altgr' });
  });

  it('writes the dot with Shift on the semicolon key, and the space with the long bar', () => {
    expect(strokeFor('.')).toEqual({ key: 'semicolon', hold: 'shift' });
    expect(strokeFor(' ')).toEqual({ key: 'space', hold: null });
  });

  it('names the characters a lesson could not show on its keyboard', () => {
    expect(untypable('moi@free.fr')).toEqual([]);
    expect(untypable('Été')).toEqual(['É']);
    expect(untypable('ñandú')).toEqual(['ñ', 'ú']);
  });

  it('shows a letter as printed on its key: a capital', () => {
    expect([...'taxi'].map(asPrintedOnKey).join('')).toBe('TAXI');
    expect([...'météo'].map(asPrintedOnKey).join('')).toBe('MéTéO');
    expect(asPrintedOnKey('@')).toBe('@');
  });
});
