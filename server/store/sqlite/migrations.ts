/**
 * The schema of `hub.sqlite`: ordered migrations, `PRAGMA user_version` counting how many have run
 * (lib/sqlite/open.ts applies them). Never edit a shipped migration: append a new one.
 */
import { DEFAULT_ESCALATION_MINUTES, DEFAULT_RETENTION_DAYS } from './context.ts';

export const MIGRATIONS: string[] = [
  `
  CREATE TABLE associations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('accompagnant', 'staff', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX sessions_expiry ON sessions(expires_at);
  CREATE TABLE machines (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    asset_tag TEXT NOT NULL UNIQUE,
    mode TEXT NOT NULL CHECK (mode IN ('home', 'kiosk')),
    cohort TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    enrolment_code_hash TEXT,
    enrolment_expires_at TEXT,
    enrolment_used INTEGER NOT NULL DEFAULT 0,
    last_seen TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX machines_enrolment_code ON machines(enrolment_code_hash);
  CREATE TABLE help_requests (
    id TEXT PRIMARY KEY,
    machine_id TEXT NOT NULL REFERENCES machines(id),
    state TEXT NOT NULL CHECK (state IN ('new', 'seen', 'claimed', 'calling_back', 'resolved', 'cancelled')),
    context TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    claimed_by TEXT REFERENCES accounts(id)
  );
  CREATE INDEX help_requests_open ON help_requests(state, received_at);
  CREATE INDEX help_requests_machine ON help_requests(machine_id, state);
  CREATE TABLE help_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX help_events_request ON help_events(request_id, seq);
  `,
  // 2: help that always reaches a human — settings, account roles and photos, the loan register,
  // escalation, notes, voice messages and the purge of closed requests.
  `
  ALTER TABLE associations ADD COLUMN help_phone TEXT;
  ALTER TABLE associations ADD COLUMN escalation_minutes INTEGER NOT NULL DEFAULT ${DEFAULT_ESCALATION_MINUTES};
  ALTER TABLE associations ADD COLUMN retention_days INTEGER NOT NULL DEFAULT ${DEFAULT_RETENTION_DAYS};
  ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE accounts ADD COLUMN photo TEXT;
  ALTER TABLE accounts ADD COLUMN on_duty INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE beneficiaries (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    first_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
    helper_id TEXT REFERENCES accounts(id),
    created_at TEXT NOT NULL
  );
  CREATE TABLE loans (
    id TEXT PRIMARY KEY,
    machine_id TEXT NOT NULL REFERENCES machines(id),
    beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
    started_at TEXT NOT NULL,
    ended_at TEXT
  );
  CREATE UNIQUE INDEX loans_active_machine ON loans(machine_id) WHERE ended_at IS NULL;
  CREATE UNIQUE INDEX loans_active_beneficiary ON loans(beneficiary_id) WHERE ended_at IS NULL;
  ALTER TABLE help_requests ADD COLUMN beneficiary_id TEXT REFERENCES beneficiaries(id) ON DELETE SET NULL;
  ALTER TABLE help_requests ADD COLUMN escalated_at TEXT;
  ALTER TABLE help_requests ADD COLUMN closed_at TEXT;
  CREATE INDEX help_requests_closed ON help_requests(closed_at) WHERE closed_at IS NOT NULL;
  CREATE INDEX help_requests_beneficiary ON help_requests(beneficiary_id, received_at);
  ALTER TABLE help_events ADD COLUMN detail TEXT;
  CREATE TABLE help_voice (
    request_id TEXT PRIMARY KEY REFERENCES help_requests(id) ON DELETE CASCADE,
    mime_type TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    received_at TEXT NOT NULL
  );
  `,
  // Kiosk (issue 6): the animateur PIN, as a salted scrypt hash (never the PIN).
  `
  ALTER TABLE machines ADD COLUMN staff_pin_hash TEXT;
  `,
  // A machine staff retired (lost, stolen, scrapped): no token, until enrolled again.
  `
  ALTER TABLE machines ADD COLUMN retired_at TEXT;
  `,
  // Updates (issue 15): lesson pack versions with their archives (association NULL: bundled with the
  // hub, seen by all), each machine's latest update status, and the app rollout's pause.
  `
  CREATE TABLE lesson_packs (
    association_id TEXT REFERENCES associations(id),
    id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('bundled', 'upload', 'recordings')),
    published_at TEXT NOT NULL,
    published_by TEXT REFERENCES accounts(id),
    archive BLOB NOT NULL
  );
  CREATE UNIQUE INDEX lesson_packs_key ON lesson_packs(IFNULL(association_id, ''), id, version);
  CREATE TABLE machine_update_status (
    machine_id TEXT PRIMARY KEY REFERENCES machines(id) ON DELETE CASCADE,
    status_id TEXT NOT NULL,
    status TEXT NOT NULL,
    status_at TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE TABLE rollout (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    paused INTEGER NOT NULL,
    changed_at TEXT,
    changed_by TEXT REFERENCES accounts(id)
  );
  `,
  // Accompaniment (issue 12): consent on the loan, kiosk visitors and their card, each person's path,
  // goals, notes, suivi log and lesson progress. person_id is a beneficiary's or a visitor's id.
  `
  ALTER TABLE loans ADD COLUMN consent TEXT NOT NULL DEFAULT 'unasked' CHECK (consent IN ('unasked', 'granted', 'refused', 'withdrawn'));
  ALTER TABLE loans ADD COLUMN consent_at TEXT;
  ALTER TABLE loans ADD COLUMN consent_by TEXT REFERENCES accounts(id);
  ALTER TABLE loans ADD COLUMN consent_source TEXT CHECK (consent_source IN ('machine', 'console'));
  CREATE TABLE consent_events (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    person_id TEXT NOT NULL,
    state TEXT NOT NULL,
    source TEXT NOT NULL,
    by_account TEXT REFERENCES accounts(id),
    at TEXT NOT NULL
  );
  CREATE INDEX consent_events_person ON consent_events(person_id, at);
  CREATE TABLE visitors (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    name TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
    helper_id TEXT REFERENCES accounts(id),
    card_hash TEXT,
    card_issued_at TEXT,
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX visitors_card ON visitors(association_id, card_hash);
  CREATE TABLE card_failures (
    machine_id TEXT PRIMARY KEY REFERENCES machines(id),
    failures INTEGER NOT NULL,
    locked_until TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE visit_tokens (
    token_hash TEXT PRIMARY KEY,
    visitor_id TEXT NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
    machine_id TEXT NOT NULL REFERENCES machines(id),
    expires_at TEXT NOT NULL
  );
  CREATE TABLE person_path (
    person_id TEXT NOT NULL,
    association_id TEXT NOT NULL REFERENCES associations(id),
    position INTEGER NOT NULL,
    lesson_id TEXT NOT NULL,
    chosen_by TEXT REFERENCES accounts(id),
    chosen_at TEXT NOT NULL,
    PRIMARY KEY (person_id, lesson_id)
  );
  CREATE TABLE person_goals (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    person_id TEXT NOT NULL,
    text TEXT,
    voice_mime TEXT,
    voice_duration_ms INTEGER,
    voice BLOB,
    author_id TEXT REFERENCES accounts(id),
    created_at TEXT NOT NULL
  );
  CREATE INDEX person_goals_person ON person_goals(person_id, created_at);
  CREATE TABLE person_notes (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    person_id TEXT NOT NULL,
    text TEXT NOT NULL,
    author_id TEXT REFERENCES accounts(id),
    created_at TEXT NOT NULL
  );
  CREATE INDEX person_notes_person ON person_notes(person_id, created_at);
  CREATE TABLE followups (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    person_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('home_visit', 'phone', 'workshop', 'remote_help')),
    day TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    done TEXT NOT NULL,
    next_step TEXT NOT NULL,
    next_day TEXT,
    author_id TEXT REFERENCES accounts(id),
    created_at TEXT NOT NULL
  );
  CREATE INDEX followups_person ON followups(person_id, day);
  CREATE INDEX followups_next ON followups(association_id, next_day);
  CREATE TABLE lesson_attempts (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    person_id TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    seconds INTEGER NOT NULL,
    steps_done INTEGER NOT NULL,
    step_count INTEGER NOT NULL,
    steps TEXT NOT NULL,
    help_requests INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    last_report_id TEXT NOT NULL
  );
  CREATE INDEX lesson_attempts_person ON lesson_attempts(person_id, started_at);
  `,
  // Operators (issue 16): the people who run a hub serving several associations, with their own sessions.
  `
  CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE operator_sessions (
    id_hash TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // Everyday tiles (issue 13): the home screen's tiles per association (defaults), person and kiosk place.
  `
  CREATE TABLE tile_sets (
    association_id TEXT NOT NULL REFERENCES associations(id),
    scope TEXT NOT NULL CHECK (scope IN ('association', 'person', 'place')),
    scope_key TEXT NOT NULL,
    tiles TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT REFERENCES accounts(id),
    PRIMARY KEY (association_id, scope, scope_key)
  );
  `,
  // The recording studio (issue 14): sentences recorded by helpers, approved by a second person.
  `
  CREATE TABLE studio_recordings (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    lesson_id TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    flags TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    recorded_by TEXT NOT NULL REFERENCES accounts(id),
    recorded_at TEXT NOT NULL,
    decided_by TEXT REFERENCES accounts(id),
    decided_at TEXT,
    audio BLOB NOT NULL
  );
  CREATE INDEX studio_recordings_lesson ON studio_recordings(association_id, lesson_id, language, recorded_at);
  `,
  // Issue 17: the neighbourhood webzine. Media columns are emptied when a story is declined or withdrawn.
  `
  CREATE TABLE webzine_issues (
    association_id TEXT NOT NULL REFERENCES associations(id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (association_id, number)
  );
  CREATE TABLE webzine_stories (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    machine_id TEXT NOT NULL REFERENCES machines(id),
    beneficiary_id TEXT REFERENCES beneficiaries(id) ON DELETE SET NULL,
    state TEXT NOT NULL CHECK (state IN ('submitted', 'published', 'declined', 'withdrawn')),
    language TEXT NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
    credit TEXT NOT NULL CHECK (credit IN ('first_name', 'pseudonym', 'anonymous')),
    recorded_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    audio BLOB,
    title_audio BLOB,
    photo BLOB,
    photo_shows_others INTEGER NOT NULL,
    others_agreed INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    signature TEXT NOT NULL DEFAULT '',
    photo_alt TEXT NOT NULL DEFAULT '',
    issue INTEGER,
    section TEXT,
    decline_reason TEXT,
    decline_note TEXT NOT NULL DEFAULT '',
    moderated_by TEXT REFERENCES accounts(id),
    published_at TEXT
  );
  CREATE INDEX webzine_stories_queue ON webzine_stories(association_id, state, received_at);
  CREATE INDEX webzine_stories_machine ON webzine_stories(machine_id, received_at);
  `,
  // One open request per machine: a later press is merged into it, its id kept as an alias so the
  // machine's own record of that press follows the request.
  `
  CREATE TABLE help_request_aliases (
    alias_id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
    machine_id TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX help_request_aliases_request ON help_request_aliases(request_id);
  CREATE INDEX help_voice_received ON help_voice(received_at);
  `,
  // One-time passwords: the first sign-in with one burns it and opens a session that can only choose
  // a new password.
  `
  ALTER TABLE accounts ADD COLUMN password_one_time INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN password_change_only INTEGER NOT NULL DEFAULT 0;
  `,
  // Issue 13: the photos or documents a person sends with a help request (up to 3, numbered), purged with it.
  `
  CREATE TABLE help_files (
    request_id TEXT NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
  );
  CREATE INDEX help_files_received ON help_files(received_at);
  `,
];

/** The schema version a fresh store reaches: one per migration. */
export const SCHEMA_VERSION = MIGRATIONS.length;
