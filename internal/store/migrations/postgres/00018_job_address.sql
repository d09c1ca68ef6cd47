-- The network address an upload or a large download was asked from, kept
-- with its job, so that the audit entries the job writes later, on
-- whichever node runs it, name where the request came from as those of
-- the pages do.

-- +goose Up
ALTER TABLE import_jobs ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE export_jobs ADD COLUMN address TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE export_jobs DROP COLUMN address;
ALTER TABLE import_jobs DROP COLUMN address;
