import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonSummary } from '../../../app/lessons/model.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';
import { pictograms } from '../pictograms.ts';
import { speak } from '../speech.ts';
import '../lessons/lessons.css';

type Family = { id: string; title: string; picture: string };
/** The group of lessons that arrived without a family (a pack published after families.yaml). */
const OTHERS = '_others';

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
  const [all, setAll] = useState<LessonSummary[] | null>(null);
  const [families, setFamilies] = useState<Family[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
    void bridge.listLessons({ language }).then(setAll);
    void bridge.listLessonFamilies({ language }).then(setFamilies);
  }, [i18n.language]);
  const next = all ? nextLesson(all) : null;
  // Families (issue 12): one family's lessons at a time, the next lesson's family first.
  const groups = families.length > 0 ? [...families, ...(all?.some((l) => l.family === null) ? [{ id: OTHERS, title: t('lessons.title'), picture: pictograms.books }] : [])] : [];
  const family = chosen ?? all?.find((l) => l.id === next)?.family ?? groups[0]?.id ?? null;
  const lessons = all && groups.length > 0 ? all.filter((l) => (l.family ?? OTHERS) === family) : all;
  return (
    <main className="screen" aria-labelledby="lessons-title">
      <h1 id="lessons-title" className="say">
        {t('lessons.say')}
      </h1>
      {lessons && lessons.length === 0 ? <p className="say">{t('lessons.empty')}</p> : null}
      {groups.length > 0 ? (
        <nav className="lesson-families" aria-label={t('lessons.families')}>
          {groups.map((g) => (
            <button
              key={g.id}
              type="button"
              className={`lesson-family ${g.id === family ? 'is-chosen' : ''}`}
              aria-pressed={g.id === family}
              onClick={() => setChosen(g.id)}
              onPointerEnter={() => void speak(g.title)}
              data-testid={`family-${g.id}`}
            >
              <img src={g.picture} alt="" aria-hidden="true" draggable={false} />
              <span>{g.title}</span>
            </button>
          ))}
        </nav>
      ) : null}
      <ol className="lesson-map" data-testid="lesson-map" data-family={family ?? ''}>
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
