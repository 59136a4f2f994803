CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE teams (id bigint PRIMARY KEY);
CREATE TABLE products (id bigint, team_id bigint);
CREATE SCHEMA archive;
CREATE TABLE old_items (id bigint);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
BEGIN;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- want: concurrently-in-transaction
ALTER TABLE users ADD COLUMN nickname text;
UPDATE users SET nickname = name; -- want: statement-after-exclusive-lock
ALTER TABLE users ADD CONSTRAINT users_name_check CHECK (name <> '') NOT VALID; -- want: new-constraint-may-reject-writes
ALTER TABLE users VALIDATE CONSTRAINT users_name_check; -- want: validate-in-same-transaction
BEGIN; -- want: nested-transaction
VACUUM users; -- want: cannot-run-in-transaction
COMMIT;
VACUUM users;
CREATE INDEX CONCURRENTLY users_name_idx ON users (name);
-- The locked table under its new name is the same lock: renaming its key
-- adds no time (formbricks renames Team to Organization, then its key);
-- waiting for the next table's lock does.
BEGIN;
ALTER TABLE teams RENAME TO organizations; -- want: rename-table
ALTER TABLE organizations RENAME CONSTRAINT teams_pkey TO organizations_pkey;
ALTER TABLE products RENAME COLUMN team_id TO organization_id; -- want: rename-column, statement-after-exclusive-lock
COMMIT;
-- Moved to another schema, likewise.
BEGIN;
ALTER TABLE old_items SET SCHEMA archive;
ALTER TABLE archive.old_items ADD COLUMN note text;
ALTER TABLE products ADD COLUMN note text; -- want: statement-after-exclusive-lock
COMMIT;
BEGIN; -- want: begin-without-commit
ALTER TYPE mood ADD VALUE 'ok' AFTER 'sad';
