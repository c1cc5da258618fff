-- The reports (reports.sqlite's tables): health reports keyed to the machine, and anonymous usage
-- by association, cohort and day only — no machine, person, install or address column.

CREATE TABLE reports_meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE health_reports (
  id text PRIMARY KEY,                 -- the shell's idempotency key for this report
  machine_id text NOT NULL,
  asset_tag text NOT NULL,
  taken_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  verdict text NOT NULL,
  app_version text NOT NULL,
  os_name text,
  battery_health double precision,
  root_free_bytes bigint,
  home_free_bytes bigint,
  max_temperature_c double precision,
  report json NOT NULL                 -- the whole validated report
);
CREATE INDEX health_by_machine ON health_reports (machine_id, taken_at);
CREATE INDEX health_by_taken ON health_reports (taken_at);

CREATE TABLE usage_days (
  association_id text NOT NULL,
  cohort text NOT NULL,
  day date NOT NULL,
  contributors integer NOT NULL,       -- accepted batches = machine-days
  PRIMARY KEY (association_id, cohort, day)
);
CREATE TABLE usage_counts (
  association_id text NOT NULL,
  cohort text NOT NULL,
  day date NOT NULL,
  metric text NOT NULL,
  label text NOT NULL,                 -- '' is the metric's total over its labels
  total bigint NOT NULL,
  contributors integer NOT NULL,
  PRIMARY KEY (association_id, cohort, day, metric, label)
);
CREATE INDEX usage_counts_day ON usage_counts (day);
CREATE TABLE usage_receipts (
  receipt text PRIMARY KEY,            -- HMAC(secret, machine | day): dedupe only
  expires_on date NOT NULL
);
