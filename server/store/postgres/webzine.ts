/**
 * The webzine area in PostgreSQL (see ../webzine.ts): the same rules and row mapping as SQLite
 * (sqlite/webzine.ts). Each state change locks the story's row (FOR UPDATE), so a publication and a
 * withdrawal arriving on two instances at once are decided one after the other; a story id sent twice
 * is one row (ON CONFLICT); issue numbers are drawn under the association's row lock.
 */
import type { DeclineReason, StoryEdit, StoryState, WebzineIssue } from '../../../app/protocol/webzine.ts';
import { isEditable, isWithdrawable, publishProblems } from '../../../app/webzine/rules.ts';
import { FORGET_CONTENT, toStory, type StoryRow } from '../sqlite/webzine.ts';
import type { NewStory, StoryChangeResult, StoryMedia, StoryRecord, SubmitStoryResult, WebzineStore } from '../webzine.ts';
import type { PgContext, Sql } from './db.ts';

const STORIES = `
  SELECT s.id, s.association_id, s.machine_id, m.asset_tag, b.first_name AS beneficiary_first_name, s.state, s.language,
         s.credit, s.recorded_at, s.received_at, s.updated_at, s.duration_ms, (s.title_audio IS NOT NULL)::int AS has_title_audio,
         (s.photo IS NOT NULL)::int AS has_photo, s.photo_shows_others, s.others_agreed, s.title, s.text, s.signature, s.photo_alt,
         s.issue, s.section, s.decline_reason, s.decline_note, s.published_at
  FROM webzine_stories s JOIN machines m ON m.id = s.machine_id LEFT JOIN beneficiaries b ON b.id = s.beneficiary_id`;
const MEDIA_COLUMN: Record<StoryMedia, string> = { audio: 'audio', 'title-audio': 'title_audio', photo: 'photo' };

export class PgWebzine implements WebzineStore {
  constructor(private readonly x: PgContext) {}

  private async story(sql: Sql, where: string, params: unknown[], lock = false): Promise<StoryRecord | null> {
    if (lock) await sql.run(`SELECT 1 FROM webzine_stories s WHERE ${where} FOR UPDATE`, params as string[]);
    const r = await sql.one<StoryRow>(`${STORIES} WHERE ${where}`, params as string[]);
    return r ? toStory(r) : null;
  }

  async submitStory(machine: { id: string; associationId: string }, story: NewStory): Promise<SubmitStoryResult> {
    return this.x.tx(async (sql) => {
      const loan = await sql.one<{ beneficiary_id: string }>('SELECT beneficiary_id FROM loans WHERE machine_id = $1 AND ended_at IS NULL', [machine.id]);
      const now = this.x.iso();
      const inserted = await sql.run(
        `INSERT INTO webzine_stories (id, association_id, machine_id, beneficiary_id, state, language, credit, recorded_at, received_at, updated_at,
           duration_ms, audio, title_audio, photo, photo_shows_others)
         VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING`,
        [story.id, machine.associationId, machine.id, loan?.beneficiary_id ?? null, story.language, story.credit, story.recordedAt, now, story.durationMs,
          story.audio, story.titleAudio, story.photo, story.photoShowsOthers ? 1 : 0],
      );
      const existing = (await this.story(sql, 's.id = $1', [story.id])) as StoryRecord;
      if (!inserted && existing.machineId !== machine.id) return { ok: false, reason: 'id_conflict' } as const;
      return { ok: true, created: inserted > 0, story: existing } as const;
    });
  }

  async machineStories(machineId: string): Promise<StoryRecord[]> {
    return (await this.x.sql.rows<StoryRow>(`${STORIES} WHERE s.machine_id = $1 ORDER BY s.received_at DESC LIMIT 100`, [machineId])).map(toStory);
  }

