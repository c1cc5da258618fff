/**
 * `npm run hub -- reset-password EMAIL`: a new one-time password for an account, written straight into
 * the hub's store (SQLite in the data folder, or PostgreSQL with --store) — for the admin who is
 * locked out and has no other admin to ask. It works whether the hub is running or not; a running hub
 * notices the ended sessions at its feeds' next re-check.
 */
import { randomBytes } from 'node:crypto';
import { openHubStore, type OpenStoreOptions } from './store/open.ts';

export type ResetResult = { ok: true; email: string; oneTimePassword: string; disabled: boolean } | { ok: false };

export async function resetPassword(target: OpenStoreOptions, email: string): Promise<ResetResult> {
  const store = await openHubStore(target);
  try {
    const account = await store.accounts.findAccountByEmail(email);
    if (!account) return { ok: false };
    const oneTimePassword = randomBytes(12).toString('base64url');
    await store.accounts.setPassword(account.id, oneTimePassword, { endSessions: true, oneTime: true });
    return { ok: true, email: account.email, oneTimePassword, disabled: account.disabled };
  } finally {
    await store.close();
  }
}
