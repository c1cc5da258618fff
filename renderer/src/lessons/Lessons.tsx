import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonSummary } from '../../../app/lessons/model.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';
import { pictograms } from '../pictograms.ts';
import { speak } from '../speech.ts';
import '../lessons/lessons.css';

/** The first lesson not yet finished whose prerequisites are done: the one the map invites to. */
function nextLesson(lessons: LessonSummary[]): string | null {
  return (lessons.find((l) => !l.completed && l.ready) ?? lessons.find((l) => !l.completed))?.id ?? null;
}

/**
 * The progress map, picture-only: each lesson is its picture in a ring that fills as steps are done,
 * a green tick once finished, and a glow on the next one. Resting the pointer on a lesson says its
 * name. No lesson is ever locked: the order is an invitation.
 */
export function Lessons({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [lessons, setLessons] = useState<LessonSummary[] | null>(null);
  useEffect(() => {
    const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
    void bridge.listLessons({ language }).then(setLessons);
  }, [i18n.language]);
  const next = lessons ? nextLesson(lessons) : null;
  return (
    <main className="screen" aria-labelledby="lessons-title">
      <h1 id="lessons-title" className="say">
        {t('lessons.say')}
      </h1>
      {lessons && lessons.length === 0 ? <p className="say">{t('lessons.empty')}</p> : null}
      <ol className="lesson-map" data-testid="lesson-map">
        {(lessons ?? []).map((lesson) => {
          const done = lesson.completed ? 1 : lesson.stepsDone / Math.max(1, lesson.stepCount);
          const state = lesson.completed ? 'done' : lesson.started ? 'started' : 'new';
          return (
            <li key={lesson.id}>
              <button
                type="button"
                className={`map-stop is-${state} ${lesson.id === next ? 'is-next' : ''}`}
                onClick={() => onOpen(lesson.id)}
                onPointerEnter={() => void speak(lesson.title)}
                data-testid={`lesson-${lesson.id}`}
                data-state={state}
              >
                <span className="map-stop__ring" style={{ '--done': done } as CSSProperties}>
                  <img src={lesson.picture} alt="" aria-hidden="true" draggable={false} />
                </span>
                <span className="map-stop__title">{lesson.title}</span>
                {lesson.completed ? (
                  <>
                    <img className="map-stop__badge" src={pictograms.check} alt="" aria-hidden="true" />
                    <span className="visually-hidden">{t('lessons.done')}</span>
                  </>
                ) : lesson.id === next ? (
                  <img className="map-stop__badge" src={pictograms.play} alt="" aria-hidden="true" />
                ) : null}
              </button>
            </li>
          );
        })}
      </ol>
    </main>
  );
}
