/**
 * The shell's one HTTP client for the hub. Every answer is parsed with the wire schemas; a refusal
 * becomes a HubError that says whether retrying can help.
 */
import WebSocket from 'ws';
import { z } from 'zod';
import { ApiError } from '../../app/protocol/common.ts';
import { MachineCallEvent } from '../../app/protocol/call.ts';
import { API_PREFIX, EnrolResponse, HelpStatus, MachineEvent, type HelpRequestSubmit } from '../../app/protocol/hub.ts';
import { IngestAck, type HealthSubmit, type UsageBatch } from '../../app/protocol/reports.ts';
import { CardResumeAnswer, ConsentView, ProgressAck, type CardCode, type MachineConsent, type ProgressReport } from '../../app/protocol/accompaniment.ts';
import { ContentKeyView, UpdateStatusAck, type MachineUpdateStatus } from '../../app/protocol/updates.ts';
import type { IndexAnswer } from '../lesson-feed/lesson-feed.ts';
import type { HelpFilePayload, HelpVoicePayload } from '../outbox/messages.ts';
import { MachineStoryStatus, PublishedStory, type StorySubmit } from '../../app/protocol/webzine.ts';
import { RETRY_AFTER_STATUSES, retryAfterMs } from './retry-after.ts';

export class HubError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the hub could not be reached at all. */
    readonly status: number,
    readonly code: string,
    readonly retryAfterMs = 0,
    /** The hub's whole answer, when it says more than the error (a card's tries left). */
    readonly body?: unknown,
  ) {
    super(message);
  }
  /** 4xx other than 408/429 means the message itself is wrong: resending it cannot help. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export type HubClientOptions = {
  baseUrl: string;
  getToken: () => string | null;
  timeoutMs?: number;
  /** Age of the outbox's oldest undelivered message (ms), sent with each request for the hub's metrics. */
  outboxAgeMs?: () => number | null;
};

