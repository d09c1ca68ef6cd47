-- Bulk imports of placement offers (issue 6): an enterprise names each of
-- its offers by a reference of its own (its vacancy or order number), so
-- that importing its list again finds the offers it already brought in
-- instead of adding them twice. Offers made on the page have none.
--
-- A plain unique index, not a partial one (WHERE ref IS NOT NULL): NULLs
-- never collide in a unique index on either database, so the two allow
-- the same rows, and INSERT … ON CONFLICT (enterprise_id, ref) finds a
-- plain index without repeating the partial index's predicate.

-- +goose Up
ALTER TABLE offers ADD COLUMN ref TEXT;
CREATE UNIQUE INDEX offers_ref ON offers (enterprise_id, ref);

-- +goose Down
DROP INDEX offers_ref;
ALTER TABLE offers DROP COLUMN ref;
