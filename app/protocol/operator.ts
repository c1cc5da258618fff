/**
 * The operator's API (a hub serving several associations): the person who runs the hub creates
 * associations and their first admin, and sees the associations' names and sizes — never their
 * people, machines, requests or reports. Plain zod, shared by the hub and its tests.
 */
import { z } from 'zod';
import { FirstName } from './hub.ts';

export const OPERATOR_PREFIX = '/api/v1/operator';

export const OperatorLogin = z.object({ email: z.email().max(200), password: z.string().min(1).max(200) }).strict();

export const OperatorMe = z.object({ id: z.string(), email: z.string(), firstName: z.string(), csrfToken: z.string() });
export type OperatorMe = z.infer<typeof OperatorMe>;

/** What the operator sees of an association: its name and how big it is. */
export const AssociationSummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  machines: z.number().int(),
  accounts: z.number().int(),
});
export type AssociationSummary = z.infer<typeof AssociationSummary>;

export const AssociationName = z.string().trim().min(2).max(120);

export const AssociationCreate = z.object({ name: AssociationName, adminEmail: z.email().max(200), adminFirstName: FirstName }).strict();
export type AssociationCreate = z.infer<typeof AssociationCreate>;

/** The new association and its first admin, with the one-time password the operator passes on. */
export const AssociationCreated = z.object({
  association: AssociationSummary,
  admin: z.object({ email: z.string(), firstName: z.string() }),
  temporaryPassword: z.string(),
});
export type AssociationCreated = z.infer<typeof AssociationCreated>;
