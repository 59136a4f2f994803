-- notransaction
CREATE TABLE existing (id bigint PRIMARY KEY, email text);
-- @change
CREATE TABLE IF NOT EXISTS a (id integer PRIMARY KEY); -- want: prefer-bigint-keys
CREATE TABLE IF NOT EXISTS b (id serial PRIMARY KEY); -- want: prefer-bigint-keys, prefer-identity
CREATE TABLE IF NOT EXISTS c (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamp, name varchar(40), code char(2), doc json, ok timestamptz, body text, data jsonb); -- want: prefer-timestamptz, prefer-text-over-varchar, prefer-text-over-varchar, prefer-jsonb
CREATE TABLE IF NOT EXISTS d (id bigint, PRIMARY KEY (id));
CREATE TABLE IF NOT EXISTS e (small smallint, PRIMARY KEY (small)); -- want: prefer-bigint-keys
CREATE TABLE IF NOT EXISTS this_table_name_is_far_too_long_for_postgresql_to_keep_it_as_written_x (id bigint); -- want: identifier-too-long
ALTER TABLE this_table_name_is_far_too_long_for_postgresql_to_keep_it_as_written_x ADD COLUMN the_name_of_this_column_is_far_too_long_for_postgresql_to_keep_it_x text; -- want: identifier-too-long, identifier-too-long
-- A RENAME defines only its new name; the old one was judged where it was defined.
ALTER TABLE this_table_name_is_far_too_long_for_postgresql_to_keep_it_as_written_x RENAME TO short_name;
ALTER TABLE short_name RENAME TO this_other_table_name_is_also_far_too_long_for_postgresql_to_keep_x; -- want: identifier-too-long
ALTER TABLE this_other_table_name_is_also_far_too_long_for_postgresql_to_keep_x RENAME TO this_table_name_is_far_too_long_for_postgresql_to_keep_it_as_written_x; -- want: identifier-too-long
-- A DROP finds what PostgreSQL named, truncated alike: the name was judged where it was defined.
DROP INDEX CONCURRENTLY IF EXISTS an_index_name_postgresql_generated_which_a_person_spelled_in_full_idx;
ALTER TABLE this_table_name_is_far_too_long_for_postgresql_to_keep_it_as_written_x DROP COLUMN IF EXISTS the_name_of_this_column_is_far_too_long_for_postgresql_to_keep_it_x;
ALTER TABLE this_table_name_is_far_too_long_for_postgresql_to_keep_it_as_written_x DROP CONSTRAINT IF EXISTS a_constraint_name_postgresql_generated_and_a_person_spelled_out_in_full;
ALTER TABLE existing ADD COLUMN email text; -- want: duplicate-column, require-lock-timeout
ALTER TABLE existing ADD COLUMN IF NOT EXISTS email text;
CREATE TABLE dup (a int, a int); -- want: duplicate-column, non-idempotent-ddl
CREATE INDEX CONCURRENTLY existing_email_idx ON existing (email); -- want: non-idempotent-ddl
CREATE INDEX CONCURRENTLY IF NOT EXISTS existing_email_idx2 ON existing (email);
DROP TABLE IF EXISTS never;
-- A DO block that handles the error adds a column that may exist (kestra
-- catches duplicate_column); without a handler the statement fails.
DO $$
BEGIN
    ALTER TABLE existing ADD COLUMN email text;
EXCEPTION
    WHEN duplicate_column THEN NULL;
END $$;
DO $$
BEGIN
    ALTER TABLE existing ADD COLUMN email text; -- want: duplicate-column
END $$;
