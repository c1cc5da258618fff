/** Console accounts, for admins: list, create (with a one-time password), change role or disable, reset a password. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Uuid } from '../../app/protocol/common.ts';
import { AccountCreate, AccountUpdate, API_PREFIX, type AccountView } from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { Account } from '../store/index.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

export function toAccountView(a: Account): AccountView {
  return { id: a.id, email: a.email, firstName: a.firstName, role: a.role, disabled: a.disabled, hasPhoto: a.hasPhoto, createdAt: a.createdAt };
}

/** 12 characters of base64url (72 bits): typed once by the new helper, who then chooses their own. */
function temporaryPassword(): string {
  return randomBytes(9).toString('base64url');
}

export function registerAccountRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { bus, guards, presence } = deps;
  const accounts = deps.store.accounts;
  const admin = guards.read('admin');
  const adminWrite = guards.write('admin');

  async function accountInMyAssociation(req: { params: { id: string } }, associationId: string): Promise<Account> {
    const id = parseOr400(Uuid, req.params.id, 'account id in the path');
    const account = await accounts.getAccount(id);
    if (!account || account.associationId !== associationId) throw new HttpError(404, 'not_found', "Ce compte n'existe pas.");
    return account;
  }

  app.get(`${API_PREFIX}/console/accounts`, { onRequest: admin }, async (req) =>
    (await accounts.listAccounts(authOf(req).account.associationId)).map(toAccountView),
  );

  app.post(`${API_PREFIX}/console/accounts`, { onRequest: adminWrite }, async (req, reply) => {
    const me = authOf(req).account;
    const body = parseOr400(AccountCreate, req.body);
    if (await accounts.findAccountByEmail(body.email)) {
      throw new HttpError(409, 'email_taken', `Un compte existe déjà pour ${body.email.trim().toLowerCase()}.`);
    }
    const password = temporaryPassword();
    const account = await accounts.createAccount({ associationId: me.associationId, email: body.email, firstName: body.firstName, role: body.role, password, oneTime: true });
    return reply.code(201).send({ account: toAccountView(account), temporaryPassword: password });
  });

  app.patch<{ Params: { id: string } }>(`${API_PREFIX}/console/accounts/:id`, { onRequest: adminWrite }, async (req) => {
    const me = authOf(req).account;
    const target = await accountInMyAssociation(req, me.associationId);
    const patch = parseOr400(AccountUpdate, req.body);
    // An admin cannot lock themselves out: the association would be left without anyone to fix it.
    if (target.id === me.id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))) {
      throw new HttpError(409, 'self', 'Vous ne pouvez pas désactiver votre propre compte ni retirer votre rôle admin.');
    }
    const updated = await accounts.updateAccount(me.associationId, target.id, patch);
    if (!updated) throw new HttpError(404, 'not_found', "Ce compte n'existe pas.");
    presence.update(updated);
    if (updated.disabled && !target.disabled) bus.publish('access.revoked', { kind: 'account', accountId: updated.id, reason: 'account_disabled' });
    return toAccountView(updated);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/accounts/:id/password-reset`, { onRequest: adminWrite }, async (req) => {
    const me = authOf(req).account;
    const target = await accountInMyAssociation(req, me.associationId);
    if (target.disabled) throw new HttpError(409, 'disabled', 'Ce compte est désactivé : réactivez-le avant de changer son mot de passe.');
    const password = temporaryPassword();
    // The old password and every open session stop working at once.
    await accounts.setPassword(target.id, password, { endSessions: true, oneTime: true });
    bus.publish('access.revoked', { kind: 'account', accountId: target.id, reason: 'password_reset' });
    return { account: toAccountView(target), temporaryPassword: password };
  });
}
