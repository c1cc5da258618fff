/**
 * A consent question as the shell asks it: a title said aloud, each point a sentence beside its
 * pictures, and two big answers (yes, no). The first-start usage question and the progress question
 * of a home loan are both this screen; each says its own words.
 */
import { PictureButton } from './PictureButton.tsx';
import './consent-question.css';

export type ConsentPoint = { key: string; text: string; pictures: readonly string[] };

type Props = {
  /** The screen's test id; the answers are `<testId>-yes` and `<testId>-no`. */
  testId: string;
  title: string;
  points: readonly ConsentPoint[];
  yes: string;
  no: string;
  onAnswer(granted: boolean): void;
};

export function ConsentQuestion({ testId, title, points, yes, no, onAnswer }: Props) {
  return (
    <main className="screen screen--center" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h1 id={`${testId}-title`} className="say">
        {title}
      </h1>
      <ul className="consent-points">
        {points.map((p) => (
          <li key={p.key} className="consent-point">
            <span className="consent-point__pictures">
              {p.pictures.map((src) => (
                <img key={src} src={src} alt="" aria-hidden="true" draggable={false} />
              ))}
            </span>
            {p.text}
          </li>
        ))}
      </ul>
      <div className="yes-no">
        <PictureButton picture="check" label={yes} size="large" tone="yes" onClick={() => onAnswer(true)} data-testid={`${testId}-yes`} />
        <PictureButton picture="cross" label={no} size="large" tone="no" onClick={() => onAnswer(false)} data-testid={`${testId}-no`} />
      </div>
    </main>
  );
}
