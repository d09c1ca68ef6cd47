-- Each college's students and dual students, kept beside the college by
-- triggers on students whatever writes them (the forms, the imports, the
-- bulk loader's COPY, the agreements that place a student at an
-- enterprise), so that the college by ID — the API's most frequent read —
-- and the list of colleges read two numbers instead of counting the
-- college's students on every request (store/college.go; issue 11, the
-- load figures).

-- +goose Up
CREATE TABLE college_figures (
    college_id    BIGINT PRIMARY KEY REFERENCES colleges (id),
    students      INTEGER NOT NULL DEFAULT 0 CHECK (students >= 0),
    dual_students INTEGER NOT NULL DEFAULT 0 CHECK (dual_students >= 0)
);
INSERT INTO college_figures (college_id, students, dual_students)
SELECT c.id, count(s.college_id), count(s.enterprise_id)
FROM colleges c LEFT JOIN students s ON s.college_id = c.id
GROUP BY c.id;

-- +goose StatementBegin
CREATE FUNCTION college_figures_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO college_figures (college_id) SELECT id FROM new_colleges;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER colleges_figures_insert AFTER INSERT ON colleges
    REFERENCING NEW TABLE AS new_colleges FOR EACH STATEMENT EXECUTE FUNCTION college_figures_add();

-- Once per statement, so a bulk load or an import moves each college's
-- row once; an update that leaves every student's college and placement
-- as they were (a change of status, say) changes no row and so locks none.
-- Each transition table is named only in the branch of the operation that
-- has it.
-- +goose StatementBegin
CREATE FUNCTION college_figures_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE college_figures f SET students = f.students + d.n, dual_students = f.dual_students + d.dual
        FROM (SELECT college_id, count(*) AS n, count(enterprise_id) AS dual FROM new_students GROUP BY college_id) d
        WHERE f.college_id = d.college_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE college_figures f SET students = f.students - d.n, dual_students = f.dual_students - d.dual
        FROM (SELECT college_id, count(*) AS n, count(enterprise_id) AS dual FROM old_students GROUP BY college_id) d
        WHERE f.college_id = d.college_id;
    ELSE
        UPDATE college_figures f SET students = f.students + d.n, dual_students = f.dual_students + d.dual
        FROM (SELECT college_id, sum(n) AS n, sum(dual) AS dual
              FROM (SELECT college_id, 1 AS n, CASE WHEN enterprise_id IS NULL THEN 0 ELSE 1 END AS dual FROM new_students
                    UNION ALL
                    SELECT college_id, -1, CASE WHEN enterprise_id IS NULL THEN 0 ELSE -1 END FROM old_students) m
              GROUP BY college_id
              HAVING sum(n) <> 0 OR sum(dual) <> 0) d
        WHERE f.college_id = d.college_id;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER students_figures_insert AFTER INSERT ON students
    REFERENCING NEW TABLE AS new_students FOR EACH STATEMENT EXECUTE FUNCTION college_figures_count();
CREATE TRIGGER students_figures_update AFTER UPDATE ON students
    REFERENCING OLD TABLE AS old_students NEW TABLE AS new_students FOR EACH STATEMENT EXECUTE FUNCTION college_figures_count();
CREATE TRIGGER students_figures_delete AFTER DELETE ON students
    REFERENCING OLD TABLE AS old_students FOR EACH STATEMENT EXECUTE FUNCTION college_figures_count();

-- +goose Down
DROP TRIGGER students_figures_delete ON students;
DROP TRIGGER students_figures_update ON students;
DROP TRIGGER students_figures_insert ON students;
DROP FUNCTION college_figures_count;
DROP TRIGGER colleges_figures_insert ON colleges;
DROP FUNCTION college_figures_add;
DROP TABLE college_figures;
