import { describe, expect, it } from 'vitest';
import { checkFamilies, familyOf, LessonFamilies } from '../../../app/lessons/families.ts';

const asset = (file: string) => ({ file, licence: 'CC-BY-SA-4.0', attribution: `OpenMoji – ${file}` });
const families = (over: Partial<LessonFamilies> = {}): LessonFamilies =>
  LessonFamilies.parse({
    families: [
      { id: 'souris', picture: 'mouse.svg', title: { fr: 'La souris', en: 'The mouse', ar: 'الفأرة' }, lessons: ['souris-bouger', 'souris-cliquer'] },
      { id: 'clavier', picture: 'keyboard.svg', title: { fr: 'Le clavier', en: 'The keyboard', ar: 'لوحة المفاتيح' }, lessons: ['clavier-lettres'] },
    ],
    covers: { 'souris-cliquer': 'target.svg' },
    assets: [asset('mouse.svg'), asset('keyboard.svg'), asset('target.svg')],
    ...over,
  });
const lessons = [
  { id: 'souris-bouger', picture: 'pictures/a.svg' },
  { id: 'souris-cliquer', picture: 'pictures/a.svg' },
  { id: 'clavier-lettres', picture: 'pictures/k.svg' },
];
/** Picture contents by path: the two mouse lessons' own pictures are the same drawing. */
const contents: Record<string, string> = {
  'families/mouse.svg': 'M',
  'families/keyboard.svg': 'K',
  'families/target.svg': 'T',
  'souris-bouger/pictures/a.svg': 'A',
  'souris-cliquer/pictures/a.svg': 'A',
  'clavier-lettres/pictures/k.svg': 'L',
};
const key = (file: string) => contents[file] ?? null;
const LANGS = ['fr', 'en', 'ar'] as const;

describe('checkFamilies', () => {
  it('accepts every lesson in exactly one family with distinct pictures', () => {
    expect(checkFamilies(families(), lessons, key, LANGS)).toEqual([]);
    expect(familyOf(families(), 'clavier-lettres')?.id).toBe('clavier');
    expect(familyOf(families(), 'nouvelle')).toBeNull();
  });

  it('tells the author of a new lesson which file to add it to, and the families to choose from', () => {
    const problems = checkFamilies(families(), [...lessons, { id: 'nouvelle-lecon', picture: 'pictures/n.svg' }], key, LANGS);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.where).toBe('lesson nouvelle-lecon');
    expect(problems[0]!.message).toContain('add "nouvelle-lecon" to the lessons of one family in lessons/families.yaml (souris, clavier)');
  });

  it('refuses a lesson in two families and a family naming a lesson that does not exist', () => {
    const f = families();
    f.families[1]!.lessons.push('souris-bouger', 'fantome');
    const messages = checkFamilies(f, lessons, key, LANGS).map((p) => p.message);
    expect(messages).toContain('souris-bouger is also in family souris: a lesson belongs to exactly one family');
    expect(messages.some((m) => m.startsWith('fantome is not a lesson here'))).toBe(true);
  });

  it('refuses two lessons showing the same picture (the three near-identical mice)', () => {
    const problems = checkFamilies(families({ covers: {} }), lessons, key, LANGS);
    expect(problems).toEqual([
      { where: 'lesson souris-cliquer', message: expect.stringContaining('shows the same picture as lesson souris-bouger') },
    ]);
  });

  it('refuses an uncredited or missing picture and a family name missing in a language', () => {
    const f = families({ assets: [asset('mouse.svg'), asset('keyboard.svg')] });
    delete f.families[0]!.title.ar;
    const problems = checkFamilies(f, lessons, (file) => (file === 'families/target.svg' ? null : key(file)), LANGS).map((p) => `${p.where}: ${p.message}`);
    expect(problems).toContain('target.svg: has no licence and attribution in assets of lessons/families.yaml');
    expect(problems).toContain('target.svg: does not exist in lessons/families/');
    expect(problems.some((p) => p.startsWith('family souris: title lacks "ar"'))).toBe(true);
  });
});
