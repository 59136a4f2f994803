-- tool-wraps
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE users ADD COLUMN nickname text;
ROLLBACK; -- want: commit-in-tool-transaction
