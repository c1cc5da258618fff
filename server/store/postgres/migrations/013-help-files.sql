-- Issue 13: the photos or documents a person sends with a help request (up to 3, numbered 1, 2, 3),
-- purged with it (hub.sqlite's migration of the same content).

CREATE TABLE help_files (
  request_id text NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL,
  bytes bytea NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, seq)
);
CREATE INDEX help_files_received ON help_files(received_at);
