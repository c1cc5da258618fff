-- The hub's tables (the same areas as hub.sqlite's migrations 1 to 4): associations and their
-- settings, console accounts and sessions, machines and enrolment, beneficiaries and loans, help
-- requests with their journal and voice messages. Ids are the application's strings (UUIDs),
-- times are timestamptz, days are date.

CREATE TABLE associations (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL,
  help_phone text,
  escalation_minutes integer NOT NULL DEFAULT 10,
  retention_days integer NOT NULL DEFAULT 90,
  -- Creation order, for associations created in the same millisecond (SQLite's rowid).
  seq bigserial NOT NULL UNIQUE
);

CREATE TABLE accounts (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  email text NOT NULL,
  first_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('accompagnant', 'staff', 'admin')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  photo text,
  on_duty boolean NOT NULL DEFAULT false
);
-- One login form for the whole hub: an email is unique whatever its case.
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
CREATE INDEX accounts_association ON accounts (association_id);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE machines (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  asset_tag text NOT NULL UNIQUE,
  mode text NOT NULL CHECK (mode IN ('home', 'kiosk')),
  cohort text NOT NULL,
  token_hash text UNIQUE,
  enrolment_code_hash text,
  enrolment_expires_at timestamptz,
  enrolment_used boolean NOT NULL DEFAULT false,
  last_seen timestamptz,
  created_at timestamptz NOT NULL,
  staff_pin_hash text,
  retired_at timestamptz                -- lost, stolen or scrapped: no token until enrolled again
);
CREATE INDEX machines_enrolment_code ON machines (enrolment_code_hash);
CREATE INDEX machines_association ON machines (association_id, asset_tag);

CREATE TABLE beneficiaries (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  first_name text NOT NULL,
  phone text NOT NULL,
  language text NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
  helper_id text REFERENCES accounts(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX beneficiaries_association ON beneficiaries (association_id);

CREATE TABLE loans (
  id text PRIMARY KEY,
  machine_id text NOT NULL REFERENCES machines(id),
  beneficiary_id text NOT NULL REFERENCES beneficiaries(id),
  started_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE UNIQUE INDEX loans_active_machine ON loans (machine_id) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX loans_active_beneficiary ON loans (beneficiary_id) WHERE ended_at IS NULL;

CREATE TABLE help_requests (
  id text PRIMARY KEY,
  machine_id text NOT NULL REFERENCES machines(id),
  state text NOT NULL CHECK (state IN ('new', 'seen', 'claimed', 'calling_back', 'resolved', 'cancelled')),
  context json NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  claimed_by text REFERENCES accounts(id),
  beneficiary_id text REFERENCES beneficiaries(id) ON DELETE SET NULL,
  escalated_at timestamptz,
  closed_at timestamptz
);
CREATE INDEX help_requests_open ON help_requests (state, received_at);
CREATE INDEX help_requests_machine ON help_requests (machine_id, state);
CREATE INDEX help_requests_closed ON help_requests (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX help_requests_beneficiary ON help_requests (beneficiary_id, received_at);

CREATE TABLE help_events (
  seq bigserial PRIMARY KEY,
  request_id text NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
  actor text NOT NULL,
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  at timestamptz NOT NULL,
  detail text
);
CREATE INDEX help_events_request ON help_events (request_id, seq);

CREATE TABLE help_voice (
  request_id text PRIMARY KEY REFERENCES help_requests(id) ON DELETE CASCADE,
  mime_type text NOT NULL,
  duration_ms integer NOT NULL,
  size_bytes integer NOT NULL,
  bytes bytea NOT NULL,
  received_at timestamptz NOT NULL
);
