/**
 * The wire protocol between the shell, the hub and the console. Every payload that crosses
 * the network is parsed with one of these schemas at the edge.
 */
import { z } from 'zod';
import { IsoDateTime, Language, Uuid } from './common.ts';
import { HelpAction, HelpState } from '../help/states.ts';
import { HelpOutcome } from '../help/outcome.ts';
import { MachinePerson } from './person.ts';
import { MachineTiles } from '../tiles/model.ts';

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

// ---- Kiosk (issue 6) ---------------------------------------------------------------------
/** An animateur PIN as staff type it in the console: not a password, 4 to 8 digits. */
export const StaffPin = z.string().regex(/^[0-9]{4,8}$/, 'an animateur PIN is 4 to 8 digits');
/** The PIN as the hub stores it and sends it to the machine: `scrypt$N$r$p$salt$key`, never the PIN. */
export const StaffPinHash = z
  .string()
  .max(200)
  .regex(/^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/, 'a scrypt hash');
/** What a machine needs from the loan register to run as a kiosk, on its feed. */
export const MachineKiosk = z.object({ mode: MachineMode, staffPinHash: StaffPinHash.nullable() });
export type MachineKiosk = z.infer<typeof MachineKiosk>;

/**
 * A telephone number as people write it: digits with optional spaces, dots or dashes, and a leading +.
 * Stored as typed so it is shown (and spoken) the way the association writes it.
 */
export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9](?:[0-9 .-]{2,22})[0-9]$/, 'a phone number is 4 to 24 digits, spaces, dots or dashes, optionally starting with +');
export type PhoneNumber = z.infer<typeof PhoneNumber>;

export const EnrolResponse = z.object({
  machineId: Uuid,
  assetTag: z.string(),
  token: z.string().min(32),
  mode: MachineMode,
  cohort: z.string(),
  /** The association's phone number, shown in huge digits when no helper can answer. */
  helpPhone: z.string().nullable().optional(),
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

/** A profile photo: a small JPEG, PNG or WebP data: URL (the console resizes it before upload). */
export const PHOTO_MAX_CHARS = 48_000;
export const PhotoDataUrl = z
  .string()
  .max(PHOTO_MAX_CHARS, `a photo is at most ${PHOTO_MAX_CHARS} characters as a data: URL (about 35 KB)`)
  .regex(/^data:image\/(?:jpeg|png|webp);base64,[A-Za-z0-9+/]+=*$/, 'a photo is a data:image/jpeg, png or webp base64 URL');

/** A helper as the shell may see them: first name, and their photo when they set one. */
export const HelperPublic = z.object({ firstName: z.string(), photo: PhotoDataUrl.nullable().optional() });

/** The status of one request, as the hub tells the machine that sent it. */
export const HelpStatus = z.object({
  id: Uuid,
  state: HelpState,
  helper: HelperPublic.nullable(),
  updatedAt: IsoDateTime,
  /** When the person first answered a live call on this request (app/help/call.ts), or null. */
  calledAt: IsoDateTime.nullable().default(null),
});
export type HelpStatus = z.infer<typeof HelpStatus>;

export const HelpCancel = z.object({ id: Uuid }).strict();

// ---- Voice messages --------------------------------------------------------------------
export { VOICE_MAX_SECONDS } from '../help/voice-limits.ts';
/** 60 s of Opus at 16 kbit/s is about 120 KB; the cap leaves room for a higher bitrate. */
export const VOICE_MAX_BYTES = 256 * 1024;
export const VoiceMimeType = z.enum(['audio/webm', 'audio/ogg']);
export type VoiceMimeType = z.infer<typeof VoiceMimeType>;
export const VoiceInfo = z.object({ mimeType: VoiceMimeType, durationMs: z.number().int().min(0), sizeBytes: z.number().int().min(1) });
export type VoiceInfo = z.infer<typeof VoiceInfo>;

// ---- A photo or document the person sends with a request (issue 13: "Photos et documents") ----
export const HelpFileMimeType = z.enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);
export type HelpFileMimeType = z.infer<typeof HelpFileMimeType>;
/** A photo from a phone or camera, or a scanned letter, fits; a whole album does not. Help is never dropped from the outbox, so its size is capped. */
export const HELP_FILE_MAX_BYTES = 8 * 1024 * 1024;
/**
 * One open request per machine, so a person's second and third photos go with the same request (the
 * letter and its back, a screen and the message under it); a fourth is refused: the helper calls back
 * before more pile up, and the card stays readable.
 */
export const HELP_FILES_PER_REQUEST = 3;
/** The file's name as the person sees it (no folder): what the helper reads on the card. */
export const HelpFileName = z
  .string()
  .min(1, 'a file name is 1 to 120 characters')
  .max(120, 'a file name is 1 to 120 characters')
  .refine((s) => !/[\p{Cc}/\\]/u.test(s), 'a file name has no folder separators and no control characters');
export const HelpFileInfo = z.object({ n: z.number().int().min(1), name: z.string(), mimeType: HelpFileMimeType, sizeBytes: z.number().int().min(1) });
export type HelpFileInfo = z.infer<typeof HelpFileInfo>;

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
  /** Set once the request waited unclaimed longer than the association's escalation delay. */
  escalatedAt: IsoDateTime.nullable(),
  voice: VoiceInfo.nullable(),
  /** The photos or documents the person sent with it (at most HELP_FILES_PER_REQUEST), in order of arrival. */
  files: z.array(HelpFileInfo).default([]),
  /** Who had the machine on loan when the request arrived (from the loan register), if anyone. */
  beneficiary: z.object({ id: z.string(), firstName: z.string(), phone: z.string(), language: Language.optional() }).nullable(),
  noteCount: z.number().int().min(0),
  /** The machine's mode (a home loan or a shared kiosk): the queue filters on it. */
  machineMode: MachineMode.default('home'),
  /** How it ended (app/help/outcome.ts) and when, once resolved; null while open. */
  resolution: z.object({ outcome: HelpOutcome.nullable(), at: IsoDateTime }).nullable().default(null),
  /** When the person first answered a live call on this request (app/help/call.ts), or null. */
  calledAt: IsoDateTime.nullable().default(null),
});
export type HelpRequestView = z.infer<typeof HelpRequestView>;

