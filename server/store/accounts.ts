/**
 * The accounts area of the hub's store: associations and their settings, console accounts, console
 * sessions. Every list or change a console user asks for names the association it is scoped to.
 */
import type { AssociationSettings, Role } from '../../app/protocol/hub.ts';

export interface Association {
  id: string;
  name: string;
  createdAt: string;
}

export interface Account {
  id: string;
  associationId: string;
  email: string;
  firstName: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
  onDuty: boolean;
  hasPhoto: boolean;
}

export interface Session {
  accountId: string;
  csrfToken: string;
  expiresAt: string;
  /** Opened with a one-time password: it may only choose a new password (and sign out). */
  passwordChangeOnly: boolean;
}

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
}

export interface NewAccount {
  associationId: string;
  email: string;
  firstName: string;
  role: Role;
  password: string;
  /** A password the hub made up and showed once: the first sign-in with it must choose another. */
  oneTime?: boolean;
}

/** A successful sign-in: the account, and whether it used (and so burnt) a one-time password. */
export interface SignIn {
  account: Account;
  oneTime: boolean;
}

export interface AccountPatch {
  firstName?: string | undefined;
  role?: Role | undefined;
  disabled?: boolean | undefined;
}

export interface AccountsStore {
  // ---- associations and their settings
  /** The first association created (a hub serving one association has only this one). */
  defaultAssociation(): Promise<Association | null>;
  createAssociation(name: string): Promise<Association>;
  getSettings(associationId: string): Promise<AssociationSettings | null>;
  updateSettings(associationId: string, patch: Partial<AssociationSettings>): Promise<AssociationSettings | null>;

  // ---- accounts (emails are unique across the hub: one login form for everyone)
  createAccount(input: NewAccount): Promise<Account>;
  findAccountByEmail(email: string): Promise<Account | null>;
  /** By id, whatever the association: for a session's own account. */
  getAccount(id: string): Promise<Account | null>;
  listAccounts(associationId: string): Promise<Account[]>;
  /** Null when the account does not exist in this association. Disabling ends its sessions and takes it off duty. */
  updateAccount(associationId: string, id: string, patch: AccountPatch): Promise<Account | null>;
  /** The account when the password matches and the account is not disabled, else null (constant work either way). */
  verifyPassword(email: string, password: string): Promise<Account | null>;
  /**
   * Like verifyPassword, and a one-time password is burnt at once, atomically: of two sign-ins with
   * the same one-time password, one succeeds.
   */
  signIn(email: string, password: string): Promise<SignIn | null>;
  /** Sets a new password (`oneTime`: made up by the hub, to be changed at first sign-in); with `endSessions`, every session ends. */
  setPassword(id: string, password: string, opts: { endSessions: boolean; oneTime: boolean }): Promise<boolean>;
  setPhoto(id: string, photo: string | null): Promise<boolean>;
  getPhoto(id: string): Promise<string | null>;
  setOnDuty(id: string, onDuty: boolean): Promise<boolean>;

  // ---- console sessions (only a hash of the session id is stored)
  createSession(accountId: string, ttlMinutes: number, opts?: { passwordChangeOnly?: boolean }): Promise<NewSession>;
  /** The session when it exists and has not expired. */
  getSession(sessionId: string): Promise<Session | null>;
  deleteSession(sessionId: string): Promise<void>;
  deleteSessionsOf(accountId: string): Promise<void>;
  /** Deletes expired sessions; returns how many. */
  purgeExpiredSessions(): Promise<number>;
}
