-- The content key that signs every association's lesson index, one for all hub instances sharing this
-- database (a shell pins the first public key it sees; instances behind one nginx must agree). One row,
-- made once under an advisory lock by the first instance to start (postgres/content-key.ts). The
-- private half is read by the hub only: no route returns it (the public half is /machine/content-key).

CREATE TABLE content_key (
  id smallint PRIMARY KEY CHECK (id = 1),
  private_pem text NOT NULL,
  created_at timestamptz NOT NULL
);
