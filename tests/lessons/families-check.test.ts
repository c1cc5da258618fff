/** lessons:check and the lesson families (issue 12), on a copy of the real lessons folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLessons } from '../../scripts/lessons-check.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../lessons');
let root: string;
beforeEach(() => {
  root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-families-')), 'lessons');
  fs.cpSync(lessonsDir, root, { recursive: true });
});
afterEach(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

const editFamilies = (change: (f: { families: { id: string; lessons: string[] }[]; covers: Record<string, string> }) => void) => {
  const file = path.join(root, 'families.yaml');
  const data = YAML.parse(fs.readFileSync(file, 'utf8'));
  change(data);
  fs.writeFileSync(file, YAML.stringify(data));
};
const problems = () => checkLessons(root).filter((p) => p.lesson === 'families.yaml').map((p) => p.message);

describe('lessons:check and the families', () => {
  it('tells the author of a new lesson without a family where to add it', () => {
    editFamilies((f) => {
      f.families[0]!.lessons = f.families[0]!.lessons.filter((id) => id !== 'souris-molette');
    });
    expect(problems()).toEqual([expect.stringMatching(/^lesson souris-molette: belongs to no family: add "souris-molette" to the lessons of one family in lessons\/families\.yaml \(souris, clavier/)]);
  });

  it('refuses the three near-identical mice: a lesson showing the same picture as another', () => {
    fs.copyFileSync(path.join(root, 'souris-bouger/pictures/1F5B1.svg'), path.join(root, 'families/1F3AF.svg'));
    expect(problems()).toEqual([expect.stringContaining('shows the same picture as family souris')]);
  });

  it('refuses a family name whose Arabic is given to the voice without its vowels', () => {
    const file = path.join(root, 'families.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('speech: { ar: "الْفَأْرَةُ" }', 'speech: { ar: "الفأرة" }'));
    expect(problems().join('\n')).toMatch(/family souris in ar/);
  });
});
