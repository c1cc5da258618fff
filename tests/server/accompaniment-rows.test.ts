/** The accompaniment decisions both stores share (accompaniment-rows.ts): a progress report's effect, a person's consent. */
import { describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../app/protocol/accompaniment.ts';
import type { PersonRecord } from '../../server/store/accompaniment.ts';
import { consentChange, consentOf, progressDecision, type AttemptBeforeRow, type LoanConsentRow } from '../../server/store/sqlite/accompaniment-rows.ts';

const owner = { associationId: 'asso-1', personId: 'jeanne' };
const report = (over: Partial<ProgressReport> = {}): ProgressReport => ({
  id: 'report-2',
  attemptId: 'attempt-1',
  seq: 2,
  lessonId: 'souris-bouger',
  startedAt: '2026-11-30T10:00:00.000Z',
  at: '2026-11-30T10:02:00.000Z',
  finished: false,
  stepCount: 4,
  stepsDone: 2,
  seconds: 120,
  steps: [],
  helpRequests: 0,
  ...over,
});
const before = (over: Partial<AttemptBeforeRow> = {}): AttemptBeforeRow => ({
  person_id: 'jeanne',
  association_id: 'asso-1',
  seq: 1,
  last_report_id: 'report-1',
  finished_at: null,
  ...over,
});

describe('progressDecision', () => {
  it('stores a first report, and a newer one, with the attempt finished only when the report says so', () => {
    expect(progressDecision(undefined, owner, report())).toEqual(['attempt-1', 'asso-1', 'jeanne', 'souris-bouger', '2026-11-30T10:00:00.000Z', '2026-11-30T10:02:00.000Z', null, 120, 2, 4, '[]', 0, 2, 'report-2']);
    expect((progressDecision(before(), owner, report({ finished: true })) as unknown[])[6]).toBe('2026-11-30T10:02:00.000Z');
  });

  it('keeps a finished attempt finished at its first finishing time', () => {
    expect((progressDecision(before({ finished_at: '2026-11-30T10:01:00.000Z' }), owner, report({ finished: false })) as unknown[])[6]).toBe('2026-11-30T10:01:00.000Z');
  });

  it('the same report again, or an older one arriving late, changes nothing', () => {
    expect(progressDecision(before({ last_report_id: 'report-2' }), owner, report())).toBe('duplicate');
    expect(progressDecision(before({ seq: 2 }), owner, report())).toBe('duplicate');
    expect(progressDecision(before({ seq: 5 }), owner, report({ seq: 3 }))).toBe('duplicate');
  });

  it('an attempt id that is another person’s, or another association’s, is a conflict', () => {
    expect(progressDecision(before({ person_id: 'marcel' }), owner, report())).toBe('conflict');
    expect(progressDecision(before({ association_id: 'asso-2' }), owner, report())).toBe('conflict');
  });
});

describe('consent', () => {
  const person = (kind: PersonRecord['kind']): PersonRecord => ({ id: 'p', associationId: 'asso-1', kind, firstName: 'Lulu', language: 'fr', helperId: 'marie', createdAt: '2026-11-01T09:00:00.000Z' });
  const loan = (over: Partial<LoanConsentRow> = {}): LoanConsentRow => ({
    id: 'loan',
    machine_id: 'pc',
    consent: 'granted',
    consent_at: '2026-11-02T09:00:00.000Z',
    consent_source: 'console',
    consent_by: 'marie',
    by_first_name: 'Marie',
    ...over,
  });

  it('a visitor consented when registered, to the helper who registered them', () => {
    expect(consentOf(person('visitor'), undefined, 'Marie')).toEqual({ state: 'granted', at: '2026-11-01T09:00:00.000Z', source: 'console', by: { id: 'marie', firstName: 'Marie' } });
    expect(consentOf(person('visitor'), undefined, undefined).by).toBeNull(); // the helper's account is gone
  });

  it('a beneficiary’s is their current loan’s; without a loan it was never asked', () => {
    expect(consentOf(person('beneficiary'), loan(), undefined)).toEqual({ state: 'granted', at: '2026-11-02T09:00:00.000Z', source: 'console', by: { id: 'marie', firstName: 'Marie' } });
    expect(consentOf(person('beneficiary'), loan({ consent_source: 'machine', consent_by: null, by_first_name: null }), undefined).by).toBeNull();
    expect(consentOf(person('beneficiary'), undefined, undefined)).toEqual({ state: 'unasked', at: null, source: null, by: null });
  });

  it('no after yes is a withdrawal, no otherwise a refusal; no account means the person answered on the machine', () => {
    expect(consentChange(true, loan({ consent: 'unasked' }), null)).toEqual({ state: 'granted', source: 'machine' });
    expect(consentChange(false, loan(), 'marie')).toEqual({ state: 'withdrawn', source: 'console' });
    expect(consentChange(false, loan({ consent: 'unasked' }), null)).toEqual({ state: 'refused', source: 'machine' });
    expect(consentChange(false, undefined, 'marie')).toEqual({ state: 'refused', source: 'console' });
  });
});
