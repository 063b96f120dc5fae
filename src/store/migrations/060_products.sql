-- Products and their SBOMs across the supply chain: versions, the uploaded documents, their
-- normalized components, findings kept over time, supplier VEX and consent-based shares.

-- A product an organization makes or operates; name is unique inside the organization.
CREATE TABLE products (
  id          TEXT PRIMARY KEY,
  org_id      TEXT NOT NULL REFERENCES organizations(id),
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,            -- software | iot | service | firmware
  description TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (org_id, name)
);

CREATE TABLE product_versions (
  id          TEXT PRIMARY KEY,
  product_id  TEXT NOT NULL REFERENCES products(id),
  version     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (product_id, version)
);

-- Every SBOM uploaded for a version; the latest (current = 1) is the one matched. The
-- original file is kept in the row: uploads are bounded (PRODUCTS_SBOM_MAX) and this keeps
-- the document and its findings in one transaction and one backup.
CREATE TABLE product_sboms (
  id           TEXT PRIMARY KEY,
  version_id   TEXT NOT NULL REFERENCES product_versions(id),
  sha256       TEXT NOT NULL,
  size         BIGINT NOT NULL,
  content      BLOB NOT NULL,
  format       TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  components   BIGINT NOT NULL,
  ntia_all     REAL NOT NULL,           -- % of components meeting every NTIA 2021 element
  cisa_all     REAL NOT NULL,           -- % meeting NTIA and the CISA 2025 additions
  quality      TEXT NOT NULL,           -- JSON object: every minimum-element percentage
  current      INTEGER NOT NULL DEFAULT 1,
  uploaded_by  TEXT NOT NULL,
  uploaded_at  TEXT NOT NULL
);
CREATE INDEX product_sboms_version ON product_sboms(version_id, current);

-- Components of the current SBOM of a version. ckey identifies a component across uploads
-- (purl, else name@version) so findings keep their first-seen time and VEX.
-- ecosystem/package are the OSV base ecosystem and normalized name, as in vuln_affected.
CREATE TABLE product_components (
  version_id  TEXT NOT NULL REFERENCES product_versions(id),
  seq         INTEGER NOT NULL,
  ckey        TEXT NOT NULL,
  name        TEXT NOT NULL,
  version     TEXT NOT NULL DEFAULT '',
  purl        TEXT NOT NULL DEFAULT '',
  ecosystem   TEXT NOT NULL DEFAULT '',
  package     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (version_id, seq)
);
CREATE INDEX product_components_pkg ON product_components(ecosystem, package);

-- One (component, advisory) pair ever matched for a version. state goes back to open when
-- a later match finds it again.
CREATE TABLE product_findings (
  id           TEXT PRIMARY KEY,
  version_id   TEXT NOT NULL REFERENCES product_versions(id),
  ckey         TEXT NOT NULL,
  advisory_id  TEXT NOT NULL,
  ecosystem    TEXT NOT NULL DEFAULT '',
  package      TEXT NOT NULL DEFAULT '',
  summary      TEXT NOT NULL DEFAULT '',
  max_score    REAL NOT NULL DEFAULT -1,  -- highest CVSS base score, -1 when none
  kev_cve      TEXT NOT NULL DEFAULT '',  -- set while the advisory or an alias is in KEV
  kev_due_date TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL,             -- open | resolved
  first_seen   TEXT NOT NULL,
  last_seen    TEXT NOT NULL,
  resolved_at  TEXT,
  UNIQUE (version_id, ckey, advisory_id)
);
CREATE INDEX product_findings_adv ON product_findings(advisory_id);
CREATE INDEX product_findings_pkg ON product_findings(ecosystem, package);

-- The advisory id and its aliases per finding, so "impact of CVE-…" finds a GHSA match.
CREATE TABLE product_finding_ids (
  finding_id TEXT NOT NULL REFERENCES product_findings(id),
  vuln_id    TEXT NOT NULL,
  PRIMARY KEY (finding_id, vuln_id)
);
CREATE INDEX product_finding_ids_vuln ON product_finding_ids(vuln_id);

-- The supplier's statement on a finding; one current statement per finding.
CREATE TABLE product_vex (
  finding_id    TEXT PRIMARY KEY REFERENCES product_findings(id),
  status        TEXT NOT NULL,   -- not_affected | affected | fixed | under_investigation
  justification TEXT NOT NULL DEFAULT '',
  action        TEXT NOT NULL DEFAULT '',
  detail        TEXT NOT NULL DEFAULT '',
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- Consent: the supplier shows one buyer a product's SBOM (scope sbom: components too) or
-- only its vulnerability status (scope status: findings and VEX). Withdrawal hides it at once.
CREATE TABLE product_shares (
  id              TEXT PRIMARY KEY,
  product_id      TEXT NOT NULL REFERENCES products(id),
  supplier_org_id TEXT NOT NULL REFERENCES organizations(id),
  buyer_org_id    TEXT NOT NULL REFERENCES organizations(id),
  scope           TEXT NOT NULL,   -- sbom | status
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  withdrawn_at    TEXT
);
CREATE INDEX product_shares_buyer ON product_shares(buyer_org_id, withdrawn_at);
CREATE INDEX product_shares_product ON product_shares(product_id, withdrawn_at);