export const HelpActionRequest = z
  .object({ action: HelpAction, toAccountId: Uuid.optional(), outcome: HelpOutcome.optional() })
  .strict()
  .refine((b) => (b.action === 'handover') === (b.toAccountId !== undefined), {
    message: 'toAccountId is required for handover, and only for handover',
    path: ['toAccountId'],
  })
  .refine((b) => b.outcome === undefined || b.action === 'resolve', {
    message: `outcome (${HelpOutcome.options.join(', ')}) goes only with resolve`,
    path: ['outcome'],
  });

export const HelpNoteRequest = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

/** One line of a request's journal: who did what, when. */
export const HelpJournalEntry = z.object({
  at: IsoDateTime,
  actor: z.object({ kind: z.enum(['machine', 'account', 'system']), name: z.string() }),
  action: z.string(),
  fromState: HelpState.nullable(),
  toState: HelpState,
  detail: z.string().nullable(),
});
export type HelpJournalEntry = z.infer<typeof HelpJournalEntry>;

export const HelpRequestDetail = z.object({ request: HelpRequestView, journal: z.array(HelpJournalEntry) });
export type HelpRequestDetail = z.infer<typeof HelpRequestDetail>;

// ---- Presence and the help service -------------------------------------------------------
export const PresenceEntry = z.object({ id: z.string(), firstName: z.string(), since: IsoDateTime });
export type PresenceEntry = z.infer<typeof PresenceEntry>;
export const DutyRequest = z.object({ onDuty: z.boolean() }).strict();

/** What a machine needs to know to reassure the person: can someone answer, and the phone number. */
export const HelpAvailability = z.object({ helpPhone: z.string().nullable(), helpersOnDuty: z.number().int().min(0) });
export type HelpAvailability = z.infer<typeof HelpAvailability>;

// ---- Live feeds ------------------------------------------------------------------------
/**
 * The close code of a feed the hub ends because what opened it stopped being valid (a private code,
 * RFC 6455 §7.4.2). The reason says why; reconnecting with the same session or token is refused.
 */
