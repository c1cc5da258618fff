/**
 * A reason is what a health rule says about one part: a stable code, the verdict it leads to,
 * its parameters, and an English sentence for people who read the raw JSON. The console
 * translates from `code` + `params` (see `reasonText`), never from `text`.
 */
import { z } from 'zod';
import { REASON_CODES, type ReasonCode, type ReasonMessages, type ReasonParams } from './reason-codes.ts';
import { reasonsEn } from './reasons.en.ts';
import { reasonsFr } from './reasons.fr.ts';
import { Verdict, worstVerdict } from './verdict.ts';

export const ReasonCodeSchema = z.enum(REASON_CODES);

export const Reason = z.object({
  code: ReasonCodeSchema,
  verdict: Verdict,
  params: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.null()])),
  /** English sentence; informative only. */
  text: z.string().max(400),
  /** Which part the reason is about ('disk /dev/sda', 'battery BAT0', '/home'); set in the report-wide list. */
  subject: z.string().max(120).optional(),
});
export type Reason = z.infer<typeof Reason>;

export type ReasonLanguage = 'en' | 'fr';
const MESSAGES: Record<ReasonLanguage, ReasonMessages> = { en: reasonsEn, fr: reasonsFr };

/** Builds a reason; the parameters are checked against the code at compile time. */
export function makeReason<C extends ReasonCode>(code: C, verdict: Verdict, params: ReasonParams[C]): Reason {
  const render = reasonsEn[code] as (p: ReasonParams[C]) => string;
  return { code, verdict, params: { ...params }, text: render(params) };
}

/** The sentence for a reason in a language, from its code and parameters. */
export function reasonText(reason: Pick<Reason, 'code' | 'params'>, language: ReasonLanguage): string {
  const render = MESSAGES[language][reason.code] as (p: Reason['params']) => string;
  return render(reason.params);
}

/** The result of every rule: a verdict and the reasons behind it. */
export interface Assessment {
  verdict: Verdict;
  reasons: Reason[];
}

/** A part's verdict is the worst of its reasons' verdicts; no reason means `ok`. */
export function assess(reasons: Reason[]): Assessment {
  return { verdict: worstVerdict(reasons.map((r) => r.verdict)), reasons };
}
