import type { Verdict } from '../../../../app/health/verdict.ts';
import { useConsoleT } from '../t.ts';

/** A verdict as a badge: a word and a symbol, never colour alone. */
export function VerdictBadge({ verdict, prefix }: { verdict: Verdict | null; prefix?: string }) {
  const { t } = useConsoleT();
  const key = verdict ?? 'none';
  const symbol = { ok: '✓', watch: '!', replace: '✕', unknown: '?', none: '–' }[key];
  return (
    <span className={`verdict verdict-${key}`} data-verdict={key}>
      <span aria-hidden="true">{symbol}</span> {prefix ? `${prefix} : ` : ''}
      {t(`dashboards.verdict.${key}`)}
    </span>
  );
}
