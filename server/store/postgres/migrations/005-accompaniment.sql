-- Accompaniment (hub.sqlite's migration of the same name): consent on the loan, kiosk visitors and
-- their card, each person's path, goals, notes, suivi log and lesson progress. person_id is a
-- beneficiary's or a visitor's id.

ALTER TABLE loans ADD COLUMN consent text NOT NULL DEFAULT 'unasked' CHECK (consent IN ('unasked', 'granted', 'refused', 'withdrawn'));
ALTER TABLE loans ADD COLUMN consent_at timestamptz;
ALTER TABLE loans ADD COLUMN consent_by text REFERENCES accounts(id);
ALTER TABLE loans ADD COLUMN consent_source text CHECK (consent_source IN ('machine', 'console'));

CREATE TABLE consent_events (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  person_id text NOT NULL,
  state text NOT NULL,
  source text NOT NULL,
  by_account text REFERENCES accounts(id),
  at timestamptz NOT NULL
);
CREATE INDEX consent_events_person ON consent_events (person_id, at);

CREATE TABLE visitors (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  name text NOT NULL,
  language text NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
  helper_id text REFERENCES accounts(id),
  card_hash text,
  card_issued_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX visitors_card ON visitors (association_id, card_hash);

CREATE TABLE card_failures (
  machine_id text PRIMARY KEY REFERENCES machines(id),
  failures integer NOT NULL,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL
);

CREATE TABLE visit_tokens (
  token_hash text PRIMARY KEY,
  visitor_id text NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
  machine_id text NOT NULL REFERENCES machines(id),
  expires_at timestamptz NOT NULL
);

CREATE TABLE person_path (
  person_id text NOT NULL,
  association_id text NOT NULL REFERENCES associations(id),
  position integer NOT NULL,
  lesson_id text NOT NULL,
  chosen_by text REFERENCES accounts(id),
  chosen_at timestamptz NOT NULL,
  PRIMARY KEY (person_id, lesson_id)
);

CREATE TABLE person_goals (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  person_id text NOT NULL,
  text text,
  voice_mime text,
  voice_duration_ms integer,
  voice bytea,
  author_id text REFERENCES accounts(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX person_goals_person ON person_goals (person_id, created_at);

CREATE TABLE person_notes (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  person_id text NOT NULL,
  text text NOT NULL,
  author_id text REFERENCES accounts(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX person_notes_person ON person_notes (person_id, created_at);

CREATE TABLE followups (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  person_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('home_visit', 'phone', 'workshop', 'remote_help')),
  day date NOT NULL,
  duration_minutes integer NOT NULL,
  done text NOT NULL,
  next_step text NOT NULL,
  next_day date,
  author_id text REFERENCES accounts(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX followups_person ON followups (person_id, day);
CREATE INDEX followups_next ON followups (association_id, next_day);

CREATE TABLE lesson_attempts (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  person_id text NOT NULL,
  lesson_id text NOT NULL,
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz,
  seconds integer NOT NULL,
  steps_done integer NOT NULL,
  step_count integer NOT NULL,
  steps json NOT NULL,
  help_requests integer NOT NULL,
  seq integer NOT NULL,
  last_report_id text NOT NULL
);
CREATE INDEX lesson_attempts_person ON lesson_attempts (person_id, started_at);
