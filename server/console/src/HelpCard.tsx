import { useEffect, useId, useState, type FormEvent } from 'react';
import { journalLabel, screenLabel, useConsoleT, type TFn } from './t.ts';
import { HelpOutcome } from '../../../app/help/outcome.ts';
import { isHeldHelpState, isUnclaimedHelpState, type HelpAction } from '../../../app/help/states.ts';
import { ApiFailure, api, type HelpRequestDetail, type HelperRef, type HelpRequestView, type Me } from './api.ts';
import { errorKey } from './errors.ts';
import { durationParts, timeAgo } from './format.ts';
import { Options, useSubmission } from './ui.tsx';
import { hasRole } from '../../../app/protocol/hub.ts';
import { CallButton, callJournalDetail } from './call/CallPanel.tsx';
import { languageOf } from './queue/filter.ts';
import type { LessonPlace } from './queue/lessonCatalogue.ts';

interface Props {
  request: HelpRequestView;
  me: Me;
  now: number;
  fresh: boolean;
  /** The lesson's title and the step's sentence (from the lesson catalogue), when the request came from a lesson. */
  lesson: LessonPlace | null;
  onChanged(request: HelpRequestView): void;
  /** "C'est résolu": the queue asks how, then resolves (with 10 s to undo). */
  onResolve(request: HelpRequestView): void;
}

