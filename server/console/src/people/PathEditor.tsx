/**
 * The person's path, chosen with them: the lessons in order, each moved up or down or removed with
 * a button (or dragged with the mouse), a lesson added from the list or from the suggestions with
 * their reason. Every change sends the whole list to the hub at once.
 */
import { useId, useState } from 'react';
import { Status, useSubmission, When } from '../ui.tsx';
import { peopleApi, type CatalogueLesson, type PathEntry, type Suggestion } from './api.ts';
import { dropPath, lessonTitle, movePath, openSuggestions, type PathMove } from './model.ts';
import { usePeopleT, type PeopleKey } from './t.ts';

export function PathEditor({
  personId,
  path,
  catalogue,
  suggestions,
  onSaved,
}: {
  personId: string;
  path: PathEntry[];
  catalogue: CatalogueLesson[];
  suggestions: Suggestion[];
  onSaved(path: PathEntry[]): void;
}) {
  const { t, language } = usePeopleT();
  const id = useId();
  const { busy, error, submit } = useSubmission();
  const [choice, setChoice] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const ids = path.map((p) => p.lessonId);
  const title = (lessonId: string) => lessonTitle(catalogue, lessonId, language);
  const picture = (lessonId: string) => catalogue.find((l) => l.id === lessonId)?.picture;

  const save = (lessons: string[]) =>
    void submit(async () => {
      onSaved(await peopleApi.setPath(personId, lessons));
    });
  const apply = (move: PathMove) => save(movePath(ids, move));

  const families = [...new Set(catalogue.map((l) => l.family ?? ''))];
  const available = catalogue.filter((l) => !ids.includes(l.id));
  const open = openSuggestions(suggestions, ids);

  return (
    <section className="panel person-path" aria-labelledby={`${id}-title`} data-testid="path-panel">
      <h2 id={`${id}-title`}>{t('path.heading')}</h2>
      <p className="muted">{t('path.intro')}</p>
      {path.length === 0 ? (
        <p className="empty-line" data-testid="path-empty">
          {t('path.empty')}
        </p>
      ) : (
        <ol className="path-list" data-testid="path-list">
          {path.map((entry, i) => (
            <li
              key={entry.lessonId}
              data-testid="path-entry"
              data-lesson={entry.lessonId}
              draggable
              className={dragging === entry.lessonId ? 'dragging' : undefined}
              onDragStart={(e) => {
                setDragging(entry.lessonId);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                if (dragging) save(dropPath(ids, dragging, entry.lessonId));
                setDragging(null);
              }}
            >
              <span className="path-rank" aria-hidden="true">
                {i + 1}
              </span>
              {picture(entry.lessonId) ? <img className="lesson-picture" src={picture(entry.lessonId)} alt="" /> : null}
              <span className="path-what">
                <strong>{title(entry.lessonId)}</strong>
                <span className="muted small-text">
                  {entry.chosenBy ? t('path.chosenBy', { name: entry.chosenBy.firstName }) : t('path.chosen')} · <When iso={entry.chosenAt} />
                </span>
              </span>
              <span className="path-buttons">
                <button
                  type="button"
                  className="secondary icon"
                  disabled={busy || i === 0}
                  aria-label={t('path.up', { lesson: title(entry.lessonId) })}
                  title={t('path.up', { lesson: title(entry.lessonId) })}
                  onClick={() => apply({ kind: 'up', lessonId: entry.lessonId })}
                  data-testid="path-up"
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  className="secondary icon"
                  disabled={busy || i === path.length - 1}
                  aria-label={t('path.down', { lesson: title(entry.lessonId) })}
                  title={t('path.down', { lesson: title(entry.lessonId) })}
                  onClick={() => apply({ kind: 'down', lessonId: entry.lessonId })}
                  data-testid="path-down"
                >
                  <span aria-hidden="true">↓</span>
                </button>
                <button type="button" className="secondary danger" disabled={busy} onClick={() => apply({ kind: 'remove', lessonId: entry.lessonId })} data-testid="path-remove">
                  {t('path.remove')}
                  <span className="visually-hidden"> {title(entry.lessonId)}</span>
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (choice) apply({ kind: 'add', lessonId: choice });
          setChoice('');
        }}
      >
        <label htmlFor={`${id}-add`}>{t('path.addLabel')}</label>
        <select id={`${id}-add`} value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="path-add-select">
          <option value="">{t('path.choose')}</option>
          {families.map((family) => (
            <optgroup key={family} label={family ? t(`families.${family}` as PeopleKey, { defaultValue: family }) : t('families.other')}>
              {available
                .filter((l) => (l.family ?? '') === family)
                .map((l) => (
                  <option key={l.id} value={l.id}>
                    {title(l.id)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <button type="submit" className="primary" disabled={busy || !choice} data-testid="path-add">
          {t('path.add')}
        </button>
      </form>
      <Status error={error} testId="path" />
      {open.length > 0 && (
        <div className="suggestions" data-testid="suggestions">
          <h3>{t('path.suggestions')}</h3>
          <ul className="plain-list">
            {open.map((s) => (
              <li key={s.lessonId} className="suggestion" data-testid="suggestion" data-lesson={s.lessonId} data-reason={s.reason}>
                {picture(s.lessonId) ? <img className="lesson-picture small" src={picture(s.lessonId)} alt="" /> : null}
                <span className="path-what">
                  <strong>{title(s.lessonId)}</strong>
                  <span className="muted small-text">{t(`reasons.${s.reason}`)}</span>
                </span>
                <button type="button" className="secondary" disabled={busy} onClick={() => apply({ kind: 'add', lessonId: s.lessonId })} data-testid="suggestion-add">
                  {t('path.add')}
                  <span className="visually-hidden"> {title(s.lessonId)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
