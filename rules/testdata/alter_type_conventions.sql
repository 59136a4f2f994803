-- Conventions apply to the type a column is changed to, too.
CREATE TABLE t (id integer PRIMARY KEY, at timestamptz, name text, doc jsonb);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
-- schemacheck:ignore-file alter-column-type-rewrites-table, incompatible-type-change
ALTER TABLE t ALTER COLUMN at TYPE timestamp; -- want: prefer-timestamptz
ALTER TABLE t ALTER COLUMN name TYPE varchar(40); -- want: prefer-text-over-varchar
ALTER TABLE t ALTER COLUMN doc TYPE json; -- want: prefer-jsonb
ALTER TABLE t ALTER COLUMN id TYPE smallint; -- want: prefer-bigint-keys
ALTER TABLE t ALTER COLUMN id TYPE bigint;
ALTER TABLE t ALTER COLUMN name TYPE varchar(80);
ALTER TABLE t ALTER COLUMN name TYPE text;
