/** Hub refusal codes the console explains in its own words (fr/en); anything else is "unknown". */
import { ApiFailure } from './api.ts';
import type { ConsoleKey } from './t.ts';

const KNOWN = [
  'network',
  'csrf',
  'unauthenticated',
  'forbidden',
  'not_found',
  'invalid_input',
  'not_allowed',
  'not_holder',
  'bad_target',
  'email_taken',
  'asset_tag_taken',
  'machine_on_loan',
  'machine_retired',
  'beneficiary_has_loan',
  'already_ended',
  'self',
  'disabled',
  'wrong_password',
  'own_recording',
  'silent_recording',
  'too_long',
  'already_decided',
  'unsupported_media_type',
  'pack_refused',
  'password_change_required',
] as const;

const isKnown = (code: string): code is (typeof KNOWN)[number] => (KNOWN as readonly string[]).includes(code);

export function errorKey(err: unknown): ConsoleKey {
  const code = err instanceof ApiFailure ? err.code : 'unknown';
  return isKnown(code) ? `errors.${code}` : 'errors.unknown';
}
