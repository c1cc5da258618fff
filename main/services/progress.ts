/**
 * The person this machine serves and their lesson progress (issue 12).
 *
 * - On a home loan, the hub's feed says who the beneficiary is: their language, the path a helper
 *   chose with them, whether they consented to their progress leaving the machine. The last word is
 *   kept in the local store so the shell starts with it offline.
 * - On a kiosk, a visitor who touched their card's 4 pictures is the person for the visit only: held
 *   in memory, with the visit token the hub gave; the visit's end forgets it.
 * - Progress (each attempt at a lesson: steps, hints, misses, time, help requests) goes through the
 *   outbox as its own kind, and only when the beneficiary consented or a visitor resumed with a card.
 *   A refusal or withdrawal is sent too (it deletes what the hub held) and drops what was still
 *   waiting in the outbox.
 */
import { randomUUID } from 'node:crypto';
import { nextLesson, type AttemptSummary, type NextSuggestion, type SuggestLesson } from '../../app/lessons/suggest.ts';
import type { CardCode, ConsentState, MachinePerson, ProgressReport, ProgressStep } from '../../app/protocol/accompaniment.ts';
import { MachinePerson as MachinePersonSchema } from '../../app/protocol/person.ts';
import type { Language } from '../../app/protocol/common.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';

export type CardResumeOutcome =
  | { ok: true; person: MachinePerson }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; retryInSeconds: number }
  | { ok: false; reason: 'unreachable' };

/** The hub's answer to a card, as the HubClient turns it into this shape (it never throws for a wrong code). */
export type CardResumer = (code: CardCode) => Promise<{ ok: true; visitToken: string; person: MachinePerson } | Exclude<CardResumeOutcome, { ok: true }>>;

type Attempt = {
  id: string;
  lessonId: string;
  startedAt: number;
  seq: number;
  stepCount: number;
  stepsDone: number;
  steps: ProgressStep[];
  helpRequests: number;
  finished: boolean;
  /** The step the person is on: a help request is marked on it. */
  stepIndex: number;
};

const PERSON_SETTING = 'person';
const LAST_ATTEMPT_SETTING = 'lastAttempt';

