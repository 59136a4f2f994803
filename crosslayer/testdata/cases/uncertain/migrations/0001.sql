CREATE TABLE orders (id bigint PRIMARY KEY, total bigint NOT NULL);
-- The catalog cannot follow dynamic SQL: orders is uncertain from here on.
DO $$ BEGIN EXECUTE 'ALTER TABLE orders ADD COLUMN note text'; END $$;
