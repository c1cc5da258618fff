/**
 * The operators area of the hub's store: the people who run a hub serving several associations.
 * An operator is not a member of any association: they create associations with their first admin
 * and see each association's name and size, nothing else (no people, machines, requests, reports).
 * Operators sign in on their own route with their own session (not a console session).
 */
import type { AssociationSummary } from '../../app/protocol/operator.ts';
import type { Account, Association, NewSession } from './accounts.ts';

export interface Operator {
  id: string;
  email: string;
  firstName: string;
  createdAt: string;
}

export interface OperatorSession {
  operatorId: string;
  csrfToken: string;
  expiresAt: string;
}

export type NewAssociationResult =
  | { ok: true; association: Association; admin: Account }
  /** The admin's email is already an account's (emails are unique across the hub's accounts). */
  | { ok: false; reason: 'email_taken' };

export interface OperatorsStore {
  /** A new operator, or a new password for an existing one (the CLI's `operator EMAIL`). */
  upsertOperator(input: { email: string; firstName: string; password: string }): Promise<{ operator: Operator; created: boolean }>;
  /** The operator when the password matches, else null (constant work either way). */
  verifyOperatorPassword(email: string, password: string): Promise<Operator | null>;
  getOperator(id: string): Promise<Operator | null>;
  createOperatorSession(operatorId: string, ttlMinutes: number): Promise<NewSession>;
  getOperatorSession(sessionId: string): Promise<OperatorSession | null>;
  deleteOperatorSession(sessionId: string): Promise<void>;
  /** Every association with its size. */
  listAssociations(): Promise<AssociationSummary[]>;
  /** The association and its first admin, in one transaction. */
  createAssociationWithAdmin(input: { name: string; adminEmail: string; adminFirstName: string; password: string }): Promise<NewAssociationResult>;
}
