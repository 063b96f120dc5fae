-- SQLite: how far each assessment has come, per catalog category and per tagged threat (the
-- criteria at the assessment's level, and how many of them are met: answered implemented or
-- not applicable, or found conformant or an observation by the evaluation body), and which
-- categories it misses something in. The buyer's dashboard reads these few rows per shared
-- assessment instead of joining every criterion of every supplier's answers. Kept by triggers in the writer's own transaction: an assessment's
-- rows are made when it is created (nothing met yet), and every answer or finding written,
-- changed or removed moves "met" by the change it makes to its criterion. PostgreSQL gets the
-- same tables and trigger functions in its own file with this number.
CREATE TABLE assessment_category_progress (
  assessment_id TEXT NOT NULL,
  category_id   TEXT NOT NULL,
  criteria      INTEGER NOT NULL,
  met           INTEGER NOT NULL,
  PRIMARY KEY (assessment_id, category_id)
);
CREATE TABLE assessment_threat_progress (
  assessment_id TEXT NOT NULL,
  threat_id     TEXT NOT NULL,
  criteria      INTEGER NOT NULL,
  met           INTEGER NOT NULL,
  PRIMARY KEY (assessment_id, threat_id)
);
-- The categories an assessment misses something in, space-separated (catalog identifiers have
-- no spaces): the dashboard counts, per category, the suppliers that miss it from one row per
-- shared assessment.
CREATE TABLE assessment_gaps (
  assessment_id TEXT PRIMARY KEY,
  missing       TEXT NOT NULL
);
CREATE INDEX catalog_criteria_requirement ON catalog_criteria(catalog_id, requirement_id);

-- The assessments there are already.
INSERT INTO assessment_category_progress(assessment_id, category_id, criteria, met)
 SELECT a.id, q.category_id, count(*), sum(CASE WHEN x.status IN ('implemented','not_applicable') OR f.result IN ('conformant','observation') THEN 1 ELSE 0 END)
 FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level
 JOIN catalog_criteria k ON k.catalog_id = l.catalog_id AND k.id = l.criterion_id
 JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id
 LEFT JOIN assessment_answers x ON x.assessment_id = a.id AND x.criterion_id = k.id
 LEFT JOIN assessment_findings f ON f.assessment_id = a.id AND f.criterion_id = k.id
 WHERE 1 GROUP BY a.id, q.category_id;
INSERT INTO assessment_threat_progress(assessment_id, threat_id, criteria, met)
 SELECT a.id, rt.threat_id, count(*), sum(CASE WHEN x.status IN ('implemented','not_applicable') OR f.result IN ('conformant','observation') THEN 1 ELSE 0 END)
 FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level
 JOIN catalog_criteria k ON k.catalog_id = l.catalog_id AND k.id = l.criterion_id
 JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id
 LEFT JOIN assessment_answers x ON x.assessment_id = a.id AND x.criterion_id = k.id
 LEFT JOIN assessment_findings f ON f.assessment_id = a.id AND f.criterion_id = k.id
 WHERE 1 GROUP BY a.id, rt.threat_id;
INSERT INTO assessment_gaps(assessment_id, missing) SELECT a.id, (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = a.id AND met < criteria ORDER BY category_id)) FROM assessments a;

CREATE TRIGGER progress_assessment_insert AFTER INSERT ON assessments
BEGIN
  INSERT INTO assessment_category_progress(assessment_id, category_id, criteria, met)
   SELECT a.id, q.category_id, count(*), sum(CASE WHEN x.status IN ('implemented','not_applicable') OR f.result IN ('conformant','observation') THEN 1 ELSE 0 END)
   FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level
   JOIN catalog_criteria k ON k.catalog_id = l.catalog_id AND k.id = l.criterion_id
   JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id
   LEFT JOIN assessment_answers x ON x.assessment_id = a.id AND x.criterion_id = k.id
   LEFT JOIN assessment_findings f ON f.assessment_id = a.id AND f.criterion_id = k.id
   WHERE a.id = NEW.id GROUP BY a.id, q.category_id;
  INSERT INTO assessment_threat_progress(assessment_id, threat_id, criteria, met)
   SELECT a.id, rt.threat_id, count(*), sum(CASE WHEN x.status IN ('implemented','not_applicable') OR f.result IN ('conformant','observation') THEN 1 ELSE 0 END)
   FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level
   JOIN catalog_criteria k ON k.catalog_id = l.catalog_id AND k.id = l.criterion_id
   JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id
   LEFT JOIN assessment_answers x ON x.assessment_id = a.id AND x.criterion_id = k.id
   LEFT JOIN assessment_findings f ON f.assessment_id = a.id AND f.criterion_id = k.id
   WHERE a.id = NEW.id GROUP BY a.id, rt.threat_id;
  INSERT INTO assessment_gaps(assessment_id, missing) VALUES (NEW.id, (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = NEW.id AND met < criteria ORDER BY category_id)));
