/** The person's own goals, in their words: written down, or said in a short voice note played back here. */
import { useId, useState } from 'react';
import { Status, useSubmission, When } from '../ui.tsx';
import { peopleApi, type GoalView } from './api.ts';
import { usePeopleT } from './t.ts';
import { VoiceRecorder } from './VoiceRecorder.tsx';

export function Goals({ personId, goals, onChanged }: { personId: string; goals: GoalView[]; onChanged(): void }) {
  const { t } = usePeopleT();
  const id = useId();
  const [text, setText] = useState('');
  const { busy, error, submit } = useSubmission();

  const keepVoice = async (blob: Blob, durationMs: number) => {
    let kept = false;
    await submit(async () => {
      await peopleApi.addVoiceGoal(personId, blob, durationMs);
      kept = true;
      onChanged();
    });
    return kept;
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="goals-panel">
      <h2 id={`${id}-title`}>{t('goals.heading')}</h2>
      <p className="muted">{t('goals.intro')}</p>
      {goals.length === 0 ? (
        <p className="empty-line">{t('goals.empty')}</p>
      ) : (
        <ul className="plain-list goals">
          {goals.map((g) => (
            <li key={g.id} data-testid="goal" className="goal">
              {g.text !== null ? (
                <q className="goal-text" dir="auto">{g.text}</q>
              ) : g.voice ? (
                <audio
                  controls
                  preload="none"
                  src={peopleApi.goalVoiceUrl(personId, g.id)}
                  aria-label={t('goals.voiceLabel', { seconds: Math.round(g.voice.durationMs / 1000) })}
                  data-testid="goal-voice"
                />
              ) : null}
              <span className="muted small-text">
                {g.author ? t('goals.by', { name: g.author.firstName }) : null} <When iso={g.createdAt} />
              </span>
              <button
                type="button"
                className="secondary danger"
                disabled={busy}
                onClick={() =>
                  void submit(async () => {
                    await peopleApi.deleteGoal(personId, g.id);
                    onChanged();
                  })
                }
                data-testid="goal-delete"
              >
                {t('goals.delete')}
                <span className="visually-hidden"> {g.text ?? t('goals.voiceNote')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(async () => {
            await peopleApi.addGoal(personId, text);
            setText('');
            onChanged();
          });
        }}
      >
        <label htmlFor={`${id}-text`}>{t('goals.textLabel')}</label>
        <input id={`${id}-text`} required maxLength={300} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('goals.placeholder')} data-testid="goal-text" />
        <button type="submit" className="primary" disabled={busy || text.trim() === ''} data-testid="goal-add">
          {t('goals.add')}
        </button>
      </form>
      <VoiceRecorder busy={busy} onKeep={keepVoice} />
      <Status error={error} testId="goals" />
    </section>
  );
}
