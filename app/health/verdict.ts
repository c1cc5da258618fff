/**
 * Verdicts of the hardware-health rules. Pure TypeScript: shared by the shell's probe and the hub.
 */
import { z } from 'zod';

/**
 * - `ok`: nothing to do.
 * - `watch`: a warning sign; look at the machine at its next visit, keep an eye on the trend.
 * - `replace`: replace the part (disk, battery) before it fails in the beneficiary's hands.
 * - `unknown`: the probe could not read enough to judge.
 */
export const Verdict = z.enum(['ok', 'watch', 'replace', 'unknown']);
export type Verdict = z.infer<typeof Verdict>;

/**
 * Severity order used to combine verdicts: ok < unknown < watch < replace.
 * `unknown` outranks `ok` so that a machine we cannot judge is not shown as healthy,
 * but never hides a real warning.
 */
const RANK: Record<Verdict, number> = { ok: 0, unknown: 1, watch: 2, replace: 3 };

export function verdictRank(v: Verdict): number {
  return RANK[v];
}

/** The worst of several verdicts; `ok` for none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'ok';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}
