-- SCS assessments (★3 self-assessment + expert confirmation, ★4 third-party evaluation),
-- evidence, ratings, improvement plans and in-app notifications.
CREATE TABLE assessments (
  id                TEXT PRIMARY KEY,
  org_id            TEXT NOT NULL REFERENCES organizations(id),
  catalog_id        TEXT NOT NULL REFERENCES catalogs(id),
  level             TEXT NOT NULL,
  scope_kind        TEXT NOT NULL,
  scope_description TEXT NOT NULL,
  status            TEXT NOT NULL,
  expert_user_id    TEXT REFERENCES users(id),
  body_org_id       TEXT REFERENCES organizations(id),
  previous_id       TEXT,
  return_reason     TEXT NOT NULL DEFAULT '',
  decision_reason   TEXT NOT NULL DEFAULT '',
  eval_start        TEXT NOT NULL DEFAULT '',
  eval_end          TEXT NOT NULL DEFAULT '',
  rating_id         TEXT,
  created_by        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX assessments_org ON assessments(org_id, created_at);
CREATE INDEX assessments_expert ON assessments(expert_user_id, status);
CREATE INDEX assessments_body ON assessments(body_org_id, status);

CREATE TABLE assessment_exclusions (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  ord           INTEGER NOT NULL,
  asset         TEXT NOT NULL,
  reason        TEXT NOT NULL,
  PRIMARY KEY (assessment_id, ord)
);

CREATE TABLE assessment_answers (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  criterion_id  TEXT NOT NULL,
  status        TEXT NOT NULL,
  reason        TEXT NOT NULL DEFAULT '',
  comment       TEXT NOT NULL DEFAULT '',
  to_review     INTEGER NOT NULL DEFAULT 0,
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (assessment_id, criterion_id)
);

CREATE TABLE assessment_comments (
  id             TEXT PRIMARY KEY,
  assessment_id  TEXT NOT NULL REFERENCES assessments(id),
  requirement_id TEXT NOT NULL,
  author_user_id TEXT NOT NULL REFERENCES users(id),
  body           TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX assessment_comments_a ON assessment_comments(assessment_id, created_at);

CREATE TABLE assessment_evaluators (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  user_id       TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (assessment_id, user_id)
);

CREATE TABLE assessment_findings (
  assessment_id     TEXT NOT NULL REFERENCES assessments(id),
  criterion_id      TEXT NOT NULL,
  result            TEXT NOT NULL,
  note              TEXT NOT NULL DEFAULT '',
  corrective_action TEXT NOT NULL DEFAULT '',
  evaluator_user_id TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (assessment_id, criterion_id)
);

-- Evidence content is stored once per SHA-256 under the data folder; rows say who sent what.
CREATE TABLE evidence_blobs (
  sha256       TEXT PRIMARY KEY,
  size         BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE assessment_evidence (
  id            TEXT PRIMARY KEY,
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  criterion_id  TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL,
  sha256        TEXT NOT NULL REFERENCES evidence_blobs(sha256),
  filename      TEXT NOT NULL,
  uploaded_by   TEXT NOT NULL REFERENCES users(id),
  uploaded_at   TEXT NOT NULL
);
CREATE INDEX assessment_evidence_a ON assessment_evidence(assessment_id, criterion_id);

CREATE TABLE declarations (
  assessment_id TEXT PRIMARY KEY REFERENCES assessments(id),
  exec_name     TEXT NOT NULL,
  exec_title    TEXT NOT NULL,
  declared_on   TEXT NOT NULL,
  text          TEXT NOT NULL,
  user_id       TEXT NOT NULL REFERENCES users(id),
  created_at    TEXT NOT NULL
);

CREATE TABLE ratings (
  id                TEXT PRIMARY KEY,
  org_id            TEXT NOT NULL REFERENCES organizations(id),
  assessment_id     TEXT NOT NULL UNIQUE REFERENCES assessments(id),
  catalog_id        TEXT NOT NULL,
  level             TEXT NOT NULL,
  scope_kind        TEXT NOT NULL,
  scope_description TEXT NOT NULL,
  issued_at         TEXT NOT NULL,
  expires_at        TEXT NOT NULL,
  status            TEXT NOT NULL,
  status_reason     TEXT NOT NULL DEFAULT '',
  status_changed_at TEXT,
  status_changed_by TEXT
);
CREATE INDEX ratings_org ON ratings(org_id, issued_at);
CREATE INDEX ratings_expiry ON ratings(status, expires_at);

CREATE TABLE improvement_items (
  id            TEXT PRIMARY KEY,
  org_id        TEXT NOT NULL REFERENCES organizations(id),
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  criterion_id  TEXT NOT NULL,
  what          TEXT NOT NULL,
  owner         TEXT NOT NULL DEFAULT '',
  due_date      TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (assessment_id, criterion_id)
);

-- The expert assigned to an organization's ★3 assessments unless another is chosen.
CREATE TABLE org_default_experts (
  org_id         TEXT PRIMARY KEY REFERENCES organizations(id),
  expert_user_id TEXT NOT NULL REFERENCES users(id)
);

-- In-app notifications for an organization (or one user); key makes generation idempotent.
CREATE TABLE notifications (
  id         TEXT PRIMARY KEY,
  org_id     TEXT REFERENCES organizations(id),
  user_id    TEXT REFERENCES users(id),
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  message_ja TEXT NOT NULL,
  message_en TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  read_at    TEXT
);
CREATE INDEX notifications_org ON notifications(org_id, created_at);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
