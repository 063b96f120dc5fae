-- Re-matching after an import looks up the advisories imported since a time; without this
-- index that was a scan of every stored advisory (1,000,000 in the vulnerability benchmark).
CREATE INDEX vuln_advisories_imported ON vuln_advisories(imported_at);
