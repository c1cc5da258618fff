/** Which approved recording plays for each sentence, decided once for both stores (studio-rows.ts). */
import { describe, expect, it } from 'vitest';
import { newestPerSentence, type RecordingRow } from '../../server/store/sqlite/studio-rows.ts';

const row = (id: string, language: 'fr' | 'ar', key: string): RecordingRow & { audio: Buffer } => ({
  id,
  association_id: 'asso-1',
  lesson_id: 'souris-cliquer',
  language,
  key,
  text: 'Cliquez',
  duration_ms: 1200,
  flags: '[]',
  status: 'approved',
  recorded_by: 'chloe',
  recorded_at: '2026-11-30T10:00:00.000Z',
  decided_by: 'samia',
  decided_at: '2026-11-30T11:00:00.000Z',
  audio: Buffer.from(id),
});

describe('newestPerSentence', () => {
  it('keeps the first row met (the newest decision) of each language and key, with its audio', () => {
    const kept = newestPerSentence([row('new-fr-1', 'fr', 'step1'), row('new-ar-1', 'ar', 'step1'), row('old-fr-1', 'fr', 'step1'), row('fr-2', 'fr', 'step2')]);
    expect(kept.map((r) => r.id)).toEqual(['new-fr-1', 'new-ar-1', 'fr-2']);
    expect(kept[0]?.audio.toString()).toBe('new-fr-1');
    expect(kept[0]).toMatchObject({ lessonId: 'souris-cliquer', language: 'fr', key: 'step1', flags: [] });
  });
});
