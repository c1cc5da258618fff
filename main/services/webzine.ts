/**
 * The neighbourhood webzine on the shell (issue 17): a story the person told is queued in the outbox
 * (its own class, lowest priority, capped apart: see outbox.ts), so it leaves whenever the hub is
 * reachable; the person hears how their stories stand and may withdraw one at any time (still waiting:
 * it never leaves the machine; already sent: a withdrawal is queued and never dropped). The "Journal"
 * tile lists the association's published stories and fetches a story's voice and photo from the hub.
 *
 * On a kiosk, "my stories" are only the ones sent during the current visit: the next visitor neither
 * sees nor withdraws them.
 */
import { randomUUID } from 'node:crypto';
import type { Language } from '../../app/protocol/common.ts';
import { JournalMediaPath, StorySubmit, type MachineStoryStatus, type MyStory, type PublishedStory, type StoryCredit } from '../../app/protocol/webzine.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';
import type { HubClient } from '../sync/hub-client.ts';

export interface StoryInput {
  language: Language;
  credit: StoryCredit;
  photoShowsOthers: boolean;
  audio: string;
  titleAudio?: string | undefined;
  photo?: string | undefined;
}

/** The hub's last word on this machine's stories, kept for when it cannot be reached. */
const KNOWN_KEY = 'webzine.known';
const storyKey = (id: string) => `webzine.story:${id}`;
const withdrawKey = (id: string) => `webzine.withdraw:${id}`;

export class WebzineService {
  /** Story ids sent during the current kiosk visit (null on a home loan: every story is the person's). */
  private visitStories: Set<string> | null = null;

  constructor(
    private readonly db: ShellDb,
    private readonly outbox: Outbox,
    private readonly client: Pick<HubClient, 'myStories' | 'journal' | 'journalFile'>,
    private readonly isKiosk: () => boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Queue a story; false when the outbox has no room for it (the person hears it and may try later). */
  send(input: StoryInput): { queued: boolean; id: string } {
    const story = StorySubmit.parse({ ...input, id: randomUUID(), recordedAt: this.now().toISOString() });
    const queued = this.outbox.enqueue('webzine.story', storyKey(story.id), story);
    if (queued && this.isKiosk()) (this.visitStories ??= new Set()).add(story.id);
    return { queued, id: story.id };
  }

  /** The person's stories: waiting in the outbox, then what the hub last said. */
  async mine(): Promise<MyStory[]> {
    let known = this.known();
    try {
      known = (await this.client.myStories()).map((s) => this.asMine(s));
      setSetting(this.db, KNOWN_KEY, JSON.stringify(known));
    } catch {
      // offline: the last list the hub gave
    }
    const waiting: MyStory[] = this.outbox
      .waiting('webzine.story')
      .flatMap((m) => (m.kind === 'webzine.story' ? [{ id: m.payload.id, state: 'waiting' as const, title: '', declineReason: null, updatedAt: m.payload.recordedAt }] : []));
    const withdrawing = new Set(this.outbox.waiting('webzine.withdraw').flatMap((m) => (m.kind === 'webzine.withdraw' ? [m.payload.id] : [])));
    const all = [...waiting, ...known.filter((k) => !waiting.some((w) => w.id === k.id)).map((k) => (withdrawing.has(k.id) ? { ...k, state: 'withdrawn' as const } : k))];
    const visit = this.visitStories;
    return this.isKiosk() ? all.filter((s) => visit?.has(s.id) ?? false) : all;
  }

  /** Withdraw a story: removed from the outbox if still there, else a withdrawal for the hub. */
  withdraw(id: string): { ok: boolean } {
    if (this.isKiosk() && !this.visitStories?.has(id)) return { ok: false };
    if (this.outbox.has(storyKey(id))) {
      this.outbox.delivered(storyKey(id)); // never sent: forgotten here, nothing reaches the hub
      return { ok: true };
    }
    if (!this.known().some((s) => s.id === id)) return { ok: false };
    return { ok: this.outbox.enqueue('webzine.withdraw', withdrawKey(id), { id }) || this.outbox.has(withdrawKey(id)) };
  }

  /** The hub answered a story or a withdrawal: remember its state. */
  applyStatus(status: MachineStoryStatus): void {
    const known = this.known().filter((s) => s.id !== status.id);
    setSetting(this.db, KNOWN_KEY, JSON.stringify([this.asMine(status), ...known].slice(0, 100)));
  }

  async journal(): Promise<{ reachable: boolean; stories: PublishedStory[] }> {
    try {
      return { reachable: true, stories: await this.client.journal() };
    } catch {
      return { reachable: false, stories: [] };
    }
  }

  /** A published story's voice or photo as a data: URL for the page, or null when the hub cannot give it. */
  async media(path: string): Promise<{ dataUrl: string | null }> {
    const checked = JournalMediaPath.parse(path);
    try {
      const file = await this.client.journalFile(checked);
      const type = checked.endsWith('.mp3') ? 'audio/mpeg' : 'image/jpeg';
      return { dataUrl: `data:${type};base64,${file.bytes.toString('base64')}` };
    } catch {
      return { dataUrl: null };
    }
  }

  /** A kiosk visit ended: the next visitor does not see these stories (they still leave for the hub). */
  endVisit(): void {
    this.visitStories = null;
  }

  private known(): MyStory[] {
    try {
      return JSON.parse(getSetting(this.db, KNOWN_KEY) ?? '[]') as MyStory[];
    } catch {
      return [];
    }
  }

  private asMine(s: MachineStoryStatus): MyStory {
    return { id: s.id, state: s.state, title: s.title, declineReason: s.declineReason, updatedAt: s.updatedAt };
  }
}