END;
CREATE TRIGGER progress_assessment_level AFTER UPDATE OF catalog_id, level ON assessments
BEGIN
  DELETE FROM assessment_category_progress WHERE assessment_id = NEW.id;
  DELETE FROM assessment_threat_progress WHERE assessment_id = NEW.id;
  INSERT INTO assessment_category_progress(assessment_id, category_id, criteria, met)
   SELECT a.id, q.category_id, count(*), sum(CASE WHEN x.status IN ('implemented','not_applicable') OR f.result IN ('conformant','observation') THEN 1 ELSE 0 END)
   FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level
   JOIN catalog_criteria k ON k.catalog_id = l.catalog_id AND k.id = l.criterion_id
   JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id
   LEFT JOIN assessment_answers x ON x.assessment_id = a.id AND x.criterion_id = k.id
   LEFT JOIN assessment_findings f ON f.assessment_id = a.id AND f.criterion_id = k.id
   WHERE a.id = NEW.id GROUP BY a.id, q.category_id;
  INSERT INTO assessment_threat_progress(assessment_id, threat_id, criteria, met)
   SELECT a.id, rt.threat_id, count(*), sum(CASE WHEN x.status IN ('implemented','not_applicable') OR f.result IN ('conformant','observation') THEN 1 ELSE 0 END)
   FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level
   JOIN catalog_criteria k ON k.catalog_id = l.catalog_id AND k.id = l.criterion_id
   JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id
   LEFT JOIN assessment_answers x ON x.assessment_id = a.id AND x.criterion_id = k.id
   LEFT JOIN assessment_findings f ON f.assessment_id = a.id AND f.criterion_id = k.id
   WHERE a.id = NEW.id GROUP BY a.id, rt.threat_id;
  DELETE FROM assessment_gaps WHERE assessment_id = NEW.id;
  INSERT INTO assessment_gaps(assessment_id, missing) VALUES (NEW.id, (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = NEW.id AND met < criteria ORDER BY category_id)));
END;
CREATE TRIGGER progress_assessment_delete AFTER DELETE ON assessments
BEGIN
  DELETE FROM assessment_category_progress WHERE assessment_id = OLD.id;
  DELETE FROM assessment_threat_progress WHERE assessment_id = OLD.id;
  DELETE FROM assessment_gaps WHERE assessment_id = OLD.id;
END;
CREATE TRIGGER progress_answer_insert AFTER INSERT ON assessment_answers
BEGIN
  UPDATE assessment_category_progress SET met = met + (coalesce(NEW.status IN ('implemented','not_applicable'), 0) OR coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)) - (coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0))
   WHERE assessment_id = NEW.assessment_id AND category_id IN (SELECT q.category_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = NEW.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = NEW.criterion_id JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id WHERE a.id = NEW.assessment_id);
  UPDATE assessment_threat_progress SET met = met + (coalesce(NEW.status IN ('implemented','not_applicable'), 0) OR coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)) - (coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0))
   WHERE assessment_id = NEW.assessment_id AND threat_id IN (SELECT rt.threat_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = NEW.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = NEW.criterion_id JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id WHERE a.id = NEW.assessment_id);
  UPDATE assessment_gaps SET missing = (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = NEW.assessment_id AND met < criteria ORDER BY category_id))
   WHERE assessment_id = NEW.assessment_id;
END;
CREATE TRIGGER progress_answer_update AFTER UPDATE OF status ON assessment_answers
BEGIN
  UPDATE assessment_category_progress SET met = met + (coalesce(NEW.status IN ('implemented','not_applicable'), 0) OR coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)) - (coalesce(OLD.status IN ('implemented','not_applicable'), 0) OR coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0))
   WHERE assessment_id = NEW.assessment_id AND category_id IN (SELECT q.category_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = NEW.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = NEW.criterion_id JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id WHERE a.id = NEW.assessment_id);
  UPDATE assessment_threat_progress SET met = met + (coalesce(NEW.status IN ('implemented','not_applicable'), 0) OR coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)) - (coalesce(OLD.status IN ('implemented','not_applicable'), 0) OR coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0))
   WHERE assessment_id = NEW.assessment_id AND threat_id IN (SELECT rt.threat_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = NEW.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = NEW.criterion_id JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id WHERE a.id = NEW.assessment_id);
  UPDATE assessment_gaps SET missing = (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = NEW.assessment_id AND met < criteria ORDER BY category_id))
   WHERE assessment_id = NEW.assessment_id;