  private withdraw(where: string, params: string[], byAccountId: string | null): Promise<StoryChangeResult> {
    return this.x.tx(async (sql): Promise<StoryChangeResult> => {
      const story = await this.story(sql, where, params, true);
      if (!story) return { ok: false, reason: 'not_found' };
      if (story.state === 'withdrawn') return { ok: true, story };
      if (!isWithdrawable(story.state)) return { ok: false, reason: 'not_allowed', state: story.state };
      await sql.run(`UPDATE webzine_stories SET state = 'withdrawn', ${FORGET_CONTENT}, updated_at = $2, moderated_by = COALESCE($3, moderated_by) WHERE id = $1`, [story.id, this.x.iso(), byAccountId]);
      return { ok: true, story: (await this.story(sql, 's.id = $1', [story.id])) as StoryRecord };
    });
  }

  withdrawByMachine(machineId: string, id: string): Promise<StoryChangeResult> {
    return this.withdraw('s.id = $1 AND s.machine_id = $2', [id, machineId], null);
  }

  withdrawByHelper(associationId: string, id: string, byAccountId: string): Promise<StoryChangeResult> {
    return this.withdraw('s.id = $1 AND s.association_id = $2', [id, associationId], byAccountId);
  }

  async listStories(associationId: string, states: readonly StoryState[]): Promise<StoryRecord[]> {
    if (states.length === 0) return [];
    return (await this.x.sql.rows<StoryRow>(`${STORIES} WHERE s.association_id = $1 AND s.state = ANY($2::text[]) ORDER BY s.received_at ASC LIMIT 500`, [associationId, [...states]])).map(toStory);
  }

  getStory(associationId: string, id: string): Promise<StoryRecord | null> {
    return this.story(this.x.sql, 's.id = $1 AND s.association_id = $2', [id, associationId]);
  }

  async media(associationId: string, id: string, which: StoryMedia): Promise<Buffer | null> {
    const r = await this.x.sql.one<{ bytes: Buffer | null }>(`SELECT ${MEDIA_COLUMN[which]} AS bytes FROM webzine_stories WHERE id = $1 AND association_id = $2`, [id, associationId]);
    return r?.bytes ?? null;
  }

  async editStory(associationId: string, id: string, edit: StoryEdit): Promise<StoryChangeResult> {
    return this.x.tx(async (sql): Promise<StoryChangeResult> => {
      const story = await this.story(sql, 's.id = $1 AND s.association_id = $2', [id, associationId], true);
      if (!story) return { ok: false, reason: 'not_found' };
      if (!isEditable(story.state)) return { ok: false, reason: 'not_allowed', state: story.state };
      if (edit.issue !== undefined && !(await sql.one('SELECT 1 FROM webzine_issues WHERE association_id = $1 AND number = $2', [associationId, edit.issue]))) {
        return { ok: false, reason: 'no_issue' };
      }
      await sql.run(
        `UPDATE webzine_stories SET title = $2, text = $3, signature = $4, photo_alt = $5, issue = $6, section = $7, photo_shows_others = $8, others_agreed = $9,
           updated_at = $10 ${edit.removePhoto ? ', photo = NULL' : ''} WHERE id = $1`,
        [
          id,
          edit.title ?? story.title,
          edit.text ?? story.text,
          story.credit === 'anonymous' ? '' : (edit.signature ?? story.signature),
          edit.removePhoto ? '' : (edit.photoAlt ?? story.photoAlt),
          edit.issue ?? story.issue,
          edit.section ?? story.section,
          (edit.photoShowsOthers ?? story.photoShowsOthers) ? 1 : 0,
          edit.removePhoto ? 0 : (edit.othersAgreed ?? story.othersAgreed) ? 1 : 0,
          this.x.iso(),
        ],
      );
      return { ok: true, story: (await this.story(sql, 's.id = $1', [id])) as StoryRecord };
    });
  }

