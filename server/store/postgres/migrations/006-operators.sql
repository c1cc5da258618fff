-- Operators: the people who run a hub serving several associations (hub.sqlite's migration of the
-- same name). Not members of any association; their own sessions.

CREATE TABLE operators (
  id text PRIMARY KEY,
  email text NOT NULL,
  first_name text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX operators_email ON operators (lower(email));

CREATE TABLE operator_sessions (
  id_hash text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX operator_sessions_expiry ON operator_sessions (expires_at);
