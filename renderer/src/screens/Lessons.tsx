import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonSummary } from '../../../app/lessons/model.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';

export function Lessons({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [lessons, setLessons] = useState<LessonSummary[] | null>(null);
  useEffect(() => {
    const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
    void bridge.listLessons({ language }).then(setLessons);
  }, [i18n.language]);
  return (
    <main className="screen" aria-labelledby="lessons-title">
      <h1 id="lessons-title" className="say">{t('lessons.say')}</h1>
      {lessons && lessons.length === 0 ? <p className="say">{t('lessons.empty')}</p> : null}
      <ul className="lesson-grid">
        {(lessons ?? []).map((lesson) => (
          <li key={lesson.id}>
            <button type="button" className="lesson-card" onClick={() => onOpen(lesson.id)} data-testid={`lesson-${lesson.id}`}>
              <img src={lesson.picture} alt="" aria-hidden="true" draggable={false} />
              <span className="lesson-card__title">{lesson.title}</span>
              {lesson.completed ? <span className="lesson-card__done">✔ {t('lessons.done')}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
