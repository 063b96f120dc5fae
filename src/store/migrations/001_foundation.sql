-- Foundation: organizations, users and roles, sessions, API tokens, login throttling, audit log.
-- Portable SQL (SQLite and PostgreSQL): TEXT ids made by the application, ISO-8601 UTC text
-- timestamps, INTEGER 0/1 flags, BIGINT sequence numbers.

CREATE TABLE organizations (
  id               TEXT PRIMARY KEY,
  corporate_number TEXT NOT NULL UNIQUE,
  name_ja          TEXT NOT NULL,
  name_en          TEXT NOT NULL DEFAULT '',
  sector           TEXT NOT NULL,
  is_sme           INTEGER NOT NULL DEFAULT 0,
  address          TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  org_id        TEXT NOT NULL REFERENCES organizations(id),
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL DEFAULT '',
  email         TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role    TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);

-- Browser sessions: the cookie carries a random secret; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- API tokens: shown once; stored as SHA-256 of the secret; roles are a subset of the user's.
CREATE TABLE api_tokens (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  roles      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Failed logins per login name (known or not), for slowing down guessing.
CREATE TABLE login_attempts (
  username       TEXT PRIMARY KEY,
  failures       INTEGER NOT NULL,
  last_failed_at TEXT NOT NULL
);

-- Append-only, hash-chained: hash = SHA-256(prev_hash | seq | at | actor ... | summary).
CREATE TABLE audit_log (
  seq           BIGINT PRIMARY KEY,
  at            TEXT NOT NULL,
  actor_user_id TEXT,
  actor         TEXT NOT NULL,
  org_id        TEXT,
  action        TEXT NOT NULL,
  object_type   TEXT NOT NULL,
  object_id     TEXT NOT NULL,
  summary       TEXT NOT NULL,
  request_id    TEXT NOT NULL DEFAULT '',
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log(org_id, seq);
