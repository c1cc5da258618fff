-- Issue 9 (the hub closed to what an attack found), as hub.sqlite's migrations of the same content.

-- One open help request per machine: a later press is merged into it, its id kept as an alias so the
-- machine's own record of that press follows the request.
CREATE TABLE help_request_aliases (
  alias_id text PRIMARY KEY,
  request_id text NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
  machine_id text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX help_request_aliases_request ON help_request_aliases (request_id);
-- The daily voice quota reads a machine's voice messages of the last 24 hours.
CREATE INDEX help_voice_received ON help_voice (received_at);

-- One-time passwords: the first sign-in with one burns it and opens a session that can only choose a
-- new password.
ALTER TABLE accounts ADD COLUMN password_one_time boolean NOT NULL DEFAULT false;
ALTER TABLE sessions ADD COLUMN password_change_only boolean NOT NULL DEFAULT false;

-- Usage receipts: one random key per day, destroyed when the day leaves the acceptance window, instead
-- of one key kept forever that linked every receipt to its machine and day (reports/receipts.ts).
-- The old key and the receipts made with it are erased.
DELETE FROM reports_meta WHERE key = 'usage_receipt_key';
DELETE FROM usage_receipts;
CREATE TABLE usage_day_keys (
  day date PRIMARY KEY,
  key bytea NOT NULL                   -- random; deleted (and the table rewritten) once the day closes
);
