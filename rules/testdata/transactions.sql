CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
CREATE TYPE mood AS ENUM ('sad', 'happy');
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
BEGIN; -- want: begin-without-commit
ALTER TYPE mood ADD VALUE 'ok' AFTER 'sad';
