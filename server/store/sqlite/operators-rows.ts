/** The operators area's rows, shared by the SQLite and PostgreSQL stores (same columns, same mapping). */
import type { Operator } from '../operators.ts';

export type OperatorRow = { id: string; email: string; first_name: string; password_hash: string; created_at: string };
export const toOperator = (r: OperatorRow): Operator => ({ id: r.id, email: r.email, firstName: r.first_name, createdAt: r.created_at });

/** Each association with its number of machines and accounts (counts as numbers in both stores). */
export const ASSOCIATION_SUMMARY_SELECT = `
  SELECT a.id, a.name, a.created_at AS "createdAt",
         (SELECT COUNT(*) FROM machines m WHERE m.association_id = a.id) AS machines,
         (SELECT COUNT(*) FROM accounts c WHERE c.association_id = a.id) AS accounts
  FROM associations a`;
