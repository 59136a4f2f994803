-- tool-wraps
-- pg-version: 11
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TYPE mood AS ENUM ('sad', 'happy');
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy'; -- want: enum-add-value-in-transaction
BEGIN; -- want: nested-transaction
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx; -- want: concurrently-in-transaction
