/**
 * Anonymous usage counted where it happens, without the services knowing: every bridge call makes
 * this minute a minute of use, a confirmed help request counts (with its lesson step when it came
 * from one), and the lessons' activity counts starts, completions and hinted steps. Counting never
 * gets in the way of what is counted.
 */
import type { BridgeHandlers, BridgeInput } from '../../app/bridge/contract.ts';
import { TILE_KINDS } from '../../app/tiles/model.ts';
import type { LessonService } from './lessons.ts';
import type { TileService } from './tiles.ts';
import type { UsageService } from './usage.ts';

export function countLessonActivity(lessons: LessonService, usage: UsageService): void {
  lessons.onActivity((activity) => {
    try {
      if (activity.type === 'lesson-started') usage.count('lesson.started', { lessonId: activity.lessonId }, activity.at);
      else if (activity.type === 'lesson-completed') usage.count('lesson.completed', { lessonId: activity.lessonId }, activity.at);
      else if (activity.outcome.hintLevel > 0) usage.count('lesson.step_hinted', { lessonId: activity.lessonId, step: activity.outcome.index }, activity.at);
    } catch {
      /* counting never gets in the way of a lesson */
    }
  });
}

/** Wrap every handler (in place) so bridge calls count as use and help requests are counted. */
export function countUsageOnCalls(handlers: BridgeHandlers, usage: UsageService, tiles: TileService): void {
  const table = handlers as unknown as Record<string, (input: unknown) => unknown>;
  for (const name of Object.keys(table)) {
    const inner = table[name]!;
    table[name] = (input) => {
      usage.touch();
      return inner(input);
    };
  }
  const requestHelp = table.requestHelp!;
  table.requestHelp = (input) => {
    const created = requestHelp(input);
    const { lessonId, stepIndex } = (input as BridgeInput<'requestHelp'>).context;
    try {
      usage.count('help.requested', {});
      if (lessonId !== undefined && stepIndex !== undefined) usage.count('lesson.step_help', { lessonId, step: stepIndex });
    } catch {
      /* counting never gets in the way of a help request */
    }
    return created;
  };
  // A tile pressed (issue 13): its category only, never which site or contact.
  const openTile = table.openTile!;
  table.openTile = (input) => {
    const tile = tiles.find((input as BridgeInput<'openTile'>).id);
    try {
      if (tile) usage.count('tile.opened', { category: TILE_KINDS[tile.kind].category });
    } catch {
      /* counting never gets in the way of a tile */
    }
    return openTile(input);
  };
}
