-- Rate-limit counters shared by the hub instances on this database (postgres/rate-limits.ts): one row
-- per limit and key, the key a SHA-256 digest of what it counts (an address, a machine, an email and
-- an address), never the thing itself. UNLOGGED: not in the WAL, emptied by a crash (the limits start
-- over, nothing is lost), and backups leave its rows out. Expired rows are deleted as instances count.

CREATE UNLOGGED TABLE rate_counters (
  key text PRIMARY KEY,
  count integer NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX rate_counters_expires ON rate_counters (expires_at);
