-- JC-STAR IoT product labels: products, model numbers, checklist answers, evidence and PSTI
-- statements (bytes in evidence_blobs), labels, change notices.
CREATE TABLE iot_products (
  id               TEXT PRIMARY KEY,
  org_id           TEXT NOT NULL REFERENCES organizations(id),
  vendor           TEXT NOT NULL,
  name             TEXT NOT NULL,
  product_type     TEXT NOT NULL,
  firmware_version TEXT NOT NULL,
  support_end      TEXT NOT NULL,
  update_method    TEXT NOT NULL,
  vuln_contact     TEXT NOT NULL,
  disclosure_url   TEXT NOT NULL,
  sbom_url         TEXT NOT NULL DEFAULT '',
  catalog_id       TEXT NOT NULL REFERENCES catalogs(id),
  level            TEXT NOT NULL,
  status           TEXT NOT NULL,
  psti_evidence_id TEXT,
  label_id         TEXT,
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  -- English texts for the English product page (the UK side of PSTI recognition wants them)
  vendor_en        TEXT NOT NULL DEFAULT '',
  name_en          TEXT NOT NULL DEFAULT '',
  update_method_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX iot_products_org ON iot_products(org_id, created_at);

CREATE TABLE iot_product_models (
  product_id TEXT NOT NULL REFERENCES iot_products(id),
  ord        INTEGER NOT NULL,
  model      TEXT NOT NULL,
  PRIMARY KEY (product_id, model)
);
CREATE INDEX iot_product_models_model ON iot_product_models(model);

CREATE TABLE iot_answers (
  product_id   TEXT NOT NULL REFERENCES iot_products(id),
  criterion_id TEXT NOT NULL,
  status       TEXT NOT NULL,
  evidence     TEXT NOT NULL DEFAULT '',
  updated_by   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (product_id, criterion_id)
);

CREATE TABLE iot_evidence (
  id           TEXT PRIMARY KEY,
  product_id   TEXT NOT NULL REFERENCES iot_products(id),
  criterion_id TEXT NOT NULL DEFAULT '',
  kind         TEXT NOT NULL,
  sha256       TEXT NOT NULL REFERENCES evidence_blobs(sha256),
  filename     TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL,
  uploaded_at  TEXT NOT NULL
);
CREATE INDEX iot_evidence_p ON iot_evidence(product_id, criterion_id);

CREATE TABLE iot_labels (
  id              TEXT PRIMARY KEY,
  reg_number      TEXT NOT NULL UNIQUE,
  product_id      TEXT NOT NULL REFERENCES iot_products(id),
  org_id          TEXT NOT NULL REFERENCES organizations(id),
  catalog_id      TEXT NOT NULL,
  level           TEXT NOT NULL,
  issued_on       TEXT NOT NULL,
  expires_on      TEXT NOT NULL,
  status          TEXT NOT NULL,
  withdraw_reason TEXT NOT NULL DEFAULT '',
  withdrawn_at    TEXT NOT NULL DEFAULT '',
  psti_recognized INTEGER NOT NULL DEFAULT 0,
  declarant_name  TEXT NOT NULL,
  declarant_title TEXT NOT NULL,
  declared_by     TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX iot_labels_issued ON iot_labels(issued_on);

CREATE TABLE iot_label_changes (
  id         TEXT PRIMARY KEY,
  label_id   TEXT NOT NULL REFERENCES iot_labels(id),
  kind       TEXT NOT NULL,
  before     TEXT NOT NULL,
  after      TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX iot_label_changes_l ON iot_label_changes(label_id, created_at);
