-- Buyers and their supply chain: relationships (with the METI decision-tree answers kept as
-- the fair-trading record), requests, consent-based shares of ratings, invitations.
CREATE TABLE relationships (
  id                TEXT PRIMARY KEY,
  buyer_org_id      TEXT NOT NULL REFERENCES organizations(id),
  supplier_corpnum  TEXT NOT NULL,
  supplier_name     TEXT NOT NULL,
  contact_email     TEXT NOT NULL DEFAULT '',
  kind              TEXT NOT NULL,
  criticality       TEXT NOT NULL,
  q_confidential    INTEGER NOT NULL,
  q_interruption    INTEGER NOT NULL,
  q_network         INTEGER NOT NULL,
  f_impact          INTEGER NOT NULL DEFAULT 0,
  f_no_substitute   INTEGER NOT NULL DEFAULT 0,
  f_stock           INTEGER NOT NULL DEFAULT 0,
  required_level    TEXT NOT NULL,
  reason            TEXT NOT NULL DEFAULT '',
  invite_hash       TEXT,
  invite_expires_at TEXT,
  created_by        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (buyer_org_id, supplier_corpnum)
);
CREATE INDEX relationships_supplier ON relationships(supplier_corpnum);

CREATE TABLE requests (
  id               TEXT PRIMARY KEY,
  relationship_id  TEXT NOT NULL REFERENCES relationships(id),
  buyer_org_id     TEXT NOT NULL REFERENCES organizations(id),
  supplier_corpnum TEXT NOT NULL,
  level            TEXT NOT NULL,
  due_date         TEXT NOT NULL,
  message          TEXT NOT NULL DEFAULT '',
  record           TEXT NOT NULL,
  status           TEXT NOT NULL,
  answer_reason    TEXT NOT NULL DEFAULT '',
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  answered_at      TEXT
);
CREATE INDEX requests_rel ON requests(relationship_id, created_at);
CREATE INDEX requests_supplier ON requests(supplier_corpnum, status);

-- A share gives one buyer a rating, or the progress of an assessment still under way (so the
-- buyer's heatmap shows real gaps); exactly one of rating_id and assessment_id is set.
CREATE TABLE shares (
  id              TEXT PRIMARY KEY,
  rating_id       TEXT REFERENCES ratings(id),
  assessment_id   TEXT REFERENCES assessments(id),
  supplier_org_id TEXT NOT NULL REFERENCES organizations(id),
  buyer_org_id    TEXT NOT NULL REFERENCES organizations(id),
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  withdrawn_at    TEXT
);
CREATE INDEX shares_buyer ON shares(buyer_org_id, withdrawn_at);
CREATE INDEX shares_rating ON shares(rating_id);
CREATE INDEX shares_assessment ON shares(assessment_id);
