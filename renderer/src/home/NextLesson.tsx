import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NextLesson as Next } from '../../../app/bridge/contract.ts';
import type { LessonSummary } from '../../../app/lessons/model.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';
import { pictograms } from '../pictograms.ts';
import { speak } from '../speech.ts';
import './home.css';

/** The suggestion with its lessons resolved (title, picture) in the shell's language. */
export type NextLessonView = { next: Next; lesson: LessonSummary | null; skipped: LessonSummary | null };

/** Loads the next lesson and the lessons it names; reloads when the language or the person changes. */
export function useNextLesson(): NextLessonView | null {
  const { i18n } = useTranslation();
  const [view, setView] = useState<NextLessonView | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => bridge.on('personChanged', () => setTick((n) => n + 1)), []);
  useEffect(() => {
    const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
    let live = true;
    void Promise.all([bridge.getNextLesson({}), bridge.listLessons({ language })]).then(([next, lessons]) => {
      if (!live) return;
      const byId = (id: string | null) => lessons.find((l) => l.id === id) ?? null;
      setView({ next, lesson: byId(next.lessonId), skipped: byId(next.skipped) });
    });
    return () => {
      live = false;
    };
  }, [i18n.language, tick]);
  return view;
}

/** The sentence under the title: why this lesson (chosen with a helper, practise again, skip ahead). */
export function nextLessonReason(view: NextLessonView, t: ReturnType<typeof useTranslation>['t']): string {
  const { next } = view;
  if (next.reason === 'path' && next.chosenBy) return t('home.next.chosenWith', { name: next.chosenBy.firstName });
  if (next.reason === 'practice_again') return t('home.next.practiceAgain');
  if (next.reason === 'skip_ahead') return t('home.next.skipAhead');
  return t('home.next.yourNext');
}

/**
 * The home screen's one huge lesson (issue 12): its picture, its title said aloud, and why it is
 * next — "choisie avec Marie" with Marie's photo when a helper chose it with the person. One press
 * opens it. Kept on its own so that a home screen of tiles can host it at its head.
 */
export function NextLesson({ view, onOpen }: { view: NextLessonView; onOpen: (lessonId: string) => void }) {
  const { t } = useTranslation();
  const { lesson, next, skipped } = view;
  if (!lesson) {
    return (
      <section className="next-lesson next-lesson--done" data-testid="next-lesson" data-reason={next.reason}>
        <img src={pictograms.party} alt="" aria-hidden="true" className="next-lesson__picture" />
        <p className="next-lesson__title">{t('home.next.allDone')}</p>
      </section>
    );
  }
  const reason = nextLessonReason(view, t);
  return (
    <section className="next-lesson" aria-labelledby="next-lesson-title" data-testid="next-lesson" data-reason={next.reason} data-lesson={lesson.id}>
      <button
        type="button"
        className="next-lesson__open"
        onClick={() => onOpen(lesson.id)}
        onPointerEnter={() => void speak(`${lesson.title}. ${reason}`)}
        data-testid="next-lesson-open"
      >
        <img src={lesson.picture} alt="" aria-hidden="true" className="next-lesson__picture" draggable={false} />
        <span className="next-lesson__words">
          <span id="next-lesson-title" className="next-lesson__title">
            <img src={pictograms.play} alt="" aria-hidden="true" className="next-lesson__play" />
            {lesson.title}
          </span>
          <span className="next-lesson__reason" data-testid="next-lesson-reason">
            {next.reason === 'path' && next.chosenBy?.photo ? <img src={next.chosenBy.photo} alt="" aria-hidden="true" className="next-lesson__helper" /> : null}
            {reason}
          </span>
        </span>
      </button>
      {skipped ? (
        <button type="button" className="next-lesson__skipped" onClick={() => onOpen(skipped.id)} onPointerEnter={() => void speak(skipped.title)} data-testid="next-lesson-skipped">
          <img src={skipped.picture} alt="" aria-hidden="true" draggable={false} />
          <span>{t('home.next.insteadOf', { title: skipped.title })}</span>
        </button>
      ) : null}
    </section>
  );
}