export class HubClient {
  constructor(private readonly options: HubClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  async enrol(code: string, appVersion: string): Promise<EnrolResponse> {
    return EnrolResponse.parse(await this.request('POST', '/enrol', { code, appVersion }, false));
  }

  async submitHelpRequest(submit: HelpRequestSubmit): Promise<HelpStatus> {
    return HelpStatus.parse(await this.request('POST', '/help-requests', submit));
  }

  async cancelHelpRequest(id: string): Promise<HelpStatus> {
    // The hub checks that the body names the same request as the path.
    return HelpStatus.parse(await this.request('POST', `/help-requests/${encodeURIComponent(id)}/cancel`, { id }));
  }

  /** The voice message of a help request: raw audio bytes, idempotent on the hub (same bytes → 200). */
  async uploadHelpVoice(voice: HelpVoicePayload): Promise<HelpStatus> {
    const bytes = Buffer.from(voice.audio, 'base64');
    return HelpStatus.parse(
      await this.request('PUT', `/help-requests/${encodeURIComponent(voice.id)}/voice`, undefined, true, {
        body: new Blob([bytes], { type: voice.mimeType }),
        headers: { 'content-type': voice.mimeType, 'x-voice-duration-ms': String(voice.durationMs) },
      }),
    );
  }

  /** The photo or document sent with a help request (issue 13): raw bytes, its name percent-encoded; idempotent on the hub. */
  async uploadHelpFile(file: HelpFilePayload): Promise<HelpStatus> {
    const bytes = Buffer.from(file.data, 'base64');
    return HelpStatus.parse(
      await this.request('PUT', `/help-requests/${encodeURIComponent(file.id)}/file`, undefined, true, {
        body: new Blob([bytes], { type: file.mimeType }),
        headers: { 'content-type': file.mimeType, 'x-file-name': encodeURIComponent(file.name) },
      }),
    );
  }

  /** A health report; the hub answers `stored`, or `duplicate` for an id it already has. */
  async submitHealthReport(submit: HealthSubmit): Promise<IngestAck> {
    return IngestAck.parse(await this.request('POST', '/reports/health', submit));
  }

  /** One day's anonymous usage batch (sent with the machine token; stored by cohort and day only). */
  async submitUsageBatch(batch: UsageBatch): Promise<IngestAck> {
    return IngestAck.parse(await this.request('POST', '/reports/usage', batch));
  }

  /** A lesson attempt's state (issue 12); the hub answers `stored`, or `duplicate` for one it has (or older). */
  async submitProgress(report: ProgressReport): Promise<ProgressAck> {
    return ProgressAck.parse(await this.request('POST', '/machine/progress', report));
  }

  /** The person's answer to the progress question. */
  async sendConsent(consent: MachineConsent): Promise<ConsentView> {
    return ConsentView.parse(await this.request('POST', '/machine/consent', consent));
  }

  /**
   * "J'ai une carte" on a kiosk: the visitor's person and visit token, or why not (a wrong code with
   * the tries left, a kiosk locked for a while, the hub out of reach). Never throws.
   */
  async resumeCard(
    code: CardCode,
  ): Promise<
    | { ok: true; visitToken: string; person: CardResumeAnswer['person'] }
    | { ok: false; reason: 'wrong'; attemptsLeft: number }
    | { ok: false; reason: 'locked'; retryInSeconds: number }
    | { ok: false; reason: 'unreachable' }
  > {
    try {
      const answer = CardResumeAnswer.parse(await this.request('POST', '/machine/visitor-card', { code }));
      return { ok: true, visitToken: answer.visitToken, person: answer.person };
    } catch (error) {
      if (error instanceof HubError && error.code === 'wrong_code') {
        const left = (error.body as { attemptsLeft?: unknown } | undefined)?.attemptsLeft;
        return { ok: false, reason: 'wrong', attemptsLeft: typeof left === 'number' ? left : 0 };
      }
      if (error instanceof HubError && error.code === 'card_locked') return { ok: false, reason: 'locked', retryInSeconds: Math.ceil(error.retryAfterMs / 1000) };
      return { ok: false, reason: 'unreachable' };
    }
  }

  /** A webzine story (issue 17): up to 8 MiB, so up to 2 minutes on a slow uplink before giving up. */
  async submitStory(story: StorySubmit): Promise<MachineStoryStatus> {
    return MachineStoryStatus.parse(await this.request('POST', '/machine/webzine/stories', story, true, undefined, 120_000));
  }

  async withdrawStory(id: string): Promise<MachineStoryStatus> {
    return MachineStoryStatus.parse(await this.request('POST', `/machine/webzine/stories/${encodeURIComponent(id)}/withdraw`));
  }

  async myStories(): Promise<MachineStoryStatus[]> {
    return z.array(MachineStoryStatus).parse(await this.request('GET', '/machine/webzine/stories'));
  }

  async journal(): Promise<PublishedStory[]> {
    return z.array(PublishedStory).parse(await this.request('GET', '/machine/webzine/published'));
  }

  /** A published story's voice or photo from the hub's public journal (the path is checked by the caller). */
  async journalFile(path: string): Promise<{ type: string; bytes: Buffer }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
    } catch (error) {
      throw new HubError(`hub unreachable: ${(error as Error).message}`, 0, 'unreachable');
    }
    if (!response.ok) throw new HubError(`hub answered ${response.status}`, response.status, 'http_error');
    return { type: response.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(await response.arrayBuffer()) };
  }

  async openHelpStatuses(): Promise<HelpStatus[]> {
    return z.array(HelpStatus).parse(await this.request('GET', '/machine/help-requests'));
  }

  /** Open the machine's live feed. The caller owns reconnection. Live-call signalling (issue 11) rides on it too. */
  openFeed(handlers: { onEvent: (e: MachineEvent) => void; onCall?: (e: MachineCallEvent) => void; onOpen: () => void; onClose: () => void }): WebSocket {
    const url = new URL(`${this.baseUrl}${API_PREFIX}/machine/feed`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.options.getToken() ?? ''}` }, handshakeTimeout: 10_000 });
    socket.on('open', handlers.onOpen);
    socket.on('message', (data) => {
      const raw = safeJson(data.toString());
      const parsed = MachineEvent.safeParse(raw);
      if (parsed.success) return handlers.onEvent(parsed.data);
      const call = MachineCallEvent.safeParse(raw);
      if (call.success) handlers.onCall?.(call.data);
    });
    socket.on('close', handlers.onClose);
    socket.on('error', () => {
      /* 'close' follows and drives the reconnection */
    });
    return socket;
  }

  /** The hub's content public key (PEM), to pin: it signs the lesson index. */
  async getContentKey(): Promise<ContentKeyView> {
    return ContentKeyView.parse(await this.request('GET', '/machine/content-key'));
  }

  /** The signed lesson index; with the ETag of the last one, an unchanged index is a 304. */
  async getLessonIndex(etag: string | null): Promise<IndexAnswer> {
    const response = await this.send('GET', '/machine/lessons/index', { headers: etag ? { 'if-none-match': etag } : {}, notModifiedOk: true });
    if (response.status === 304) return { status: 304 };
    return { status: 200, body: await response.text(), etag: response.headers.get('etag') };
  }

  /** One lesson pack's archive, as bytes (the lesson feed checks them against the index). */
  async getLessonPack(entry: { id: string; version: number }): Promise<Buffer> {
    const response = await this.send('GET', `/machine/lessons/packs/${encodeURIComponent(entry.id)}/${entry.version}`, { timeoutMs: 120_000 });
    return Buffer.from(await response.arrayBuffer());
  }

  /** This machine's app and lesson versions and its last update results. */
  async submitUpdateStatus(status: MachineUpdateStatus): Promise<UpdateStatusAck> {
    return UpdateStatusAck.parse(await this.request('POST', '/machine/update-status', status));
  }

  private async request(
    method: 'GET' | 'POST' | 'PUT',
    route: string,
    body?: unknown,
    authenticated = true,
    raw?: { body: Blob; headers: Record<string, string> },
    timeoutMs = this.options.timeoutMs ?? 15_000,
  ): Promise<unknown> {
    const headers: Record<string, string> = { ...raw?.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.send(method, route, {
      headers,
      authenticated,
      body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
    });
    return safeJson(await response.text());
  }

  /** One request to the hub: the token, the timeout, and any refusal as a HubError (a 304 too, unless asked for). */
  private async send(
    method: 'GET' | 'POST' | 'PUT',
    route: string,
    options: { headers?: Record<string, string>; body?: Blob | string | undefined; authenticated?: boolean; notModifiedOk?: boolean; timeoutMs?: number } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.authenticated !== false) {
      const token = this.options.getToken();
      if (!token) throw new HubError('this machine is not enrolled yet', 0, 'not_enrolled');
      headers.authorization = `Bearer ${token}`;
      const age = this.options.outboxAgeMs?.();
      if (age !== undefined && age !== null) headers['x-passerelle-outbox-lag'] = String(Math.floor(age / 1000));
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${API_PREFIX}${route}`, {
        method,
        headers,
        body: options.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new HubError(`hub unreachable: ${(error as Error).message}`, 0, 'unreachable');
    }
    if (response.ok || (options.notModifiedOk && response.status === 304)) return response;
    const payload = safeJson(await response.text());
    const parsed = ApiError.safeParse(payload);
    throw new HubError(
      parsed.success ? parsed.data.error.message : `hub answered ${response.status}`,
      response.status,
      parsed.success ? parsed.data.error.code : 'http_error',
      RETRY_AFTER_STATUSES.has(response.status) ? retryAfterMs(response.headers.get('retry-after'), Date.now()) : 0,
      payload,
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
