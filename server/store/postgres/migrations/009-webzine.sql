-- The neighbourhood webzine (issue 17; hub.sqlite's migration of the same content). Media columns are
-- emptied when a story is declined or withdrawn. Flags are integers (0/1) as in SQLite, so both stores
-- share one row mapping (sqlite/webzine.ts).

CREATE TABLE webzine_issues (
  association_id text NOT NULL REFERENCES associations(id),
  number integer NOT NULL,
  title text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (association_id, number)
);

CREATE TABLE webzine_stories (
  id text PRIMARY KEY,
  association_id text NOT NULL REFERENCES associations(id),
  machine_id text NOT NULL REFERENCES machines(id),
  beneficiary_id text REFERENCES beneficiaries(id) ON DELETE SET NULL,
  state text NOT NULL CHECK (state IN ('submitted', 'published', 'declined', 'withdrawn')),
  language text NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
  credit text NOT NULL CHECK (credit IN ('first_name', 'pseudonym', 'anonymous')),
  recorded_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  audio bytea,
  title_audio bytea,
  photo bytea,
  photo_shows_others integer NOT NULL,
  others_agreed integer NOT NULL DEFAULT 0,
  title text NOT NULL DEFAULT '',
  text text NOT NULL DEFAULT '',
  signature text NOT NULL DEFAULT '',
  photo_alt text NOT NULL DEFAULT '',
  issue integer,
  section text,
  decline_reason text,
  decline_note text NOT NULL DEFAULT '',
  moderated_by text REFERENCES accounts(id),
  published_at timestamptz
);
CREATE INDEX webzine_stories_queue ON webzine_stories (association_id, state, received_at);
CREATE INDEX webzine_stories_machine ON webzine_stories (machine_id, received_at);
