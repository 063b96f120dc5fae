-- Vulnerability feeds fetched over HTTPS: the URLs an operator configured (or fetched once by
-- hand), the validators for conditional GET, and one row per fetch so an operator sees when
-- each feed last succeeded and why it failed.

CREATE TABLE vuln_feeds (
  url             TEXT PRIMARY KEY,
  configured      INTEGER NOT NULL DEFAULT 1,  -- 1: fetched on schedule; 0: only fetched by hand
  etag            TEXT NOT NULL DEFAULT '',    -- of the last body imported
  last_modified   TEXT NOT NULL DEFAULT '',    -- as the server wrote it, sent back unchanged
  sha256          TEXT NOT NULL DEFAULT '',    -- of the last body imported: a 200 with the same bytes is unchanged
  added_by        TEXT NOT NULL DEFAULT '',
  added_at        TEXT NOT NULL,
  last_fetch_at   TEXT,
  last_status     TEXT NOT NULL DEFAULT '',    -- imported | unchanged | failed
  last_success_at TEXT,
  last_error      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE vuln_fetches (
  id           TEXT PRIMARY KEY,
  url          TEXT NOT NULL,                 -- as shown: credentials and query replaced by ***
  started_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL,
  status       TEXT NOT NULL,                 -- imported | unchanged | failed
  http_status  INTEGER NOT NULL DEFAULT 0,
  etag         TEXT NOT NULL DEFAULT '',
  bytes        BIGINT NOT NULL DEFAULT 0,
  advisories   BIGINT NOT NULL DEFAULT 0,
  added        BIGINT NOT NULL DEFAULT 0,
  updated      BIGINT NOT NULL DEFAULT 0,
  kev          BIGINT NOT NULL DEFAULT 0,
  epss         BIGINT NOT NULL DEFAULT 0,
  rejected     BIGINT NOT NULL DEFAULT 0,
  findings_new BIGINT NOT NULL DEFAULT 0,
  resolved     BIGINT NOT NULL DEFAULT 0,
  error        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vuln_fetches_url ON vuln_fetches(url, finished_at);
