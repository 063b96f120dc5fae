-- Outgoing webhooks: an organization's endpoints, the deliveries queued for them (one per
-- event and endpoint) and every attempt to send one. Portable SQL (see docs/storage.md).

-- The secret is kept as issued, not hashed: every delivery is signed with HMAC-SHA256 keyed
-- by it, so the server must hold the key itself (a hash could only check a secret, not sign).
-- Deleting a webhook sets deleted_at, clears active and blanks the secret: nothing more is
-- sent, and its deliveries stay as the record of what was sent.
CREATE TABLE webhooks (
  id         TEXT PRIMARY KEY,
  org_id     TEXT NOT NULL REFERENCES organizations(id),
  url        TEXT NOT NULL,
  secret     TEXT NOT NULL,
  events     TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1,
  created_by TEXT REFERENCES users(id),
  created_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX webhooks_org ON webhooks(org_id, active);

-- status: pending (next_attempt_at says when), delivered, failed (gave up), cancelled
-- (webhook deleted). next_attempt_at is also pushed forward while one sender holds the row.
CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,
  webhook_id      TEXT NOT NULL REFERENCES webhooks(id),
  event           TEXT NOT NULL,
  body            TEXT NOT NULL,
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  next_attempt_at TEXT,
  finished_at     TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, created_at);

-- One row per try: the HTTP status when an answer came, else the transport error.
CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),
  attempt     INTEGER NOT NULL,
  at          TEXT NOT NULL,
  http_status INTEGER,
  error       TEXT NOT NULL DEFAULT '',
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
