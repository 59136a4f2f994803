-- schemacheck:ignore-file prefer-text-over-varchar legacy schema, kept as is
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
CREATE TABLE IF NOT EXISTS t (v varchar(10));
-- schemacheck:ignore SC-DB101 the table has 40 rows
CREATE INDEX users_email_idx ON users (email);
-- schemacheck:ignore require-concurent-index typo in the name -- want: unknown-suppression
CREATE INDEX users_email_idx2 ON users (email); -- want: require-concurrent-index
-- schemacheck:ignore drop-table nothing to suppress here -- want: unused-suppression
CREATE INDEX CONCURRENTLY users_email_idx3 ON users (email);
