import { describe, expect, it } from 'vitest';
import { fold, inView, languageOf, matchesFilters, NO_FILTERS, tabTitle, viewCounts } from '../../../../server/console/src/queue/filter.ts';
import { request } from './request.ts';

const ME = 'me-id';

describe('the queue views', () => {
  it('"À prendre" holds what nobody holds, "Les miennes" what I hold, "Toutes" everything open', () => {
    const fresh = request();
    const seen = request({ state: 'seen' });
    const mine = request({ state: 'claimed', claimedBy: { id: ME, firstName: 'Marie' } });
    const theirs = request({ state: 'calling_back', claimedBy: { id: 'other', firstName: 'Paul' } });
    const queue = [fresh, seen, mine, theirs];
    expect(queue.filter((r) => inView(r, 'toTake', ME))).toEqual([fresh, seen]);
    expect(queue.filter((r) => inView(r, 'mine', ME))).toEqual([mine]);
    expect(queue.filter((r) => inView(r, 'all', ME))).toEqual(queue);
    expect(viewCounts(queue, ME, NO_FILTERS)).toEqual({ toTake: 2, mine: 1, all: 4 });
  });
});

describe('search and filters', () => {
  const helene = request({ assetTag: 'PC-0007', beneficiary: { id: 'b1', firstName: 'Hélène', phone: '06', language: 'ar' } });
  const kiosk = request({ assetTag: 'BORNE-02', machineMode: 'kiosk', context: { screen: 'home', language: 'en' } });

  it('finds a request by asset tag or first name, whatever the case and accents', () => {
    expect(matchesFilters(helene, { ...NO_FILTERS, search: 'helene' })).toBe(true);
    expect(matchesFilters(helene, { ...NO_FILTERS, search: 'pc-0007' })).toBe(true);
    expect(matchesFilters(helene, { ...NO_FILTERS, search: '  0007 HÉL ' })).toBe(true);
    expect(matchesFilters(helene, { ...NO_FILTERS, search: 'borne' })).toBe(false);
    expect(fold('Ève ÉLODIE')).toBe('eve elodie');
  });

  it("filters by the person's language (the loan register's first) and by the machine's mode", () => {
    expect(languageOf(helene)).toBe('ar'); // the register says Arabic although the shell spoke French
    expect(languageOf(kiosk)).toBe('en');
    expect(matchesFilters(helene, { ...NO_FILTERS, language: 'ar' })).toBe(true);
    expect(matchesFilters(helene, { ...NO_FILTERS, language: 'fr' })).toBe(false);
    expect(matchesFilters(kiosk, { ...NO_FILTERS, mode: 'kiosk' })).toBe(true);
    expect(matchesFilters(helene, { ...NO_FILTERS, mode: 'kiosk' })).toBe(false);
    expect(viewCounts([helene, kiosk], ME, { ...NO_FILTERS, mode: 'home' })).toEqual({ toTake: 1, mine: 0, all: 1 });
  });
});

it('the tab title starts with the number of requests waiting, and is plain when none wait', () => {
  expect(tabTitle('Passerelle — console', 3)).toBe('(3) Passerelle — console');
  expect(tabTitle('Passerelle — console', 0)).toBe('Passerelle — console');
});
