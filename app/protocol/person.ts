/**
 * The person a machine serves, as the hub tells it (issue 12): the beneficiary of its home loan on
 * the machine's feed, or a kiosk visitor who resumed with their card. Kept apart from hub.ts and
 * accompaniment.ts so that both can use it without importing each other.
 */
import { z } from 'zod';
import { LessonId } from '../lessons/model.ts';
import { Language } from './common.ts';

/**
 * Whether a beneficiary's lesson progress may leave the machine, asked on the shell when the loan
 * starts and recorded in the console. `withdrawn` stops sending and deletes what the hub held.
 */
export const ConsentState = z.enum(['unasked', 'granted', 'refused', 'withdrawn']);
export type ConsentState = z.infer<typeof ConsentState>;

export const PersonKind = z.enum(['beneficiary', 'visitor']);
export type PersonKind = z.infer<typeof PersonKind>;

/** The helper who chose a lesson with the person: first name and photo (a data: URL) when they set one. */
export const ChosenBy = z.object({ firstName: z.string(), photo: z.string().max(60_000).nullable() });
export type ChosenBy = z.infer<typeof ChosenBy>;

/** What a machine needs to run a person's lessons: their language, path and what they finished. */
export const MachinePerson = z.object({
  kind: PersonKind,
  firstName: z.string(),
  language: Language,
  consent: ConsentState,
  path: z.array(z.object({ lessonId: LessonId, chosenBy: ChosenBy.nullable() })),
  finished: z.array(LessonId),
});
export type MachinePerson = z.infer<typeof MachinePerson>;