export function HelpCard({ request, me, now, fresh, lesson, onChanged, onResolve }: Props) {
  const { t, i18n } = useConsoleT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { context } = request;
  const mine = request.claimedBy?.id === me.id;
  const held = isHeldHelpState(request.state);
  const canHold = mine || (held && hasRole(me.role, 'staff'));
  const titleId = `help-${request.id}-title`;

  // Shown to a helper whose console is in front of them: the beneficiary hears "someone saw your request".
  useEffect(() => {
    if (request.state !== 'new') return;
    const see = () => {
      if (document.visibilityState === 'visible') void api.act(request.id, 'see').then(onChanged, () => undefined);
    };
    see();
    document.addEventListener('visibilitychange', see);
    return () => document.removeEventListener('visibilitychange', see);
  }, [request.id, request.state]); // eslint-disable-line react-hooks/exhaustive-deps

  async function run(action: HelpAction, toAccountId?: string) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.act(request.id, action, toAccountId));
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'already_claimed') {
        // Say who has it, from the hub's current view of the request.
        const detail = await api.detail(request.id).catch(() => null);
        if (detail) onChanged(detail.request);
        setError(t('errors.already_claimed', { name: detail?.request.claimedBy?.firstName ?? '?' }));
      } else setError(t(errorKey(err)));
    } finally {
      setBusy(false);
    }
  }

  const stuck = context.stuckSeconds !== undefined ? durationParts(context.stuckSeconds) : null;
  const claimable = isUnclaimedHelpState(request.state);
  const escalated = request.escalatedAt !== null && claimable;
  const who = request.beneficiary?.firstName;

  return (
    <li
      className={`card state-${request.state}${fresh ? ' fresh' : ''}${escalated ? ' escalated' : ''}`}
      data-testid="help-card"
      data-request-id={request.id}
      data-state={request.state}
      data-escalated={escalated}
      aria-labelledby={titleId}
    >
      {/* Three zones side by side on a wide screen: who to call, where they are stuck, what to do. */}
      <div className="card-who">
      <div className="card-head">
        <h2 id={titleId} className="asset">
          {who ?? (
            <>
              <span className="visually-hidden">{t('card.machine')} </span>
              {request.assetTag}
            </>
          )}
        </h2>
        <span className={`badge badge-${request.state}`}>{t(`state.${request.state}`)}</span>
      </div>
      {escalated && (
        <p className="escalated-note" data-testid="escalated">
          {t('card.escalated')}
        </p>
      )}
      <p className="age">
        <time dateTime={request.receivedAt} title={new Date(request.receivedAt).toLocaleString(i18n.language)}>
          {timeAgo(request.receivedAt, now, i18n.language)}
        </time>
        {fresh && !escalated && <span className="new-pill">{t('card.new')}</span>}
      </p>
      {request.beneficiary && (
        <p className="phone-line">
          <span className="muted">{t('card.callBack')}</span>{' '}
          <a href={`tel:${request.beneficiary.phone.replace(/[\s.-]/g, '')}`} className="tel" dir="ltr" data-testid="beneficiary-phone">
            {request.beneficiary.phone}
          </a>
        </p>
      )}
      <p className="speaks" data-testid="card-language">
        <span className="muted">{t('cardMore.speaks')}</span> <strong>{t(`languageName.${languageOf(request)}`)}</strong>
      </p>
      {request.claimedBy && (
        <p className="claimed-by" data-testid="claimed-by">
          {mine ? t('card.claimedByMe') : t('card.claimedBy', { name: request.claimedBy.firstName })}
        </p>
      )}
      </div>
      <div className="card-what">
      <dl className="context">
        <div>
          <dt>{t('card.machine')}</dt>
          <dd>
            <a href={`#/machines/${request.machineId}/history`}>{request.assetTag}</a>
            {request.machineMode === 'kiosk' && <> · {t('mode.kiosk')}</>}
            {request.beneficiary && (
              <>
                {' · '}
                <a href={`#/beneficiaries/${request.beneficiary.id}/history`}>{t('card.history', { name: request.beneficiary.firstName })}</a>
              </>
            )}
          </dd>
        </div>
        {!context.lessonId && (
          <div>
            <dt>{t('card.screen')}</dt>
            <dd>{screenLabel(t, context.screen)}</dd>
          </div>
        )}
        {context.lessonId && (
          <div className="lesson-place" data-testid="card-lesson">
            <dt>{t('card.lesson')}</dt>
            <dd>
              <strong>{lesson?.title ?? context.lessonId}</strong>
              {context.stepIndex !== undefined && (
                <>
                  {' · '}
                  {lesson?.totalSteps ? t('cardMore.lessonStep', { n: context.stepIndex + 1, total: lesson.totalSteps }) : t('card.step', { n: context.stepIndex + 1 })}
                </>
              )}
              {lesson?.stepSays && (
                <span className="step-says" data-testid="card-step-says">
                  {t('cardMore.stepSays', { text: lesson.stepSays })}
                </span>
              )}
            </dd>
          </div>
        )}
        {stuck && (
          <div>
            <dt>{t('card.stuck')}</dt>
            <dd>{t(`duration.${stuck.key}`, { count: stuck.count })}</dd>
          </div>
        )}
        {context.hintLevel !== undefined && (
          <div>
            <dt>{t('card.hints')}</dt>
            <dd>{t('card.hintLevel', { n: context.hintLevel })}</dd>
          </div>
        )}
        {context.appVersion && (
          <div>
            <dt>{t('card.version')}</dt>
            <dd>{context.appVersion}</dd>
          </div>
        )}
      </dl>
      {request.voice && (
        <div className="voice" data-testid="voice">
          <p className="voice-label">{t('card.voice', { seconds: Math.max(1, Math.round(request.voice.durationMs / 1000)) })}</p>
          <audio controls preload="none" src={api.voiceUrl(request.id)} data-testid="voice-player" aria-label={t('card.voicePlayer')} />
        </div>
      )}
      {request.files.length > 0 && (
        <ul className="help-files" data-testid="help-files">
          {request.files.map((file) => (
            <li key={file.n} className="help-file" data-testid="help-file">
              <p className="voice-label">{t(file.mimeType === 'application/pdf' ? 'card.fileDocument' : 'card.filePhoto', { name: file.name })}</p>
              {file.mimeType === 'application/pdf' ? (
                <a href={api.fileUrl(request.id, file.n)} download={file.name} data-testid="help-file-link">
                  {t('card.fileOpen')}
                </a>
              ) : (
                <a href={api.fileUrl(request.id, file.n)} target="_blank" rel="noopener noreferrer" data-testid="help-file-link">
                  <img src={api.fileUrl(request.id, file.n)} alt={t('card.filePhoto', { name: file.name })} className="help-file-photo" loading="lazy" data-testid="help-file-photo" />
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      </div>
      <div className="card-do">
      {error && (
        <p className="error" role="alert" data-testid="card-error">
          {error}
        </p>
      )}
      <div className="actions">
        <CallButton request={request} mine={mine} />
        {claimable && (
          <button type="button" className="primary big" data-testid="claim" disabled={busy} onClick={() => void run('claim')}>
            {t('card.claim')}
          </button>
        )}
        {canHold && request.state === 'claimed' && (
          <button type="button" className="secondary" data-testid="call" disabled={busy} onClick={() => void run('call')}>
            {t('card.call')}
          </button>
        )}
        {canHold && (
          <>
            <button type="button" className="primary" data-testid="resolve" disabled={busy} onClick={() => onResolve(request)}>
              {t('card.resolve')}
            </button>
            <button type="button" className="secondary" data-testid="release" disabled={busy} onClick={() => void run('release')}>
              {t('card.release')}
            </button>
          </>
        )}
      </div>
      {canHold && <Handover request={request} me={me} busy={busy} onHandover={(to) => void run('handover', to)} />}
      <NoteForm request={request} onChanged={onChanged} />
      <Journal request={request} />
      </div>
    </li>
  );
}

function Handover({ request, me, busy, onHandover }: { request: HelpRequestView; me: Me; busy: boolean; onHandover(to: string): void }) {
  const { t } = useConsoleT();
  const [helpers, setHelpers] = useState<HelperRef[] | null>(null);
  const [to, setTo] = useState('');
  const selectId = useId();
  useEffect(() => {
    void api.helpers().then(setHelpers, () => setHelpers([]));
  }, []);
  const others = (helpers ?? []).filter((h) => h.id !== request.claimedBy?.id);
  if (others.length === 0) return null;
  return (
    <div className="inline-form">
      <label htmlFor={selectId}>{t('card.handoverTo')}</label>
      <select id={selectId} value={to} onChange={(e) => setTo(e.target.value)} data-testid="handover-select">
        <option value="">{t('card.handoverChoose')}</option>
        <Options values={others} value={(h) => h.id} label={(h) => h.id === me.id ? t('presence.you', { name: h.firstName }) : h.firstName} />
      </select>
      <button type="button" className="secondary" disabled={busy || !to} onClick={() => onHandover(to)} data-testid="handover">
        {t('card.handover')}
      </button>
    </div>
  );
}

function NoteForm({ request, onChanged }: { request: HelpRequestView; onChanged(r: HelpRequestView): void }) {
  const { t } = useConsoleT();
  const [text, setText] = useState('');
  const { busy, error, submit: submitting } = useSubmission();
  const fieldId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    await submitting(async () => {
      onChanged(await api.note(request.id, text.trim()));
      setText('');
    });
  };
  return (
    <form className="note-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={fieldId}>{t('card.note')}</label>
      <textarea id={fieldId} rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} data-testid="note-text" />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="secondary" disabled={busy || !text.trim()} data-testid="note-submit">
        {t('card.noteAdd')}
      </button>
    </form>
  );
}

/** A resolution's journal line that says how it ended (app/help/outcome.ts). */
const outcomeName = (t: TFn, outcome: string) => (HelpOutcome.safeParse(outcome).success ? t(`outcome.${outcome as HelpOutcome}`) : outcome);
const outcomeSaid = (e: { action: string; detail: string | null }): e is { action: string; detail: string } =>
  (e.action === 'resolve' || e.action === 'outcome') && e.detail !== null;

/** The request's journal (who did what, when), loaded when opened and again after every change. */
function Journal({ request }: { request: HelpRequestView }) {
  const { t, i18n } = useConsoleT();
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<HelpRequestDetail | null>(null);
  useEffect(() => {
    if (open) void api.detail(request.id).then(setDetail, () => setDetail(null));
  }, [open, request.id, request.updatedAt]);
  return (
    <details className="journal" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid="journal">
      <summary>{t('card.journal', { count: request.noteCount })}</summary>
      {detail && (
        <ol>
          {detail.journal.map((e, i) => (
            <li key={i} data-testid="journal-entry">
              <time dateTime={e.at}>{new Date(e.at).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })}</time>{' '}
              <strong>{e.actor.kind === 'system' ? t('journal.system') : e.actor.name}</strong>{' '}
              {outcomeSaid(e)
                ? t(e.action === 'resolve' ? 'journal.resolveHow' : 'journal.outcome', { detail: outcomeName(t, e.detail).toLowerCase() })
                : journalLabel(t, e.action, callJournalDetail(e, t, request) ?? e.detail ?? '')}
              {e.action === 'note' && e.detail ? <q className="note-text">{e.detail}</q> : null}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