END;
CREATE TRIGGER progress_answer_delete AFTER DELETE ON assessment_answers
BEGIN
  UPDATE assessment_category_progress SET met = met + (coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = OLD.assessment_id AND criterion_id = OLD.criterion_id), 0)) - (coalesce(OLD.status IN ('implemented','not_applicable'), 0) OR coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = OLD.assessment_id AND criterion_id = OLD.criterion_id), 0))
   WHERE assessment_id = OLD.assessment_id AND category_id IN (SELECT q.category_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = OLD.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = OLD.criterion_id JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id WHERE a.id = OLD.assessment_id);
  UPDATE assessment_threat_progress SET met = met + (coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = OLD.assessment_id AND criterion_id = OLD.criterion_id), 0)) - (coalesce(OLD.status IN ('implemented','not_applicable'), 0) OR coalesce((SELECT result IN ('conformant','observation') FROM assessment_findings WHERE assessment_id = OLD.assessment_id AND criterion_id = OLD.criterion_id), 0))
   WHERE assessment_id = OLD.assessment_id AND threat_id IN (SELECT rt.threat_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = OLD.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = OLD.criterion_id JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id WHERE a.id = OLD.assessment_id);
  UPDATE assessment_gaps SET missing = (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = OLD.assessment_id AND met < criteria ORDER BY category_id))
   WHERE assessment_id = OLD.assessment_id;
END;
CREATE TRIGGER progress_finding_insert AFTER INSERT ON assessment_findings
BEGIN
  UPDATE assessment_category_progress SET met = met + (coalesce(NEW.result IN ('conformant','observation'), 0) OR coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)) - (coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0))
   WHERE assessment_id = NEW.assessment_id AND category_id IN (SELECT q.category_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = NEW.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = NEW.criterion_id JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id WHERE a.id = NEW.assessment_id);
  UPDATE assessment_threat_progress SET met = met + (coalesce(NEW.result IN ('conformant','observation'), 0) OR coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)) - (coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0))
   WHERE assessment_id = NEW.assessment_id AND threat_id IN (SELECT rt.threat_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = NEW.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = NEW.criterion_id JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id WHERE a.id = NEW.assessment_id);
  UPDATE assessment_gaps SET missing = (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = NEW.assessment_id AND met < criteria ORDER BY category_id))
   WHERE assessment_id = NEW.assessment_id;
END;
CREATE TRIGGER progress_finding_update AFTER UPDATE OF result ON assessment_findings
BEGIN
  UPDATE assessment_category_progress SET met = met + (coalesce(NEW.result IN ('conformant','observation'), 0) OR coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)) - (coalesce(OLD.result IN ('conformant','observation'), 0) OR coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0))
   WHERE assessment_id = NEW.assessment_id AND category_id IN (SELECT q.category_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = NEW.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = NEW.criterion_id JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id WHERE a.id = NEW.assessment_id);
  UPDATE assessment_threat_progress SET met = met + (coalesce(NEW.result IN ('conformant','observation'), 0) OR coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)) - (coalesce(OLD.result IN ('conformant','observation'), 0) OR coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0))
   WHERE assessment_id = NEW.assessment_id AND threat_id IN (SELECT rt.threat_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = NEW.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = NEW.criterion_id JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id WHERE a.id = NEW.assessment_id);
  UPDATE assessment_gaps SET missing = (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = NEW.assessment_id AND met < criteria ORDER BY category_id))
   WHERE assessment_id = NEW.assessment_id;
END;
CREATE TRIGGER progress_finding_delete AFTER DELETE ON assessment_findings
BEGIN
  UPDATE assessment_category_progress SET met = met + (coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = OLD.assessment_id AND criterion_id = OLD.criterion_id), 0)) - (coalesce(OLD.result IN ('conformant','observation'), 0) OR coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = OLD.assessment_id AND criterion_id = OLD.criterion_id), 0))
   WHERE assessment_id = OLD.assessment_id AND category_id IN (SELECT q.category_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = OLD.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = OLD.criterion_id JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id WHERE a.id = OLD.assessment_id);
  UPDATE assessment_threat_progress SET met = met + (coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = OLD.assessment_id AND criterion_id = OLD.criterion_id), 0)) - (coalesce(OLD.result IN ('conformant','observation'), 0) OR coalesce((SELECT status IN ('implemented','not_applicable') FROM assessment_answers WHERE assessment_id = OLD.assessment_id AND criterion_id = OLD.criterion_id), 0))
   WHERE assessment_id = OLD.assessment_id AND threat_id IN (SELECT rt.threat_id FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level AND l.criterion_id = OLD.criterion_id JOIN catalog_criteria k ON k.catalog_id = a.catalog_id AND k.id = OLD.criterion_id JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id WHERE a.id = OLD.assessment_id);
  UPDATE assessment_gaps SET missing = (SELECT coalesce(group_concat(category_id, ' '), '') FROM (SELECT category_id FROM assessment_category_progress WHERE assessment_id = OLD.assessment_id AND met < criteria ORDER BY category_id))
   WHERE assessment_id = OLD.assessment_id;
END;
