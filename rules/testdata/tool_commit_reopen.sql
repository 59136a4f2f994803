-- tool-wraps
-- A file the tool wraps hands the tool a transaction back (nakama):
-- the tool's own COMMIT ends the BEGIN, so it is no begin-without-commit.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE users ADD COLUMN nickname text;
COMMIT; -- want: commit-in-tool-transaction
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
BEGIN;
ALTER TABLE users ADD COLUMN age int;
