-- The recording studio (issue 14): sentences recorded by helpers, approved by a second person
-- (hub.sqlite's migration of the same name).

CREATE TABLE studio_recordings (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  lesson_id text NOT NULL,
  language text NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
  key text NOT NULL,
  text text NOT NULL,
  duration_ms integer NOT NULL,
  flags text NOT NULL,
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
  recorded_by text NOT NULL REFERENCES accounts(id),
  recorded_at timestamptz NOT NULL,
  seq bigserial,
  decided_by text REFERENCES accounts(id),
  decided_at timestamptz,
  audio bytea NOT NULL
);
CREATE INDEX studio_recordings_lesson ON studio_recordings (association_id, lesson_id, language, recorded_at);
