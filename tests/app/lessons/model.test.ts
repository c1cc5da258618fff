/**
 * The pack format's rules a schema can say: a find step has one right thing to press, inside its scene;
 * the pictures a step shows are the ones its sentence may lean on.
 */
import { describe, expect, it } from 'vitest';
import { LessonStep, shownPictures, stepTextKeys } from '../../../app/lessons/model.ts';

const find = (targets: unknown[]) => ({ kind: 'find', say: 'press_red', picture: 'pictures/appel.svg', targets });
const spot = (box: number[], right = false) => ({ box, label: 'lbl', right });

describe('the find step', () => {
  it('takes a scene with one right thing and others really there, pressed once by default', () => {
    const step = LessonStep.parse(find([spot([10, 10, 20, 20], true), { ...spot([50, 10, 20, 20]), feedback: 'fb' }]));
    expect(step).toMatchObject({ kind: 'find', press: 'click', mirror: false });
    expect(stepTextKeys(step)).toEqual(['press_red', 'lbl', 'lbl', 'fb']);
    expect(shownPictures(step)).toEqual(['pictures/appel.svg']);
  });

  it('refuses a scene with no right thing, two right things, no other thing, or a thing outside the picture', () => {
    expect(LessonStep.safeParse(find([spot([10, 10, 20, 20]), spot([50, 10, 20, 20])])).success).toBe(false);
    expect(LessonStep.safeParse(find([spot([10, 10, 20, 20], true), spot([50, 10, 20, 20], true)])).success).toBe(false);
    expect(LessonStep.safeParse(find([spot([10, 10, 20, 20], true)])).success).toBe(false);
    expect(LessonStep.safeParse(find([spot([90, 10, 20, 20], true), spot([10, 10, 20, 20])])).success).toBe(false);
    expect(LessonStep.safeParse(find([spot([10, 10, 0, 20], true), spot([50, 10, 20, 20])])).success).toBe(false);
  });
});

describe('the pictures a step shows', () => {
  it('a choose step shows its picture and its options; a type step shows the word, or its picture for a first name', () => {
    const choose = LessonStep.parse({
      kind: 'choose',
      say: 'q',
      picture: 'pictures/context.svg',
      options: [
        { picture: 'pictures/a.svg', label: 'a', right: true },
        { picture: 'pictures/b.svg', label: 'b' },
      ],
    });
    expect(shownPictures(choose)).toEqual(['pictures/context.svg', 'pictures/a.svg', 'pictures/b.svg']);
    expect(shownPictures(LessonStep.parse({ kind: 'type', say: 't', picture: 'pictures/k.svg', word: 'taxi' }))).toEqual([]);
    expect(shownPictures(LessonStep.parse({ kind: 'type', say: 't', picture: 'pictures/card.svg', firstName: true }))).toEqual(['pictures/card.svg']);
  });
});
