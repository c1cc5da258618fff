/** The webzine area in SQLite: stories with their media, issues (see ../webzine.ts). */
import type { Language } from '../../../app/protocol/common.ts';
import type { DeclineReason, StoryCredit, StoryEdit, StorySection, StoryState, WebzineIssue } from '../../../app/protocol/webzine.ts';
import { isEditable, isWithdrawable, publishProblems } from '../../../app/webzine/rules.ts';
import type { NewStory, StoryChangeResult, StoryMedia, StoryRecord, SubmitStoryResult, WebzineStore } from '../webzine.ts';
import type { SqliteContext } from './context.ts';

export interface StoryRow {
  id: string;
  association_id: string;
  machine_id: string;
  asset_tag: string;
  beneficiary_first_name: string | null;
  state: StoryState;
  language: Language;
  credit: StoryCredit;
  recorded_at: string;
  received_at: string;
  updated_at: string;
  duration_ms: number;
  has_title_audio: number;
  has_photo: number;
  photo_shows_others: number;
  others_agreed: number;
  title: string;
  text: string;
  signature: string;
  photo_alt: string;
  issue: number | null;
  section: StorySection | null;
  decline_reason: DeclineReason | null;
  decline_note: string;
  published_at: string | null;
}

const STORIES = `
  SELECT s.id, s.association_id, s.machine_id, m.asset_tag, b.first_name AS beneficiary_first_name, s.state, s.language,
         s.credit, s.recorded_at, s.received_at, s.updated_at, s.duration_ms, s.title_audio IS NOT NULL AS has_title_audio,
         s.photo IS NOT NULL AS has_photo, s.photo_shows_others, s.others_agreed, s.title, s.text, s.signature, s.photo_alt,
         s.issue, s.section, s.decline_reason, s.decline_note, s.published_at
  FROM webzine_stories s JOIN machines m ON m.id = s.machine_id LEFT JOIN beneficiaries b ON b.id = s.beneficiary_id`;

export function toStory(r: StoryRow): StoryRecord {
  return {
    id: r.id,
    associationId: r.association_id,
    machineId: r.machine_id,
    assetTag: r.asset_tag,
    beneficiaryFirstName: r.beneficiary_first_name,
    state: r.state,
    language: r.language,
    credit: r.credit,
    recordedAt: r.recorded_at,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    durationMs: r.duration_ms,
    hasTitleAudio: r.has_title_audio === 1,
    hasPhoto: r.has_photo === 1,
    photoShowsOthers: r.photo_shows_others === 1,
    othersAgreed: r.others_agreed === 1,
    title: r.title,
    text: r.text,
    signature: r.signature,
    photoAlt: r.photo_alt,
    issue: r.issue,
    section: r.section,
    declineReason: r.decline_reason,
    declineNote: r.decline_note,
    publishedAt: r.published_at,
  };
}

const MEDIA_COLUMN: Record<StoryMedia, string> = { audio: 'audio', 'title-audio': 'title_audio', photo: 'photo' };
/** Declining or withdrawing forgets the person's voice, picture and words. */
export const FORGET_CONTENT = `audio = NULL, title_audio = NULL, photo = NULL, title = '', text = '', signature = '', photo_alt = ''`;

