-- Updates (hub.sqlite's migration of the same name): lesson pack versions with their archives
-- (association NULL: bundled with the hub, seen by all), each machine's latest update status, and
-- the app rollout's pause.

CREATE TABLE lesson_packs (
  association_id text REFERENCES associations(id),
  id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  sha256 text NOT NULL,
  size integer NOT NULL,
  source text NOT NULL CHECK (source IN ('bundled', 'upload', 'recordings')),
  published_at timestamptz NOT NULL,
  published_by text REFERENCES accounts(id),
  archive bytea NOT NULL
);
CREATE UNIQUE INDEX lesson_packs_key ON lesson_packs (COALESCE(association_id, ''), id, version);

CREATE TABLE machine_update_status (
  machine_id text PRIMARY KEY REFERENCES machines(id) ON DELETE CASCADE,
  status_id text NOT NULL,
  status json NOT NULL,
  status_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);

CREATE TABLE rollout (
  id integer PRIMARY KEY CHECK (id = 1),
  paused boolean NOT NULL,
  changed_at timestamptz,
  changed_by text REFERENCES accounts(id)
);
