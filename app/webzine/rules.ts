/**
 * The webzine's editorial rules, as pure functions: what a story needs before it may be published, and
 * which state changes are allowed. Privacy first: nothing is published without the person's consent
 * (given on the shell when sending), a helper's moderation, and — when the photo shows other people —
 * the helper's confirmation that they agreed.
 */
import type { StoryCredit, StoryState } from '../protocol/webzine.ts';

export interface PublishableStory {
  state: StoryState;
  credit: StoryCredit;
  title: string;
  text: string;
  signature: string;
  hasPhoto: boolean;
  photoAlt: string;
  photoShowsOthers: boolean;
  othersAgreed: boolean;
  issue: number | null;
  section: string | null;
}

/** What is still missing before publication (empty: it may be published). Codes, translated by the console. */
export type PublishProblem = 'not_submitted' | 'title' | 'text' | 'issue' | 'section' | 'signature' | 'photo_alt' | 'others_agreed';

export function publishProblems(s: PublishableStory): PublishProblem[] {
  const problems: PublishProblem[] = [];
  if (s.state !== 'submitted') problems.push('not_submitted');
  if (!s.title.trim()) problems.push('title');
  if (!s.text.trim()) problems.push('text');
  if (s.issue === null) problems.push('issue');
  if (s.section === null) problems.push('section');
  // A named story needs the name it is published under; an anonymous one must carry none.
  if (s.credit === 'anonymous' ? s.signature.trim() !== '' : s.signature.trim() === '') problems.push('signature');
  if (s.hasPhoto && !s.photoAlt.trim()) problems.push('photo_alt');
  if (s.hasPhoto && s.photoShowsOthers && !s.othersAgreed) problems.push('others_agreed');
  return problems;
}

/** A helper edits a story only while it waits in the queue. */
export const isEditable = (state: StoryState) => state === 'submitted';
/** The person may withdraw a story at any time until it is gone: waiting or published. */
export const isWithdrawable = (state: StoryState) => state === 'submitted' || state === 'published';
/** A story declined or withdrawn keeps no voice, photo or text (only its id, state and reason). */
export const keepsContent = (state: StoryState) => state === 'submitted' || state === 'published';
