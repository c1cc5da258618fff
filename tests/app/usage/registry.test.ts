import { describe, expect, it } from 'vitest';
import { addDays, buildUsageBatch, isoWeek, isoWeekMonday, minuteBucketOf } from './support.ts';
import { isValidLabel, USAGE_METRICS, USAGE_METRIC_NAMES, usageLabel } from '../../../app/usage/registry.ts';
import { UsageBatch } from '../../../app/protocol/reports.ts';

describe('usage registry', () => {
  it('declares every metric once with what it counts, why, its label and a retention of at most 25 months', () => {
    expect(USAGE_METRIC_NAMES.length).toBeGreaterThan(0);
    for (const name of USAGE_METRIC_NAMES) {
      const m = USAGE_METRICS[name];
      expect(m.counts.length, name).toBeGreaterThan(10);
      expect(m.why.length, name).toBeGreaterThan(10);
      expect(m.retentionMonths, name).toBeLessThanOrEqual(25);
    }
  });

  it('accepts only labels of the declared shape: lesson ids, steps, buckets — never free text', () => {
    expect(usageLabel('lesson.started', { lessonId: 'souris-cliquer' })).toBe('souris-cliquer');
    expect(usageLabel('lesson.step_hinted', { lessonId: 'souris-cliquer', step: 4 })).toBe('souris-cliquer#4');
    expect(usageLabel('help.requested', {})).toBe('');
    expect(() => usageLabel('lesson.started', { lessonId: 'Marie Dupont' })).toThrow();
    expect(isValidLabel('help.requested', 'DEMO-0001')).toBe(false);
    expect(isValidLabel('use.day', '15-60')).toBe(true);
    expect(isValidLabel('use.day', '37 minutes')).toBe(false);
  });
});

describe('usage calendar and batches', () => {
  it('numbers ISO weeks across year ends', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeekMonday('2026-W53')).toBe('2026-12-28');
    expect(isoWeekMonday(isoWeek('2026-03-05'))).toBe('2026-03-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('buckets minutes of use coarsely', () => {
    expect([0, 14, 15, 59, 60, 179, 180, 900].map(minuteBucketOf)).toEqual(['0-15', '0-15', '15-60', '15-60', '60-180', '60-180', '180+', '180+']);
  });

  it('builds a batch that the hub’s schema accepts, with nothing but cohort, day and counts', () => {
    const batch = buildUsageBatch('3b241101-e2bb-4255-8caf-4136c566a962', 'home', {
      day: '2026-03-02',
      counts: [
        { metric: 'lesson.started', label: 'souris-cliquer', value: 2 },
        { metric: 'help.requested', label: '', value: 0 },
      ],
      activeMinutes: 42,
    })!;
    expect(Object.keys(batch).sort()).toEqual(['cohort', 'counts', 'day', 'id', 'version']);
    expect(UsageBatch.parse(batch).counts).toEqual([
      { metric: 'lesson.started', label: 'souris-cliquer', value: 2 },
      { metric: 'use.day', label: '15-60', value: 1 },
    ]);
    expect(buildUsageBatch('3b241101-e2bb-4255-8caf-4136c566a962', 'home', { day: '2026-03-02', counts: [], activeMinutes: 0 })).toBeNull();
  });
});
