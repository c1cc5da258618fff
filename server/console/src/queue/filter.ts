/**
 * Which requests the queue shows (issue 11): the view ("À prendre", "Les miennes", "Toutes"), a
 * search by asset tag or first name, and filters by the person's language and the machine's mode.
 * Pure, so that the rules are tested without a browser.
 */
import { isUnclaimedHelpState } from '../../../../app/help/states.ts';
import type { Language } from '../../../../app/protocol/common.ts';
import type { HelpRequestView, MachineMode } from '../../../../app/protocol/hub.ts';

export const OPEN_VIEWS = ['toTake', 'mine', 'all'] as const;
export type OpenView = (typeof OPEN_VIEWS)[number];
export type QueueView = OpenView | 'resolved';

export interface QueueFilters {
  search: string;
  language: Language | 'any';
  mode: MachineMode | 'any';
}

export const NO_FILTERS: QueueFilters = { search: '', language: 'any', mode: 'any' };

/** The person's language: the loan register's, else the one the machine was speaking when they asked. */
export function languageOf(request: HelpRequestView): Language {
  return request.beneficiary?.language ?? request.context.language ?? 'fr';
}

/** Lower case, without accents: "hélène" finds "Hélène" and "Helene". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

export function inView(request: HelpRequestView, view: OpenView, meId: string): boolean {
  if (view === 'toTake') return isUnclaimedHelpState(request.state);
  if (view === 'mine') return request.claimedBy?.id === meId;
  return true;
}

export function matchesFilters(request: HelpRequestView, filters: QueueFilters): boolean {
  if (filters.language !== 'any' && languageOf(request) !== filters.language) return false;
  if (filters.mode !== 'any' && request.machineMode !== filters.mode) return false;
  const words = fold(filters.search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold(`${request.assetTag} ${request.beneficiary?.firstName ?? ''}`);
  return words.every((w) => haystack.includes(w));
}

/** How many requests each open view holds (after the filters), for the tabs' counts. */
export function viewCounts(queue: HelpRequestView[], meId: string, filters: QueueFilters): Record<OpenView, number> {
  const shown = queue.filter((r) => matchesFilters(r, filters));
  return {
    toTake: shown.filter((r) => inView(r, 'toTake', meId)).length,
    mine: shown.filter((r) => inView(r, 'mine', meId)).length,
    all: shown.length,
  };
}

/** The tab title: the number of requests waiting to be taken first, so it shows on a background tab. */
export function tabTitle(base: string, waiting: number): string {
  return waiting > 0 ? `(${waiting}) ${base}` : base;
}