export class ProgressService {
  private visitor: { person: MachinePerson; visitToken: string } | null = null;
  private readonly attempts = new Map<string, Attempt>();
  private lastVisitorAttempt: AttemptSummary | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: ShellDb,
    private readonly outbox: Outbox,
    private readonly opts: { isKiosk: () => boolean; resumeCard: CardResumer; now?: () => Date; onQueued?: () => void },
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Called when the person, their path or consent change (the renderer re-reads and may switch language). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  // ---- who ---------------------------------------------------------------------------------------
  /** The beneficiary of the home loan, as the hub last said. */
  private homePerson(): MachinePerson | null {
    const raw = getSetting(this.db, PERSON_SETTING);
    if (!raw) return null;
    const parsed = MachinePersonSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /** The person now: a kiosk's resumed visitor, or a home loan's beneficiary. */
  person(): MachinePerson | null {
    if (this.opts.isKiosk()) return this.visitor?.person ?? null;
    return this.homePerson();
  }

  /** The person's language, when the hub set one (the shell then speaks it). */
  language(): Language | null {
    return this.person()?.language ?? null;
  }

  /** The feed's word on the home loan's beneficiary (null: the machine is not on loan). */
  applyFeedPerson(person: MachinePerson | null): void {
    const before = getSetting(this.db, PERSON_SETTING);
    const next = person ? JSON.stringify(person) : '';
    if (before === next || (before === null && next === '')) return;
    setSetting(this.db, PERSON_SETTING, next);
    if (!person || person.consent !== 'granted') this.outbox.discard('progress.report');
    this.changed();
  }

  // ---- consent -----------------------------------------------------------------------------------
  /** Whether the shell asks the person now: a home loan whose beneficiary was never asked. */
  consent(): { state: ConsentState | null; needsAsking: boolean } {
    if (this.opts.isKiosk()) return { state: this.visitor ? 'granted' : null, needsAsking: false };
    const person = this.homePerson();
    return { state: person?.consent ?? null, needsAsking: person?.consent === 'unasked' };
  }

  /** The person's answer on the consent screen, or withdrawing later from the settings screen. */
  answerConsent(granted: boolean): { state: ConsentState | null; needsAsking: boolean } {
    const person = this.homePerson();
    if (this.opts.isKiosk() || !person) return this.consent();
    const state: ConsentState = granted ? 'granted' : person.consent === 'granted' ? 'withdrawn' : 'refused';
    this.outbox.enqueue('progress.consent', `consent:${randomUUID()}`, { id: randomUUID(), granted, at: this.now().toISOString() });
    if (!granted) this.outbox.discard('progress.report');
    setSetting(this.db, PERSON_SETTING, JSON.stringify({ ...person, consent: state }));
    this.opts.onQueued?.();
    this.changed();
    return this.consent();
  }

  // ---- kiosk visitors ------------------------------------------------------------------------------
  async resumeWithCard(code: CardCode): Promise<CardResumeOutcome> {
    if (!this.opts.isKiosk()) return { ok: false, reason: 'unreachable' };
    const answer = await this.opts.resumeCard(code);
    if (!answer.ok) return answer;
    this.visitor = { person: answer.person, visitToken: answer.visitToken };
    this.changed();
    return { ok: true, person: answer.person };
  }

  /** The visit ended: the visitor, their token and their attempts are forgotten. */
  forgetVisitor(): void {
    const had = this.visitor !== null;
    this.visitor = null;
    this.lastVisitorAttempt = null;
    this.attempts.clear();
    if (had) this.changed();
  }

  // ---- progress ------------------------------------------------------------------------------------
  /** May this person's progress leave the machine? */
  private sendable(): { visitToken?: string } | null {
    if (this.opts.isKiosk()) return this.visitor ? { visitToken: this.visitor.visitToken } : null;
    return this.homePerson()?.consent === 'granted' ? {} : null;
  }

  /**
   * A step was saved (the lesson player calls this at each step): starts an attempt at the first
   * step, records what the step just left needed, and queues the attempt's state when allowed.
   */
  recordStep(input: {
    lessonId: string;
    stepIndex: number;
    stepCount: number;
    finished: boolean;
    completedStep?: { index: number; hintLevel: number; misses: number; seconds: number } | undefined;
  }): void {
    const now = this.now();
    let attempt = this.attempts.get(input.lessonId);
    if (!attempt || attempt.finished || (input.stepIndex === 0 && !input.completedStep)) {
      attempt = {
        id: randomUUID(),
        lessonId: input.lessonId,
        startedAt: now.getTime(),
        seq: 0,
        stepCount: input.stepCount,
        stepsDone: 0,
        steps: [],
        helpRequests: 0,
        finished: false,
        stepIndex: input.stepIndex,
      };
      this.attempts.set(input.lessonId, attempt);
    }
    if (input.completedStep) {
      const { index, hintLevel, misses, seconds } = input.completedStep;
      const earlier = attempt.steps.find((s) => s.index === index);
      const step: ProgressStep = { index, hintLevel: Math.min(4, hintLevel), misses, seconds, help: earlier?.help ?? false };
      attempt.steps = [...attempt.steps.filter((s) => s.index !== index), step].sort((a, b) => a.index - b.index);
    }
    attempt.stepIndex = input.stepIndex;
    attempt.stepsDone = input.finished ? input.stepCount : Math.max(attempt.stepsDone, Math.min(input.stepIndex, input.stepCount));
    attempt.finished = input.finished;
    this.remember(attempt);
    this.queue(attempt);
  }

  /** The person asked a human while on a lesson step: counted in that attempt. */
  recordHelp(lessonId: string, stepIndex: number | undefined): void {
    const attempt = this.attempts.get(lessonId);
    if (!attempt || attempt.finished) return;
    attempt.helpRequests += 1;
    const index = stepIndex ?? attempt.stepIndex;
    const step = attempt.steps.find((s) => s.index === index);
    if (step) step.help = true;
    else attempt.steps = [...attempt.steps, { index, hintLevel: 0, misses: 0, seconds: 0, help: true }].sort((a, b) => a.index - b.index);
    this.queue(attempt);
  }

  private queue(attempt: Attempt): void {
    const target = this.sendable();
    if (!target) return;
    attempt.seq += 1;
    const seconds = attempt.steps.reduce((n, s) => n + s.seconds, 0);
    const report: ProgressReport = {
      id: randomUUID(),
      attemptId: attempt.id,
      seq: attempt.seq,
      lessonId: attempt.lessonId,
      startedAt: new Date(attempt.startedAt).toISOString(),
      at: this.now().toISOString(),
      finished: attempt.finished,
      stepCount: attempt.stepCount,
      stepsDone: attempt.stepsDone,
      seconds: Math.min(86_400, seconds),
      steps: attempt.steps,
      helpRequests: attempt.helpRequests,
      ...target,
    };
    this.outbox.enqueue('progress.report', `progress:${report.id}`, report);
    this.opts.onQueued?.();
  }

  /** The latest attempt, for the practice-again and skip-ahead rules (a visitor's in memory only). */
  private remember(attempt: Attempt): void {
    const summary: AttemptSummary = {
      lessonId: attempt.lessonId,
      finished: attempt.finished,
      at: this.now().toISOString(),
      steps: attempt.steps,
      stepCount: attempt.stepCount,
    };
    if (this.opts.isKiosk()) this.lastVisitorAttempt = summary;
    else setSetting(this.db, LAST_ATTEMPT_SETTING, JSON.stringify(summary));
  }

  private lastAttempt(): AttemptSummary | null {
    if (this.opts.isKiosk()) return this.lastVisitorAttempt;
    const raw = getSetting(this.db, LAST_ATTEMPT_SETTING);
    try {
      return raw ? (JSON.parse(raw) as AttemptSummary) : null;
    } catch {
      return null;
    }
  }

  /**
   * The home screen's one lesson: from the person's path, what they finished (here or, for a
   * visitor, on other kiosks) and how their last lesson went.
   */
  next(lessons: readonly SuggestLesson[], finishedHere: readonly string[]): NextSuggestion & { chosenBy: MachinePerson['path'][number]['chosenBy'] } {
    const person = this.person();
    const finished = new Set([...finishedHere, ...(person?.finished ?? [])]);
    const last = this.lastAttempt();
    const attempts: AttemptSummary[] = [...finished].map((lessonId) => ({ lessonId, finished: true, at: '', steps: [], stepCount: 1 }));
    if (last) attempts.push(last);
    const suggestion = nextLesson({ lessons, path: person?.path.map((p) => p.lessonId) ?? [], attempts });
    const chosenBy = person?.path.find((p) => p.lessonId === suggestion.lessonId)?.chosenBy ?? null;
    return { ...suggestion, chosenBy };
  }
}