  async publishStory(associationId: string, id: string, byAccountId: string): Promise<StoryChangeResult> {
    return this.x.tx(async (sql): Promise<StoryChangeResult> => {
      const story = await this.story(sql, 's.id = $1 AND s.association_id = $2', [id, associationId], true);
      if (!story) return { ok: false, reason: 'not_found' };
      if (story.state !== 'submitted') return { ok: false, reason: 'not_allowed', state: story.state };
      const problems = publishProblems(story);
      if (problems.length) return { ok: false, reason: 'not_ready', problems };
      const now = this.x.iso();
      await sql.run(`UPDATE webzine_stories SET state = 'published', published_at = $2, updated_at = $2, moderated_by = $3 WHERE id = $1`, [id, now, byAccountId]);
      return { ok: true, story: (await this.story(sql, 's.id = $1', [id])) as StoryRecord };
    });
  }

  async declineStory(associationId: string, id: string, reason: DeclineReason, note: string, byAccountId: string): Promise<StoryChangeResult> {
    return this.x.tx(async (sql): Promise<StoryChangeResult> => {
      const story = await this.story(sql, 's.id = $1 AND s.association_id = $2', [id, associationId], true);
      if (!story) return { ok: false, reason: 'not_found' };
      if (story.state !== 'submitted') return { ok: false, reason: 'not_allowed', state: story.state };
      await sql.run(`UPDATE webzine_stories SET state = 'declined', ${FORGET_CONTENT}, decline_reason = $2, decline_note = $3, updated_at = $4, moderated_by = $5 WHERE id = $1`, [
        id,
        reason,
        note,
        this.x.iso(),
        byAccountId,
      ]);
      return { ok: true, story: (await this.story(sql, 's.id = $1', [id])) as StoryRecord };
    });
  }

  async listIssues(associationId: string): Promise<WebzineIssue[]> {
    const rows = await this.x.sql.rows<{ number: number; title: string; created_at: string; story_count: number }>(
      `SELECT i.number, i.title, i.created_at,
         (SELECT COUNT(*)::int FROM webzine_stories s WHERE s.association_id = i.association_id AND s.issue = i.number AND s.state = 'published') AS story_count
       FROM webzine_issues i WHERE i.association_id = $1 ORDER BY i.number DESC`,
      [associationId],
    );
    return rows.map((r) => ({ number: r.number, title: r.title, createdAt: r.created_at, storyCount: r.story_count }));
  }

  async createIssue(associationId: string, title: string): Promise<WebzineIssue> {
    return this.x.tx(async (sql) => {
      // The association's row is the lock: two helpers creating an issue at once get two numbers.
      await sql.run('SELECT 1 FROM associations WHERE id = $1 FOR UPDATE', [associationId]);
      const { next } = (await sql.one<{ next: number }>('SELECT (COALESCE(MAX(number), 0) + 1)::int AS next FROM webzine_issues WHERE association_id = $1', [associationId])) as { next: number };
      const createdAt = this.x.iso();
      await sql.run('INSERT INTO webzine_issues (association_id, number, title, created_at) VALUES ($1, $2, $3, $4)', [associationId, next, title, createdAt]);
      return { number: next, title, createdAt, storyCount: 0 };
    });
  }

  async publishedStories(associationId: string): Promise<(StoryRecord & { photo: Buffer | null; audio: Buffer })[]> {
    const rows = await this.x.sql.rows<StoryRow>(`${STORIES} WHERE s.association_id = $1 AND s.state = 'published' ORDER BY s.issue DESC, s.published_at ASC`, [associationId]);
    const out: (StoryRecord & { photo: Buffer | null; audio: Buffer })[] = [];
    for (const r of rows) {
      const m = (await this.x.sql.one<{ audio: Buffer; photo: Buffer | null }>('SELECT audio, photo FROM webzine_stories WHERE id = $1', [r.id])) as { audio: Buffer; photo: Buffer | null };
      out.push({ ...toStory(r), audio: m.audio, photo: m.photo });
    }
    return out;
  }
}
