-- Each college's students and dual students, kept beside the college by
-- triggers on students whatever writes them (the forms, the imports, the
-- bulk loader, the agreements that place a student at an enterprise), so
-- that the college by ID — the API's most frequent read — and the list of
-- colleges read two numbers instead of counting the college's students on
-- every request (store/college.go; issue 11, the load figures).

-- +goose Up
CREATE TABLE college_figures (
    college_id    INTEGER PRIMARY KEY REFERENCES colleges (id),
    students      INTEGER NOT NULL DEFAULT 0 CHECK (students >= 0),
    dual_students INTEGER NOT NULL DEFAULT 0 CHECK (dual_students >= 0)
) STRICT;
INSERT INTO college_figures (college_id, students, dual_students)
SELECT c.id, (SELECT count(*) FROM students s WHERE s.college_id = c.id),
       (SELECT count(*) FROM students s WHERE s.college_id = c.id AND s.enterprise_id IS NOT NULL)
FROM colleges c;

-- +goose StatementBegin
CREATE TRIGGER colleges_figures_insert AFTER INSERT ON colleges
BEGIN
    INSERT INTO college_figures (college_id) VALUES (NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER students_figures_insert AFTER INSERT ON students
BEGIN
    UPDATE college_figures SET students = students + 1, dual_students = dual_students + (NEW.enterprise_id IS NOT NULL)
    WHERE college_id = NEW.college_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER students_figures_delete AFTER DELETE ON students
BEGIN
    UPDATE college_figures SET students = students - 1, dual_students = dual_students - (OLD.enterprise_id IS NOT NULL)
    WHERE college_id = OLD.college_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER students_figures_update AFTER UPDATE OF college_id, enterprise_id ON students
WHEN OLD.college_id <> NEW.college_id OR (OLD.enterprise_id IS NULL) <> (NEW.enterprise_id IS NULL)
BEGIN
    UPDATE college_figures SET students = students - 1, dual_students = dual_students - (OLD.enterprise_id IS NOT NULL)
    WHERE college_id = OLD.college_id;
    UPDATE college_figures SET students = students + 1, dual_students = dual_students + (NEW.enterprise_id IS NOT NULL)
    WHERE college_id = NEW.college_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER students_figures_update;
DROP TRIGGER students_figures_delete;
DROP TRIGGER students_figures_insert;
DROP TRIGGER colleges_figures_insert;
DROP TABLE college_figures;
