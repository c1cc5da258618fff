/**
 * The wire protocol between the shell, the hub and the console. Every payload that crosses
 * the network is parsed with one of these schemas at the edge.
 */
import { z } from 'zod';
import { IsoDateTime, Language, Uuid } from './common.ts';
import { HelpAction, HelpState } from '../help/states.ts';

export const API_PREFIX = '/api/v1';

// ---- Enrolment -------------------------------------------------------------------------
/** Enrolment codes are short, typed by a technician: 8 characters from an unambiguous alphabet. */
export const ENROLMENT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const EnrolmentCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/, 'an enrolment code is 8 letters or digits'));

export const EnrolRequest = z.object({
  code: EnrolmentCode,
  appVersion: z.string().max(40).optional(),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const MachineMode = z.enum(['home', 'kiosk']);
export type MachineMode = z.infer<typeof MachineMode>;

export const EnrolResponse = z.object({
  machineId: Uuid,
  assetTag: z.string(),
  token: z.string().min(32),
  mode: MachineMode,
  cohort: z.string(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

// ---- Help requests ---------------------------------------------------------------------
/** What the person agreed to send along with a help request. */
export const HelpContext = z.object({
  screen: z.string().min(1).max(40),
  lessonId: z.string().max(80).optional(),
  stepIndex: z.number().int().min(0).max(1000).optional(),
  stuckSeconds: z.number().int().min(0).max(86_400).optional(),
  hintLevel: z.number().int().min(0).max(10).optional(),
  language: Language.optional(),
  appVersion: z.string().max(40).optional(),
});
export type HelpContext = z.infer<typeof HelpContext>;

export const HelpRequestSubmit = z
  .object({
    id: Uuid,
    createdAt: IsoDateTime,
    context: HelpContext,
  })
  .strict();
export type HelpRequestSubmit = z.infer<typeof HelpRequestSubmit>;

/** A helper as the shell may see them: first name only. */
export const HelperPublic = z.object({ firstName: z.string() });

/** The status of one request, as the hub tells the machine that sent it. */
export const HelpStatus = z.object({
  id: Uuid,
  state: HelpState,
  helper: HelperPublic.nullable(),
  updatedAt: IsoDateTime,
});
export type HelpStatus = z.infer<typeof HelpStatus>;

export const HelpCancel = z.object({ id: Uuid }).strict();

/** A help request as the console shows it. */
export const HelpRequestView = z.object({
  id: Uuid,
  machineId: Uuid,
  assetTag: z.string(),
  state: HelpState,
  createdAt: IsoDateTime,
  receivedAt: IsoDateTime,
  updatedAt: IsoDateTime,
  context: HelpContext,
  claimedBy: z.object({ id: z.string(), firstName: z.string() }).nullable(),
});
export type HelpRequestView = z.infer<typeof HelpRequestView>;

export const HelpActionRequest = z.object({ action: HelpAction }).strict();

// ---- Live feeds ------------------------------------------------------------------------
/** Pushed to every console on the association's feed. */
export const ConsoleEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), queue: z.array(HelpRequestView) }),
  z.object({ type: z.literal('help.upsert'), request: HelpRequestView }),
]);
export type ConsoleEvent = z.infer<typeof ConsoleEvent>;

/** Pushed to one machine on its own feed. */
export const MachineEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), open: z.array(HelpStatus) }),
  z.object({ type: z.literal('help.status'), status: HelpStatus }),
]);
export type MachineEvent = z.infer<typeof MachineEvent>;

// ---- Console accounts -------------------------------------------------------------------
export const Role = z.enum(['accompagnant', 'staff', 'admin']);
export type Role = z.infer<typeof Role>;

export const LoginRequest = z
  .object({ email: z.email().max(200), password: z.string().min(1).max(200) })
  .strict();
export const Me = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  role: Role,
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;
