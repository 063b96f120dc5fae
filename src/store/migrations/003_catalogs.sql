-- Catalogs (hoshi-catalog/1, see docs/catalogs.md): the document as imported, plus the
-- normalized rows assessments and dashboards query.
CREATE TABLE catalogs (
  id          TEXT PRIMARY KEY,
  scheme      TEXT NOT NULL,
  version     TEXT NOT NULL,
  title_ja    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  official    INTEGER NOT NULL,
  document    TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (scheme, version)
);

CREATE TABLE catalog_levels (
  catalog_id      TEXT NOT NULL REFERENCES catalogs(id),
  level           TEXT NOT NULL,
  name_ja         TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  validity_months INTEGER,
  ord             INTEGER NOT NULL,
  PRIMARY KEY (catalog_id, level)
);

CREATE TABLE catalog_categories (
  catalog_id TEXT NOT NULL REFERENCES catalogs(id),
  id         TEXT NOT NULL,
  title_ja   TEXT NOT NULL,
  title_en   TEXT NOT NULL,
  ord        INTEGER NOT NULL,
  PRIMARY KEY (catalog_id, id)
);

CREATE TABLE catalog_threats (
  catalog_id TEXT NOT NULL REFERENCES catalogs(id),
  id         TEXT NOT NULL,
  title_ja   TEXT NOT NULL,
  title_en   TEXT NOT NULL,
  PRIMARY KEY (catalog_id, id)
);

CREATE TABLE catalog_requirements (
  catalog_id  TEXT NOT NULL REFERENCES catalogs(id),
  id          TEXT NOT NULL,
  category_id TEXT NOT NULL,
  title_ja    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  summary_ja  TEXT NOT NULL,
  summary_en  TEXT NOT NULL,
  check_kind  TEXT NOT NULL DEFAULT '',
  ord         INTEGER NOT NULL,
  PRIMARY KEY (catalog_id, id)
);

CREATE TABLE catalog_requirement_levels (
  catalog_id     TEXT NOT NULL,
  requirement_id TEXT NOT NULL,
  level          TEXT NOT NULL,
  PRIMARY KEY (catalog_id, requirement_id, level)
);

CREATE TABLE catalog_requirement_threats (
  catalog_id     TEXT NOT NULL,
  requirement_id TEXT NOT NULL,
  threat_id      TEXT NOT NULL,
  PRIMARY KEY (catalog_id, requirement_id, threat_id)
);

CREATE TABLE catalog_criteria (
  catalog_id     TEXT NOT NULL REFERENCES catalogs(id),
  id             TEXT NOT NULL,
  requirement_id TEXT NOT NULL,
  text_ja        TEXT NOT NULL,
  text_en        TEXT NOT NULL,
  ord            INTEGER NOT NULL,
  PRIMARY KEY (catalog_id, id)
);

CREATE TABLE catalog_criterion_levels (
  catalog_id   TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  level        TEXT NOT NULL,
  PRIMARY KEY (catalog_id, criterion_id, level)
);

CREATE TABLE catalog_mappings (
  catalog_id     TEXT NOT NULL,
  requirement_id TEXT NOT NULL,
  target_catalog TEXT NOT NULL,
  target_id      TEXT NOT NULL,
  relationship   TEXT NOT NULL,
  strength       INTEGER,
  PRIMARY KEY (catalog_id, requirement_id, target_catalog, target_id)
);
