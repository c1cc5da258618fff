/**
 * Choosing a new password, the same on the first sign-in (ChoosePassword) and on the profile page:
 * the new password typed twice, the rules shown under it and ticked as they are met, and a button
 * that shows what was typed (a password typed blind is easily typed wrong). On the profile page the
 * current password comes first, in the same block, shown and hidden with the others.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { NEW_PASSWORD_MIN } from '../../../app/protocol/hub.ts';
import { useConsoleT, type TFn } from './t.ts';

export interface PasswordDraft {
  /** Only where the current password is asked (the profile page). */
  current?: string;
  password: string;
  again: string;
}

/** What is wrong with a draft, and which field to fix: checked before anything is sent. */
export interface PasswordProblem {
  field: 'current' | 'password' | 'again';
  message: string;
}

const emptyDraft = (withCurrent: boolean): PasswordDraft => (withCurrent ? { current: '', password: '', again: '' } : { password: '', again: '' });

function passwordProblem(draft: PasswordDraft, t: TFn): PasswordProblem | null {
  if (draft.current !== undefined && draft.current === '') return { field: 'current', message: t('password.currentMissing') };
  if (draft.password === '') return { field: 'password', message: t('password.missing') };
  if (draft.password.length < NEW_PASSWORD_MIN) return { field: 'password', message: t('password.tooShort', { n: NEW_PASSWORD_MIN }) };
  if (draft.password !== draft.again) return { field: 'again', message: t('password.mismatch') };
  return null;
}

/**
 * A form's draft: `fields` goes to <PasswordFields>; `check()` before sending says whether the draft
 * may go (if not, its problem is shown); `reset()` empties it. Typing again clears the problem.
 */
export function usePasswordDraft(withCurrent = false) {
  const { t } = useConsoleT();
  const [draft, setDraft] = useState(() => emptyDraft(withCurrent));
  const [problem, setProblem] = useState<PasswordProblem | null>(null);
  return {
    draft,
    problem,
    fields: {
      draft,
      problem,
      onChange(next: PasswordDraft) {
        setDraft(next);
        setProblem(null);
      },
    },
    check(): boolean {
      const found = passwordProblem(draft, t);
      setProblem(found);
      return found === null;
    },
    reset: () => setDraft(emptyDraft(withCurrent)),
  };
}

/**
 * The fields of a draft. `problem` (from `passwordProblem`, set on each submission) marks its field
 * invalid and puts the cursor in it; the sentence itself is the form's status line, next to its button.
 * Test ids: `testId` (the new password), `-again`, `-current`, `-show`, and `-rule-length`/`-rule-same`.
 */
export function PasswordFields({
  draft,
  onChange,
  problem,
  testId,
}: {
  draft: PasswordDraft;
  onChange(draft: PasswordDraft): void;
  problem: PasswordProblem | null;
  testId: string;
}) {
  const { t } = useConsoleT();
  const id = useId();
  // null until the button is first pressed: the status line stays silent when the form opens.
  const [shown, setShown] = useState<boolean | null>(null);
  const inputs = { current: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null), again: useRef<HTMLInputElement>(null) };
  useEffect(() => {
    if (problem) inputs[problem.field].current?.focus();
  }, [problem]); // eslint-disable-line react-hooks/exhaustive-deps

  const long = draft.password.length >= NEW_PASSWORD_MIN;
  const same = draft.again !== '' && draft.again === draft.password;
  // The fields in order: the current password only where it is asked, then the new one twice.
  const fields: { key: PasswordProblem['field']; label: string; autoComplete: string; describedBy?: string; testId: string }[] = [
    ...(draft.current !== undefined ? [{ key: 'current' as const, label: t('password.current'), autoComplete: 'current-password', testId: `${testId}-current` }] : []),
    { key: 'password', label: t('password.new'), autoComplete: 'new-password', describedBy: `${id}-rule-length`, testId },
    { key: 'again', label: t('password.again'), autoComplete: 'new-password', describedBy: `${id}-rule-same`, testId: `${testId}-again` },
  ];

  return (
    <div className="password-fields">
      {fields.map((field) => (
        <div className="field" key={field.key}>
          <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
          <input
            id={`${id}-${field.key}`}
            ref={inputs[field.key]}
            type={shown ? 'text' : 'password'}
            required
            autoComplete={field.autoComplete}
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            value={draft[field.key] ?? ''}
            onChange={(e) => onChange({ ...draft, [field.key]: e.target.value })}
            aria-invalid={problem?.field === field.key ? true : undefined}
            aria-describedby={field.describedBy}
            data-testid={field.testId}
          />
        </div>
      ))}
      <p className="hint" id={`${id}-rules`}>
        {t('password.rules')}
      </p>
      <ul className="password-rules" aria-labelledby={`${id}-rules`}>
        <Rule id={`${id}-rule-length`} met={long} text={t('password.ruleLength', { n: NEW_PASSWORD_MIN })} testId={`${testId}-rule-length`} />
        <Rule id={`${id}-rule-same`} met={same} text={t('password.ruleSame')} testId={`${testId}-rule-same`} />
      </ul>
      <button
        type="button"
        className="secondary show-password"
        aria-controls={fields.map((field) => `${id}-${field.key}`).join(' ')}
        onClick={() => setShown(!shown)}
        data-testid={`${testId}-show`}
      >
        {shown ? t('password.hide') : t('password.show')}
      </button>
      <p className="visually-hidden" role="status">
        {shown === null ? '' : shown ? t('password.shown') : t('password.hidden')}
      </p>
    </div>
  );
}

function Rule({ id, met, text, testId }: { id: string; met: boolean; text: string; testId: string }) {
  const { t } = useConsoleT();
  return (
    <li id={id} data-met={met} data-testid={testId}>
      <span className="rule-mark" aria-hidden="true">
        {met ? '✓' : '•'}
      </span>{' '}
      {text}
      {met && <span className="visually-hidden"> ({t('password.met')})</span>}
    </li>
  );
}
