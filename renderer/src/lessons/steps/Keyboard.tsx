import { AZERTY_ROWS, strokeFor } from '../../../../app/lessons/azerty.ts';

/**
 * The computer's AZERTY keyboard, drawn: the key that writes the next character lights up, and the key
 * to hold with it (Shift, AltGr) too. A picture, not buttons: the person presses the real keys. It keeps
 * the physical layout in Arabic as well (dir="ltr").
 */
export function Keyboard({ next }: { next: string | null }) {
  const stroke = next === null ? null : strokeFor(next);
  const lit = new Set<string>();
  if (stroke) {
    lit.add(stroke.key);
    if (stroke.hold === 'shift') lit.add('shift').add('shift-right');
    if (stroke.hold === 'altgr') lit.add('altgr');
  }
  return (
    <div className="lesson-keyboard" dir="ltr" aria-hidden="true" data-testid="lesson-keyboard" data-next-key={stroke ? [...lit].sort().join(' ') : ''}>
      {AZERTY_ROWS.map((row, r) => (
        <div key={r} className="lesson-keyboard__row">
          {row.map((cap) => (
            <span
              key={cap.id}
              className={`lesson-keyboard__key ${lit.has(cap.id) ? 'is-next' : ''} ${/^[a-z]$/.test(cap.id) ? 'is-letter' : ''}`}
              style={{ flexGrow: cap.wide ?? 1 }}
            >
              {/^[a-z]$/.test(cap.id) ? (
                <b>{cap.shift}</b>
              ) : (
                <>
                  {cap.shift ? <small>{cap.shift}</small> : null}
                  <b>{cap.base}</b>
                  {cap.altgr ? <small className="lesson-keyboard__altgr">{cap.altgr}</small> : null}
                </>
              )}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
