-- SQLite: a version number for the shape of the supply chain (organizations and the
-- relationships between them). Every change that can alter the chain bumps it in the writer's
-- own transaction, so a process may keep the chain in memory and know, with one read, whether
-- its copy is still the database's. The token tells apart two databases that happen to reach
-- the same number (a file removed and created again at the same path). PostgreSQL gets the
-- same counter, kept by trigger functions, in its own file with this number.
CREATE TABLE chain_version (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  n     INTEGER NOT NULL,
  token TEXT NOT NULL
);
INSERT INTO chain_version(id, n, token) VALUES (1, 0, lower(hex(randomblob(16))));

CREATE TRIGGER chain_version_rel_insert AFTER INSERT ON relationships
BEGIN
  UPDATE chain_version SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER chain_version_rel_delete AFTER DELETE ON relationships
BEGIN
  UPDATE chain_version SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER chain_version_rel_update AFTER UPDATE OF id, buyer_org_id, supplier_corpnum, supplier_name, required_level
  ON relationships
BEGIN
  UPDATE chain_version SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER chain_version_org_insert AFTER INSERT ON organizations
BEGIN
  UPDATE chain_version SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER chain_version_org_delete AFTER DELETE ON organizations
BEGIN
  UPDATE chain_version SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER chain_version_org_update AFTER UPDATE OF id, corporate_number, name_ja, sector ON organizations
BEGIN
  UPDATE chain_version SET n = n + 1 WHERE id = 1;
END;

-- The dashboard reads the latest request of each of a buyer's relationships in one pass.
CREATE INDEX requests_buyer ON requests(buyer_org_id, relationship_id, created_at);
-- The supplier list comes out by name without a sort of every row.
CREATE INDEX relationships_buyer_name ON relationships(buyer_org_id, supplier_name, id);
