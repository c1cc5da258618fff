import { useState } from 'react';
import { useConsoleT, type ConsoleKey } from './t.ts';
import type { HelpAction } from '../../../app/help/states.ts';
import { ApiFailure, api, type HelpRequestView, type Me } from './api.ts';
import { durationParts, timeAgo } from './format.ts';

const KNOWN_ERRORS = ['not_allowed', 'not_found', 'csrf', 'unauthenticated', 'network'] as const;
type CardError = (typeof KNOWN_ERRORS)[number] | 'unknown';
const known = (code: string): CardError => ((KNOWN_ERRORS as readonly string[]).includes(code) ? (code as CardError) : 'unknown');

interface Props {
  request: HelpRequestView;
  me: Me;
  now: number;
  fresh: boolean;
  onChanged(request: HelpRequestView): void;
}

export function HelpCard({ request, me, now, fresh, onChanged }: Props) {
  const { t, i18n } = useConsoleT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { context } = request;
  const mine = request.claimedBy?.id === me.id;
  const titleId = `help-${request.id}-title`;

  async function run(action: HelpAction) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.act(request.id, action, me.csrfToken));
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'already_claimed') setError(err.message);
      else {
        const code = err instanceof ApiFailure ? err.code : 'unknown';
        setError(t(`card.errors.${known(code)}`));
      }
    } finally {
      setBusy(false);
    }
  }

  const stuck = context.stuckSeconds !== undefined ? durationParts(context.stuckSeconds) : null;
  const claimable = request.state === 'new' || request.state === 'seen';

  return (
    <li
      className={`card state-${request.state}${fresh ? ' fresh' : ''}`}
      data-testid="help-card"
      data-request-id={request.id}
      data-state={request.state}
      aria-labelledby={titleId}
    >
      <div className="card-head">
        <h2 id={titleId} className="asset">
          <span className="visually-hidden">{t('card.machine')} </span>
          {request.assetTag}
        </h2>
        <span className={`badge badge-${request.state}`}>{t(`state.${request.state}`)}</span>
      </div>
      <p className="age">
        <time dateTime={request.receivedAt} title={new Date(request.receivedAt).toLocaleString(i18n.language)}>
          {timeAgo(request.receivedAt, now, i18n.language)}
        </time>
        {fresh && <span className="new-pill">{t('card.new')}</span>}
      </p>
      <dl className="context">
        <div>
          <dt>{t('card.screen')}</dt>
          <dd>{t(`screen.${context.screen}` as ConsoleKey, { defaultValue: context.screen })}</dd>
        </div>
        {context.lessonId && (
          <div>
            <dt>{t('card.lesson')}</dt>
            <dd>
              {context.lessonId}
              {context.stepIndex !== undefined && <> · {t('card.step', { n: context.stepIndex + 1 })}</>}
            </dd>
          </div>
        )}
        {stuck && (
          <div>
            <dt>{t('card.stuck')}</dt>
            <dd>{t(`duration.${stuck.key}`, { count: stuck.count })}</dd>
          </div>
        )}
      </dl>
      {request.claimedBy && (
        <p className="claimed-by" data-testid="claimed-by">
          {mine ? t('card.claimedByMe') : t('card.claimedBy', { name: request.claimedBy.firstName })}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        {claimable && (
          <button type="button" className="primary big" data-testid="claim" disabled={busy} onClick={() => void run('claim')}>
            {t('card.claim')}
          </button>
        )}
        {mine && request.state === 'claimed' && (
          <button type="button" className="secondary" data-testid="call" disabled={busy} onClick={() => void run('call')}>
            {t('card.call')}
          </button>
        )}
        {mine && (
          <>
            <button type="button" className="primary" data-testid="resolve" disabled={busy} onClick={() => void run('resolve')}>
              {t('card.resolve')}
            </button>
            <button type="button" className="secondary" data-testid="release" disabled={busy} onClick={() => void run('release')}>
              {t('card.release')}
            </button>
          </>
        )}
      </div>
    </li>
  );
}
