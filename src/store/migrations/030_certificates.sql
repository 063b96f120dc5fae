-- SCS certificates: each first signature of a rating's facts with a signing key is kept, so
-- the operator can say which certificates exist and which key signed them. Keys are files.
CREATE TABLE certificates (
  id             TEXT PRIMARY KEY,
  rating_id      TEXT NOT NULL REFERENCES ratings(id),
  kid            TEXT NOT NULL,
  claims_sha256  TEXT NOT NULL,
  jws            TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  UNIQUE (rating_id, kid, claims_sha256)
);
CREATE INDEX certificates_rating ON certificates(rating_id, created_at);
