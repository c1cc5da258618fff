-- Several hub instances on one database (server/cluster/): which instances are alive, which console
-- feeds each one holds (presence is shared: a helper on duty on one instance is on duty for all),
-- who is effectively on duty since when, and the bus's payloads too big for a NOTIFY (8000 bytes).

CREATE TABLE hub_instances (
  id text PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now()   -- the instance's heartbeat (database time)
);

CREATE TABLE presence_connections (
  instance_id text NOT NULL REFERENCES hub_instances(id) ON DELETE CASCADE,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  association_id text NOT NULL,
  connections integer NOT NULL CHECK (connections > 0),
  PRIMARY KEY (instance_id, account_id)
);
CREATE INDEX presence_connections_association ON presence_connections (association_id);

CREATE TABLE presence_on_duty (
  account_id text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  association_id text NOT NULL,
  since timestamptz NOT NULL
);
CREATE INDEX presence_on_duty_association ON presence_on_duty (association_id);

CREATE TABLE bus_payloads (
  id bigserial PRIMARY KEY,
  payload text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bus_payloads_created ON bus_payloads (created_at);
