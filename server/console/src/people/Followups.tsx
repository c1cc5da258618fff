/**
 * The suivi: every contact with the person (home visit, phone, workshop, remote help) with its date,
 * duration, what was done, the next step and the next date. The next date puts the person on the
 * console's home list on that day.
 */
import { useId, useState } from 'react';
import { FollowupKind } from '../../../../app/protocol/accompaniment.ts';
import { Status, useSubmission } from '../ui.tsx';
import { peopleApi, type FollowupView } from './api.ts';
import { localToday } from './model.ts';
import { usePeopleT } from './t.ts';

const KINDS = FollowupKind.options;

export function Followups({ personId, followups, onSaved }: { personId: string; followups: FollowupView[]; onSaved(): void }) {
  const { t, language } = usePeopleT();
  const id = useId();
  const today = localToday();
  const [kind, setKind] = useState<FollowupKind>('phone');
  const [day, setDay] = useState(today);
  const [minutes, setMinutes] = useState('30');
  const [done, setDone] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [nextDay, setNextDay] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, submit } = useSubmission();
  const date = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const sorted = [...followups].sort((a, b) => b.day.localeCompare(a.day) || b.createdAt.localeCompare(a.createdAt));

  return (
    <section className="panel followups" aria-labelledby={`${id}-title`} data-testid="followups-panel">
      <h2 id={`${id}-title`}>{t('followup.heading')}</h2>
      <form
        className="followup-form"
        aria-labelledby={`${id}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void submit(async () => {
            await peopleApi.addFollowup(personId, { kind, day, durationMinutes: Number(minutes), done, nextStep, nextDay: nextDay || null });
            setDone('');
            setNextStep('');
            setNextDay('');
            setSaved(true);
            onSaved();
          });
        }}
      >
        <h3 id={`${id}-form`}>{t('followup.formHeading')}</h3>
        <fieldset className="field kinds">
          <legend>{t('followup.kind')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="choice">
              <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`followup-kind-${k}`} />
              {t(`followup.kinds.${k}`)}
            </label>
          ))}
        </fieldset>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-day`}>{t('followup.day')}</label>
            <input id={`${id}-day`} type="date" required max={today} value={day} onChange={(e) => setDay(e.target.value)} data-testid="followup-day" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-min`}>{t('followup.duration')}</label>
            <input id={`${id}-min`} type="number" required min={1} max={600} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="followup-minutes" />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-done`}>{t('followup.done')}</label>
          <textarea id={`${id}-done`} required maxLength={2000} rows={2} value={done} onChange={(e) => setDone(e.target.value)} data-testid="followup-done" />
        </div>
        <div className="field-row">
          <div className="field grow">
            <label htmlFor={`${id}-next`}>{t('followup.nextStep')}</label>
            <input id={`${id}-next`} maxLength={1000} value={nextStep} onChange={(e) => setNextStep(e.target.value)} data-testid="followup-next-step" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-nextday`}>{t('followup.nextDay')}</label>
            <input id={`${id}-nextday`} type="date" min={day} value={nextDay} onChange={(e) => setNextDay(e.target.value)} data-testid="followup-next-day" />
          </div>
        </div>
        <button type="submit" className="primary" disabled={busy || done.trim() === ''} data-testid="followup-save">
          {t('followup.save')}
        </button>
        <Status error={error} done={saved ? t('followup.saved') : null} testId="followup" />
      </form>
      {sorted.length === 0 ? (
        <p className="empty-line">{t('followup.empty')}</p>
      ) : (
        <ol className="plain-list followup-log" data-testid="followup-log">
          {sorted.map((f) => (
            <li key={f.id} data-testid="followup-entry" data-kind={f.kind}>
              <p className="followup-line">
                <strong>{t(`followup.kinds.${f.kind}`)}</strong> · {date(f.day)} · {t('followup.minutes', { count: f.durationMinutes })}
                {f.author ? <span className="muted"> · {t('followup.by', { name: f.author.firstName })}</span> : null}
              </p>
              <p className="followup-done" dir="auto">{f.done}</p>
              {(f.nextStep || f.nextDay) && (
                <p className="muted">
                  {f.nextStep ? t('followup.next', { step: f.nextStep }) : null}
                  {f.nextStep && f.nextDay ? ' · ' : null}
                  {f.nextDay ? t('followup.nextOn', { date: date(f.nextDay) }) : null}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
