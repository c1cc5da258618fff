-- Everyday tiles (issue 13): the home screen's tiles per association (defaults), person and kiosk place
-- (hub.sqlite's migration of the same name). A set is stored whole as JSON, checked before it is stored.

CREATE TABLE tile_sets (
  association_id text NOT NULL REFERENCES associations(id),
  scope text NOT NULL CHECK (scope IN ('association', 'person', 'place')),
  scope_key text NOT NULL,
  tiles json NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text REFERENCES accounts(id),
  PRIMARY KEY (association_id, scope, scope_key)
);
