/**
 * What the people pages compute from the hub's answers, pure so that tests call it directly: the
 * path's moves (add, remove, up, down: the hub takes the whole list at once), the progress timeline
 * by week, the steps where the person got stuck, and which follow-ups are due.
 */
import type { AttemptView, CatalogueLesson, Suggestion } from '../../../../app/protocol/accompaniment.ts';
import type { Language } from '../../../../app/protocol/common.ts';
import { HintLevel } from '../../../../app/lessons/engine.ts';
import { isStuckStep } from '../../../../app/lessons/suggest.ts';
import { addDays, isoWeek, isoWeekMonday } from '../../../../app/usage/aggregate.ts';

export type PathMove = { kind: 'add'; lessonId: string } | { kind: 'remove'; lessonId: string } | { kind: 'up' | 'down'; lessonId: string };

/** The path after one move; a move that changes nothing (first one up, a lesson already there) gives the same list. */
export function movePath(path: readonly string[], move: PathMove): string[] {
  const list = [...path];
  const at = list.indexOf(move.lessonId);
  switch (move.kind) {
    case 'add':
      return at === -1 ? [...list, move.lessonId] : list;
    case 'remove':
      return list.filter((id) => id !== move.lessonId);
    case 'up':
    case 'down': {
      const to = move.kind === 'up' ? at - 1 : at + 1;
      if (at === -1 || to < 0 || to >= list.length) return list;
      [list[at], list[to]] = [list[to]!, list[at]!];
      return list;
    }
  }
}

/** Moves a lesson to another lesson's place (drag and drop). */
export function dropPath(path: readonly string[], lessonId: string, ontoId: string): string[] {
  const from = path.indexOf(lessonId);
  const to = path.indexOf(ontoId);
  if (from === -1 || to === -1 || from === to) return [...path];
  const list = path.filter((id) => id !== lessonId);
  list.splice(to, 0, lessonId);
  return list;
}

/** A lesson's title in the console's language, else French, else its id. */
export function lessonTitle(catalogue: readonly CatalogueLesson[], lessonId: string, language: Language): string {
  const lesson = catalogue.find((l) => l.id === lessonId);
  return lesson?.titles[language] ?? lesson?.titles.fr ?? lessonId;
}

/** Suggestions worth showing beside the path: not already in it, at most `max`. */
export function openSuggestions(suggestions: readonly Suggestion[], path: readonly string[], max = 3): Suggestion[] {
  return suggestions.filter((s) => !path.includes(s.lessonId)).slice(0, max);
}

export interface TimelineWeek {
  /** Monday of the week, YYYY-MM-DD. */
  monday: string;
  finished: number;
  /** Attempts last worked on this week and not finished. */
  unfinished: number;
  minutes: number;
}

/**
 * The person's progress week by week, from their first attempt to `today` (at most `maxWeeks`, the
 * most recent ones): lessons finished, lessons left unfinished, minutes spent. An attempt counts in
 * the week it was finished, or last worked on.
 */
export function timelineWeeks(attempts: readonly AttemptView[], today: string, maxWeeks = 26): TimelineWeek[] {
  if (attempts.length === 0) return [];
  const weekOf = (iso: string) => isoWeek(iso.slice(0, 10));
  const first = attempts.map((a) => a.startedAt.slice(0, 10)).sort()[0]!;
  const weeks: TimelineWeek[] = [];
  const lastWeek = isoWeek(today);
  for (let day = isoWeekMonday(isoWeek(first)); ; day = addDays(day, 7)) {
    weeks.push({ monday: day, finished: 0, unfinished: 0, minutes: 0 });
    if (isoWeek(day) >= lastWeek) break;
  }
  for (const a of attempts) {
    const monday = isoWeekMonday(weekOf(a.finishedAt ?? a.updatedAt));
    const row = weeks.find((w) => w.monday === monday);
    if (!row) continue;
    if (a.finishedAt) row.finished += 1;
    else row.unfinished += 1;
    row.minutes += Math.round(a.seconds / 60);
  }
  return weeks.slice(-maxWeeks);
}

export interface StuckStep {
  attemptId: string;
  lessonId: string;
  /** 1-based, as a helper says it ("étape 3"). */
  step: number;
  at: string;
  hand: boolean;
  help: boolean;
  misses: number;
}

/** Every step where the person needed the animated hand or asked a human, newest attempt first. */
export function stuckSteps(attempts: readonly AttemptView[]): StuckStep[] {
  return [...attempts]
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .flatMap((a) =>
      a.steps.filter(isStuckStep).map((s) => ({
        attemptId: a.attemptId,
        lessonId: a.lessonId,
        step: s.index + 1,
        at: a.updatedAt,
        hand: s.hintLevel >= HintLevel.animatedHand,
        help: s.help,
        misses: s.misses,
      })),
    );
}

/** Days are compared as text: 'YYYY-MM-DD' sorts as dates do. */
export function isOverdue(nextDay: string, today: string): boolean {
  return nextDay < today;
}

/** Today in the helper's own time zone (a follow-up set for "today" is due from local midnight). */
export function localToday(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
