/**
 * The lesson-signing content key shared by every hub instance on one PostgreSQL database: one row of
 * `content_key`, made by the first instance that needs it, under a transaction-level advisory lock so
 * that instances starting together make one key, not one each.
 */
import type { PgContext } from './db.ts';

/** Any 64-bit number, the same on every instance. */
const CONTENT_KEY_LOCK = 0x7061_7373_6b65_79n; // "passkey"

/**
 * The shared key's private PEM. When there is none yet, `make()` gives the one to store (this
 * instance's own older key, which its shells already pinned, or a new one) and it is stored.
 */
export async function sharedContentKeyPem(context: PgContext, make: () => string): Promise<{ pem: string; created: boolean }> {
  return context.tx(async (sql) => {
    await sql.run('SELECT pg_advisory_xact_lock($1)', [CONTENT_KEY_LOCK.toString()]);
    const row = await sql.one<{ private_pem: string }>('SELECT private_pem FROM content_key WHERE id = 1');
    if (row) return { pem: row.private_pem, created: false };
    const pem = make();
    await sql.run('INSERT INTO content_key (id, private_pem, created_at) VALUES (1, $1, $2)', [pem, context.iso()]);
    return { pem, created: true };
  });
}