export const FEED_REVOKED = 4401;
export const FeedRevocation = z.enum([
  'logged_out',
  'session_expired',
  'account_disabled',
  'password_changed',
  'password_reset',
  'token_replaced',
  'machine_retired',
]);
export type FeedRevocation = z.infer<typeof FeedRevocation>;

/** Pushed to every console on the association's feed. */
export const ConsoleEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), queue: z.array(HelpRequestView), onDuty: z.array(PresenceEntry).optional() }),
  z.object({ type: z.literal('help.upsert'), request: HelpRequestView }),
  z.object({ type: z.literal('presence'), onDuty: z.array(PresenceEntry) }),
  /** A person's path, progress or follow-up changed (issue 12): an open person page reloads. */
  z.object({ type: z.literal('person.changed'), personId: z.string() }),
]);
export type ConsoleEvent = z.infer<typeof ConsoleEvent>;

/** Pushed to one machine on its own feed. */
export const MachineEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    open: z.array(HelpStatus),
    service: HelpAvailability.optional(),
    kiosk: MachineKiosk.optional(),
    /** The home loan's beneficiary (issue 12): language, path, consent; null when the machine is not on loan. */
    person: MachinePerson.nullable().optional(),
    /** The home screen's tiles (issue 13): the person's, the place's, the association's or the built-in set. */
    tiles: MachineTiles.optional(),
  }),
  z.object({ type: z.literal('help.status'), status: HelpStatus }),
  z.object({ type: z.literal('service'), service: HelpAvailability }),
  /** Staff changed the machine's mode or animateur PIN in the loan register. */
  z.object({ type: z.literal('kiosk'), kiosk: MachineKiosk }),
  /** The association's lesson packs changed: fetch the lesson index now (issue 15). */
  z.object({ type: z.literal('lessons') }),
  /** The loan, the beneficiary's language, path or consent changed (issue 12). */
  z.object({ type: z.literal('person'), person: MachinePerson.nullable() }),
  /** The machine's tiles changed: chosen for its person or place, or the association's defaults (issue 13). */
  z.object({ type: z.literal('tiles'), tiles: MachineTiles }),
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
  onDuty: z.boolean().optional(),
  photo: z.string().nullable().optional(),
  /** Signed in with a one-time password: the console shows only "choose your password". */
  mustChangePassword: z.boolean().optional(),
});
export type Me = z.infer<typeof Me>;

/** Each role includes the rights of the ones before it. */
export const ROLE_RANK: Record<Role, number> = { accompagnant: 1, staff: 2, admin: 3 };
export function hasRole(role: Role, atLeast: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[atLeast];
}

export const FirstName = z.string().trim().min(1).max(60);
export const NEW_PASSWORD_MIN = 10;

export const AccountView = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  role: Role,
  disabled: z.boolean(),
  hasPhoto: z.boolean(),
  createdAt: IsoDateTime,
});
export type AccountView = z.infer<typeof AccountView>;

export const AccountCreate = z.object({ email: z.email().max(200), firstName: FirstName, role: Role }).strict();
export const AccountUpdate = z
  .object({ firstName: FirstName.optional(), role: Role.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one of firstName, role, disabled');
/** The hub mints temporary passwords: shown once to the admin, who passes them on. */
export const TemporaryPassword = z.object({ account: AccountView, temporaryPassword: z.string() });

/** `currentPassword` is required except right after a sign-in with a one-time password (already typed, and burnt). */
export const PasswordChange = z
  .object({ currentPassword: z.string().min(1).max(200).optional(), newPassword: z.string().min(NEW_PASSWORD_MIN).max(200) })
  .strict();
export const PhotoChange = z.object({ photo: PhotoDataUrl.nullable() }).strict();
/** The first-run admin's name until they give theirs (the console asks them to). */
export const FIRST_RUN_ADMIN_NAME = 'Admin';
/** A helper's own first name: what the people they help see and hear ("Marie vous appelle"). */
export const FirstNameChange = z.object({ firstName: FirstName }).strict();

// ---- Association settings ------------------------------------------------------------------
export const AssociationSettings = z.object({
  name: z.string().trim().min(1).max(120),
  helpPhone: PhoneNumber.nullable(),
  /** Minutes an unclaimed request may wait before it is shown as escalated. */
  escalationMinutes: z.number().int().min(1).max(24 * 60),
  /** Days a resolved or cancelled request is kept before its personal data is purged. */
  retentionDays: z.number().int().min(1).max(3650),
});
export type AssociationSettings = z.infer<typeof AssociationSettings>;
export const AssociationSettingsUpdate = AssociationSettings.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one setting');

// ---- Loan register ---------------------------------------------------------------------
export const AssetTag = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'an asset tag is 2 to 40 letters, digits or dashes'));
/** "home", a home-loan cohort, or a kiosk site's name. */
export const Cohort = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._'-]{0,59}$/u, 'a cohort or site is 1 to 60 letters, digits, spaces, dots, dashes or apostrophes');