export class SqliteWebzine implements WebzineStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  private story(where: string, ...args: unknown[]): StoryRecord | null {
    const r = this.db.prepare(`${STORIES} WHERE ${where}`).get(...args) as StoryRow | undefined;
    return r ? toStory(r) : null;
  }

  async submitStory(machine: { id: string; associationId: string }, story: NewStory): Promise<SubmitStoryResult> {
    return this.x.write(() => {
      const existing = this.db.prepare('SELECT machine_id FROM webzine_stories WHERE id = ?').get(story.id) as { machine_id: string } | undefined;
      if (existing) {
        if (existing.machine_id !== machine.id) return { ok: false, reason: 'id_conflict' } as const;
        return { ok: true, created: false, story: this.story('s.id = ?', story.id) as StoryRecord } as const;
      }
      const loan = this.db.prepare('SELECT beneficiary_id FROM loans WHERE machine_id = ? AND ended_at IS NULL').get(machine.id) as { beneficiary_id: string } | undefined;
      const now = this.x.iso();
      this.db
        .prepare(
          `INSERT INTO webzine_stories (id, association_id, machine_id, beneficiary_id, state, language, credit, recorded_at, received_at, updated_at,
             duration_ms, audio, title_audio, photo, photo_shows_others)
           VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(story.id, machine.associationId, machine.id, loan?.beneficiary_id ?? null, story.language, story.credit, story.recordedAt, now, now,
          story.durationMs, story.audio, story.titleAudio, story.photo, story.photoShowsOthers ? 1 : 0);
      return { ok: true, created: true, story: this.story('s.id = ?', story.id) as StoryRecord } as const;
    });
  }

  async machineStories(machineId: string): Promise<StoryRecord[]> {
    return (this.db.prepare(`${STORIES} WHERE s.machine_id = ? ORDER BY s.received_at DESC LIMIT 100`).all(machineId) as StoryRow[]).map(toStory);
  }

  private withdraw(where: string, ...args: unknown[]): StoryChangeResult {
    return this.x.write(() => {
      const story = this.story(where, ...args);
      if (!story) return { ok: false, reason: 'not_found' } as const;
      if (story.state === 'withdrawn') return { ok: true, story } as const;
      if (!isWithdrawable(story.state)) return { ok: false, reason: 'not_allowed', state: story.state } as const;
      this.db.prepare(`UPDATE webzine_stories SET state = 'withdrawn', ${FORGET_CONTENT}, updated_at = ? WHERE id = ?`).run(this.x.iso(), story.id);
      return { ok: true, story: this.story('s.id = ?', story.id) as StoryRecord } as const;
    });
  }

  async withdrawByMachine(machineId: string, id: string): Promise<StoryChangeResult> {
    return this.withdraw('s.id = ? AND s.machine_id = ?', id, machineId);
  }

  async withdrawByHelper(associationId: string, id: string, byAccountId: string): Promise<StoryChangeResult> {
    const result = this.withdraw('s.id = ? AND s.association_id = ?', id, associationId);
    if (result.ok) this.db.prepare('UPDATE webzine_stories SET moderated_by = ? WHERE id = ?').run(byAccountId, id);
    return result;
  }

  async listStories(associationId: string, states: readonly StoryState[]): Promise<StoryRecord[]> {
    if (states.length === 0) return [];
    const marks = states.map(() => '?').join(', ');
    return (this.db.prepare(`${STORIES} WHERE s.association_id = ? AND s.state IN (${marks}) ORDER BY s.received_at ASC LIMIT 500`).all(associationId, ...states) as StoryRow[]).map(toStory);
  }

  async getStory(associationId: string, id: string): Promise<StoryRecord | null> {
    return this.story('s.id = ? AND s.association_id = ?', id, associationId);
  }

  async media(associationId: string, id: string, which: StoryMedia): Promise<Buffer | null> {
    const r = this.db.prepare(`SELECT ${MEDIA_COLUMN[which]} AS bytes FROM webzine_stories WHERE id = ? AND association_id = ?`).get(id, associationId) as { bytes: Buffer | null } | undefined;
    return r?.bytes ?? null;
  }

  async editStory(associationId: string, id: string, edit: StoryEdit): Promise<StoryChangeResult> {
    return this.x.write(() => {
      const story = this.story('s.id = ? AND s.association_id = ?', id, associationId);
      if (!story) return { ok: false, reason: 'not_found' } as const;
      if (!isEditable(story.state)) return { ok: false, reason: 'not_allowed', state: story.state } as const;
      if (edit.issue !== undefined && !this.db.prepare('SELECT 1 FROM webzine_issues WHERE association_id = ? AND number = ?').get(associationId, edit.issue)) {
        return { ok: false, reason: 'no_issue' } as const;
      }
      const next = {
        title: edit.title ?? story.title,
        text: edit.text ?? story.text,
        signature: story.credit === 'anonymous' ? '' : (edit.signature ?? story.signature),
        photo_alt: edit.removePhoto ? '' : (edit.photoAlt ?? story.photoAlt),
        issue: edit.issue ?? story.issue,
        section: edit.section ?? story.section,
        photo_shows_others: (edit.photoShowsOthers ?? story.photoShowsOthers) ? 1 : 0,
        others_agreed: edit.removePhoto ? 0 : (edit.othersAgreed ?? story.othersAgreed) ? 1 : 0,
      };
      this.db
        .prepare(
          `UPDATE webzine_stories SET title = @title, text = @text, signature = @signature, photo_alt = @photo_alt, issue = @issue, section = @section,
             photo_shows_others = @photo_shows_others, others_agreed = @others_agreed, updated_at = @now ${edit.removePhoto ? ', photo = NULL' : ''} WHERE id = @id`,
        )
        .run({ ...next, now: this.x.iso(), id });
      return { ok: true, story: this.story('s.id = ?', id) as StoryRecord } as const;
    });
  }

  async publishStory(associationId: string, id: string, byAccountId: string): Promise<StoryChangeResult> {
    return this.x.write(() => {
      const story = this.story('s.id = ? AND s.association_id = ?', id, associationId);
      if (!story) return { ok: false, reason: 'not_found' } as const;
      if (story.state !== 'submitted') return { ok: false, reason: 'not_allowed', state: story.state } as const;
      const problems = publishProblems(story);
      if (problems.length) return { ok: false, reason: 'not_ready', problems } as const;
      const now = this.x.iso();
      this.db.prepare(`UPDATE webzine_stories SET state = 'published', published_at = ?, updated_at = ?, moderated_by = ? WHERE id = ?`).run(now, now, byAccountId, id);
      return { ok: true, story: this.story('s.id = ?', id) as StoryRecord } as const;
    });
  }

  async declineStory(associationId: string, id: string, reason: DeclineReason, note: string, byAccountId: string): Promise<StoryChangeResult> {
    return this.x.write(() => {
      const story = this.story('s.id = ? AND s.association_id = ?', id, associationId);
      if (!story) return { ok: false, reason: 'not_found' } as const;
      if (story.state !== 'submitted') return { ok: false, reason: 'not_allowed', state: story.state } as const;
      this.db
        .prepare(`UPDATE webzine_stories SET state = 'declined', ${FORGET_CONTENT}, decline_reason = ?, decline_note = ?, updated_at = ?, moderated_by = ? WHERE id = ?`)
        .run(reason, note, this.x.iso(), byAccountId, id);
      return { ok: true, story: this.story('s.id = ?', id) as StoryRecord } as const;
    });
  }

  async listIssues(associationId: string): Promise<WebzineIssue[]> {
    const rows = this.db
      .prepare(
        `SELECT i.number, i.title, i.created_at,
           (SELECT COUNT(*) FROM webzine_stories s WHERE s.association_id = i.association_id AND s.issue = i.number AND s.state = 'published') AS story_count
         FROM webzine_issues i WHERE i.association_id = ? ORDER BY i.number DESC`,
      )
      .all(associationId) as { number: number; title: string; created_at: string; story_count: number }[];
    return rows.map((r) => ({ number: r.number, title: r.title, createdAt: r.created_at, storyCount: r.story_count }));
  }

  async createIssue(associationId: string, title: string): Promise<WebzineIssue> {
    return this.x.write(() => {
      const { next } = this.db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS next FROM webzine_issues WHERE association_id = ?').get(associationId) as { next: number };
      const createdAt = this.x.iso();
      this.db.prepare('INSERT INTO webzine_issues (association_id, number, title, created_at) VALUES (?, ?, ?, ?)').run(associationId, next, title, createdAt);
      return { number: next, title, createdAt, storyCount: 0 };
    });
  }

  async publishedStories(associationId: string): Promise<(StoryRecord & { photo: Buffer | null; audio: Buffer })[]> {
    const rows = this.db.prepare(`${STORIES} WHERE s.association_id = ? AND s.state = 'published' ORDER BY s.issue DESC, s.published_at ASC`).all(associationId) as StoryRow[];
    const media = this.db.prepare('SELECT audio, photo FROM webzine_stories WHERE id = ?');
    return rows.map((r) => {
      const m = media.get(r.id) as { audio: Buffer; photo: Buffer | null };
      return { ...toStory(r), audio: m.audio, photo: m.photo };
    });
  }
}
