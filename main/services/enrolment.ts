/**
 * Enrolment: a one-time code typed on the enrolment screen (or given by `npm start`) is exchanged
 * with the hub for this machine's token, stored with its asset tag, mode and cohort.
 */
import type { BridgeOutput, EnrolFailure } from '../../app/bridge/contract.ts';
import { EnrolmentCode, type EnrolResponse } from '../../app/protocol/hub.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';
import { HubError, type HubClient } from '../sync/hub-client.ts';

/** The hub's refusal codes (server/routes/machine.ts) as the enrolment screen's reasons. */
export function enrolFailureOf(error: unknown): EnrolFailure {
  if (!(error instanceof HubError)) return 'unreachable';
  switch (error.code) {
    case 'enrolment_code_used':
      return 'used';
    case 'enrolment_code_expired':
      return 'expired';
    case 'enrolment_code_unknown':
      return 'unknown';
    case 'invalid_input':
      return 'bad_format';
    default:
      return error.status === 0 || error.status === 429 || error.status >= 500 ? 'unreachable' : 'refused';
  }
}

export function createEnrolment(deps: { db: ShellDb; client: HubClient; appVersion: string; onEnrolled(answer: EnrolResponse): void }) {
  const { db } = deps;
  const isEnrolled = () => getSetting(db, 'machineToken') !== null;

  async function enrol(code: string): Promise<{ assetTag: string }> {
    const answer = await deps.client.enrol(code, deps.appVersion);
    db.transaction(() => {
      setSetting(db, 'machineToken', answer.token);
      setSetting(db, 'machineId', answer.machineId);
      setSetting(db, 'assetTag', answer.assetTag);
      setSetting(db, 'mode', answer.mode);
      setSetting(db, 'cohort', answer.cohort);
    })();
    deps.onEnrolled(answer);
    return { assetTag: answer.assetTag };
  }

  /** The enrolment screen's call: never throws, says why in a word the screen turns into picture + voice. */
  async function fromScreen(code: string): Promise<BridgeOutput<'enrol'>> {
    if (isEnrolled()) return { ok: false, reason: 'already_enrolled' };
    const parsed = EnrolmentCode.safeParse(code);
    if (!parsed.success) return { ok: false, reason: 'bad_format' };
    try {
      return { ok: true, assetTag: (await enrol(parsed.data)).assetTag };
    } catch (error) {
      return { ok: false, reason: enrolFailureOf(error) };
    }
  }

  return { isEnrolled, enrol, fromScreen };
}
