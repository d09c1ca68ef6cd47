-- The network address an upload came from, kept with its import job, so
-- that the audit entries the import writes later, on whichever node runs
-- the job, name where the change came from as those of the pages do.

-- +goose Up
ALTER TABLE import_jobs ADD COLUMN address TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE import_jobs DROP COLUMN address;
