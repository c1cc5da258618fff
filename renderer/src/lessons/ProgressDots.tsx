import { memo } from 'react';
import { useTranslation } from 'react-i18next';

/** Where the person is in the lesson, as dots: done, here, still to come. No number to read. */
export const ProgressDots = memo(function ProgressDots({ current, total }: { current: number; total: number }) {
  const { t } = useTranslation();
  return (
    <ol className="lesson-dots" aria-label={t('lesson.step', { current: current + 1, total })} data-testid="lesson-dots">
      {Array.from({ length: total }, (_, i) => (
        <li key={i} className={i < current ? 'is-done' : i === current ? 'is-here' : ''} />
      ))}
    </ol>
  );
});
