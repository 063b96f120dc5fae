-- Indexes for issue 8's scale (docs/benchmarks.md).
-- Re-matching after an import looks up the advisories imported since a time; without this
-- index that was a scan of every stored advisory (1,000,000 in the vulnerability benchmark).
CREATE INDEX vuln_advisories_imported ON vuln_advisories(imported_at);
-- "Which of my suppliers' products does any KEV entry hit?" starts from the few open KEV
-- findings instead of every open finding the buyer sees.
CREATE INDEX product_findings_kev ON product_findings(kev_cve) WHERE kev_cve <> '' AND state = 'open';
