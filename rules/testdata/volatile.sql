-- A volatile function anywhere in a default makes ADD COLUMN rewrite.
CREATE TABLE users (id bigint PRIMARY KEY);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE users ADD COLUMN a int DEFAULT CASE WHEN random() > 0.5 THEN 1 ELSE 0 END; -- want: add-column-rewrites-table
ALTER TABLE users ADD COLUMN b boolean DEFAULT (random() > 0.5 AND true); -- want: add-column-rewrites-table
ALTER TABLE users ADD COLUMN c double precision DEFAULT greatest(random(), 0.5); -- want: add-column-rewrites-table
ALTER TABLE users ADD COLUMN d text DEFAULT coalesce(NULL, gen_random_uuid()::text); -- want: add-column-rewrites-table
ALTER TABLE users ADD COLUMN e uuid DEFAULT nullif(gen_random_uuid(), NULL); -- want: add-column-rewrites-table
-- Stable and constant expressions are computed once.
ALTER TABLE users ADD COLUMN f int DEFAULT CASE WHEN now() > '2020-01-01' THEN 1 ELSE 0 END;
ALTER TABLE users ADD COLUMN g boolean DEFAULT (now() > '2020-01-01' OR false);
ALTER TABLE users ADD COLUMN h timestamptz DEFAULT greatest(now(), '2020-01-01'::timestamptz);
-- One statement rewrites its table once, however many of its columns need
-- it: one finding naming them all; a second statement is a second rewrite.
ALTER TABLE users ADD COLUMN m uuid DEFAULT gen_random_uuid(), ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY, ADD COLUMN o int GENERATED ALWAYS AS (id * 2) STORED; -- want: add-column-rewrites-table
ALTER TABLE users ADD COLUMN p uuid DEFAULT gen_random_uuid(); -- want: add-column-rewrites-table
