-- Vulnerability store: OSV advisories indexed by ecosystem and normalized package name,
-- the CISA KEV catalog and EPSS scores. Portable SQL (SQLite and PostgreSQL).

-- One row per advisory id; modified decides whether a re-import replaces it.
CREATE TABLE vuln_advisories (
  id          TEXT PRIMARY KEY,
  modified    TEXT NOT NULL,
  published   TEXT,
  withdrawn   TEXT,                    -- set: the advisory no longer matches anything
  summary     TEXT NOT NULL DEFAULT '',
  aliases     TEXT NOT NULL DEFAULT '[]', -- JSON array of ids (CVE, GHSA, ...)
  severity    TEXT NOT NULL DEFAULT '[]', -- JSON array as in OSV: [{"type","score"}]
  source      TEXT NOT NULL DEFAULT '',   -- file or archive entry it was read from
  imported_at TEXT NOT NULL
);

-- One row per affected[] entry that names a package. spec holds that entry's ranges,
-- versions and severity in OSV syntax, read again at scan time.
CREATE TABLE vuln_affected (
  advisory_id TEXT NOT NULL REFERENCES vuln_advisories(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  ecosystem   TEXT NOT NULL,          -- OSV ecosystem without a release suffix
  ecosystem_full TEXT NOT NULL,       -- as written ("Debian:12")
  name        TEXT NOT NULL,          -- normalized package name
  spec        TEXT NOT NULL,
  PRIMARY KEY (advisory_id, seq)
);
CREATE INDEX vuln_affected_pkg ON vuln_affected(ecosystem, name);

-- CISA Known Exploited Vulnerabilities; replaced as a whole by each catalog import.
CREATE TABLE vuln_kev (
  cve        TEXT PRIMARY KEY,
  vendor     TEXT NOT NULL DEFAULT '',
  product    TEXT NOT NULL DEFAULT '',
  name       TEXT NOT NULL DEFAULT '',
  date_added TEXT NOT NULL,
  due_date   TEXT NOT NULL DEFAULT '',
  ransomware TEXT NOT NULL DEFAULT ''
);

-- FIRST EPSS scores; replaced as a whole by each daily file.
CREATE TABLE vuln_epss (
  cve        TEXT PRIMARY KEY,
  score      REAL NOT NULL,
  percentile REAL NOT NULL,
  score_date TEXT NOT NULL DEFAULT ''
);

-- What was imported when, for "how fresh is this store" answers.
CREATE TABLE vuln_imports (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,   -- osv, kev, epss
  source      TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  added       BIGINT NOT NULL DEFAULT 0,
  updated     BIGINT NOT NULL DEFAULT 0,
  unchanged   BIGINT NOT NULL DEFAULT 0,
  errors      BIGINT NOT NULL DEFAULT 0
);
