/** The helpers' notes about the person, and the help requests their machine sent. */
import { useId, useState } from 'react';
import type { HelpRequestView } from '../api.ts';
import { useConsoleT } from '../t.ts';
import { Status, useSubmission, When } from '../ui.tsx';
import { peopleApi, type NoteView } from './api.ts';
import { usePeopleT } from './t.ts';

export function Notes({ personId, notes, onSaved }: { personId: string; notes: NoteView[]; onSaved(): void }) {
  const { t } = usePeopleT();
  const id = useId();
  const [text, setText] = useState('');
  const { busy, error, submit } = useSubmission();
  const sorted = [...notes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="panel notes" aria-labelledby={`${id}-title`} data-testid="notes-panel">
      <h2 id={`${id}-title`}>{t('notes.heading')}</h2>
      <form
        className="note-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(async () => {
            await peopleApi.addNote(personId, text);
            setText('');
            onSaved();
          });
        }}
      >
        <label htmlFor={`${id}-text`}>{t('notes.label')}</label>
        <textarea id={`${id}-text`} required maxLength={2000} rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="person-note-text" />
        <button type="submit" className="secondary" disabled={busy || text.trim() === ''} data-testid="person-note-add">
          {t('notes.add')}
        </button>
        <Status error={error} testId="person-note" />
      </form>
      {sorted.length === 0 ? (
        <p className="empty-line">{t('notes.empty')}</p>
      ) : (
        <ul className="plain-list note-list">
          {sorted.map((n) => (
            <li key={n.id} data-testid="person-note">
              <p className="note-body" dir="auto">{n.text}</p>
              <p className="muted small-text">
                {n.author ? `${t('notes.by', { name: n.author.firstName })} · ` : null}
                <When iso={n.createdAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function HelpList({ personId, requests }: { personId: string; requests: HelpRequestView[] }) {
  const { t } = usePeopleT();
  const { t: ct } = useConsoleT();
  const id = useId();
  const latest = [...requests].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, 5);
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="help-panel">
      <h2 id={`${id}-title`}>{t('help.heading')}</h2>
      {latest.length === 0 ? (
        <p className="empty-line">{t('help.empty')}</p>
      ) : (
        <ul className="plain-list help-list">
          {latest.map((r) => (
            <li key={r.id} data-testid="person-help" data-state={r.state}>
              <When iso={r.receivedAt} /> · {ct(`state.${r.state}`)}
              {r.claimedBy ? ` · ${r.claimedBy.firstName}` : ''}
              {r.context.lessonId ? ` · ${r.context.lessonId}` : ''}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`#/beneficiaries/${personId}/history`}>{t('help.all')}</a>
      </p>
    </section>
  );
}
