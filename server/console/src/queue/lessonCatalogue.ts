/**
 * The lessons' titles and step sentences, fetched once per console page load: a help card says
 * "Bouger la souris — étape 3 sur 7: « Bougez la souris jusqu'à l'étoile »", not a lesson id.
 */
import { useEffect, useState } from 'react';
import type { CatalogueLesson } from '../../../../app/protocol/accompaniment.ts';
import type { Language } from '../../../../app/protocol/common.ts';
import { api } from '../api.ts';

let loading: Promise<Map<string, CatalogueLesson>> | null = null;

function load(): Promise<Map<string, CatalogueLesson>> {
  loading ??= api.lessonCatalogue().then(
    (lessons) => new Map(lessons.map((l) => [l.id, l])),
    () => {
      loading = null; // try again next time a card asks
      return new Map<string, CatalogueLesson>();
    },
  );
  return loading;
}

export function useLessonCatalogue(): Map<string, CatalogueLesson> | null {
  const [catalogue, setCatalogue] = useState<Map<string, CatalogueLesson> | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((c) => live && setCatalogue(c));
    return () => {
      live = false;
    };
  }, []);
  return catalogue;
}

export interface LessonPlace {
  title: string;
  /** What the step says, when known. */
  stepSays: string | null;
  totalSteps: number | null;
}

/** The lesson's title and the step's sentence in the console's language, French when missing. */
export function lessonPlace(lesson: CatalogueLesson | undefined, stepIndex: number | undefined, language: string): LessonPlace | null {
  if (!lesson) return null;
  const lang = (language in lesson.titles ? language : 'fr') as Language;
  const steps = lesson.stepSays?.[lang] ?? lesson.stepSays?.fr ?? null;
  return {
    title: lesson.titles[lang] ?? lesson.titles.fr ?? lesson.id,
    stepSays: steps && stepIndex !== undefined ? (steps[stepIndex] ?? null) : null,
    totalSteps: steps ? steps.length : null,
  };
}