export const MachineView = z.object({
  id: z.string(),
  assetTag: z.string(),
  mode: MachineMode,
  cohort: z.string(),
  enrolled: z.boolean(),
  lastSeen: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  /** An unused enrolment code is waiting (its value is never shown again). */
  enrolmentExpiresAt: IsoDateTime.nullable(),
  loan: z.object({ id: z.string(), beneficiaryId: z.string(), firstName: z.string(), since: IsoDateTime }).nullable(),
  /** An animateur PIN is set for this kiosk (its value is never shown). */
  staffPinSet: z.boolean(),
  /** Staff retired the machine: its token is refused everywhere until it is enrolled again. */
  retiredAt: IsoDateTime.nullable(),
});
export type MachineView = z.infer<typeof MachineView>;
export const MachineCreate = z.object({ assetTag: AssetTag, mode: MachineMode, cohort: Cohort }).strict();
export const MachineUpdate = z
  .object({
    mode: MachineMode.optional(),
    cohort: Cohort.optional(),
    /** The kiosk's animateur PIN (issue 6); null removes it. Stored hashed, never shown again. */
    staffPin: StaffPin.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one of mode, cohort, staffPin');
export const EnrolmentCodeView = z.object({
  code: z.string(),
  expiresAt: IsoDateTime,
  /** The machine's current token stays valid until this code is used (to cut it now, retire the machine). */
  previousTokenActive: z.boolean(),
});
export type EnrolmentCodeView = z.infer<typeof EnrolmentCodeView>;
export const MachineCreated = z.object({ machine: MachineView, enrolment: EnrolmentCodeView });

export const BeneficiaryView = z.object({
  id: z.string(),
  firstName: z.string(),
  phone: z.string(),
  language: Language,
  helper: z.object({ id: z.string(), firstName: z.string() }).nullable(),
  createdAt: IsoDateTime,
  loan: z.object({ id: z.string(), machineId: z.string(), assetTag: z.string(), since: IsoDateTime }).nullable(),
});
export type BeneficiaryView = z.infer<typeof BeneficiaryView>;
export const BeneficiaryCreate = z
  .object({ firstName: FirstName, phone: PhoneNumber, language: Language, helperId: Uuid.nullable().optional() })
  .strict();
export const BeneficiaryUpdate = z
  .object({ firstName: FirstName.optional(), phone: PhoneNumber.optional(), language: Language.optional(), helperId: Uuid.nullable().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one of firstName, phone, language, helperId');

export const LoanView = z.object({
  id: z.string(),
  machineId: z.string(),
  assetTag: z.string(),
  beneficiaryId: z.string(),
  firstName: z.string(),
  startedAt: IsoDateTime,
  endedAt: IsoDateTime.nullable(),
});
export type LoanView = z.infer<typeof LoanView>;
export const LoanCreate = z.object({ machineId: Uuid, beneficiaryId: Uuid }).strict();

/** Help requests of one machine or one beneficiary, newest first (closed ones until they are purged). */
export const HelpHistory = z.object({ requests: z.array(HelpRequestView) });
export type HelpHistory = z.infer<typeof HelpHistory>;
