-- Classes of statements the replay must follow for the rules to be right.
SET lock_timeout = '2s';
CREATE TABLE users (id bigint PRIMARY KEY, role text, email text);
-- Tables the history uses but never creates (the application made them).
ALTER TABLE legacy_sessions ADD COLUMN expires_at timestamptz;
CREATE INDEX audit_at ON audit_log (at);
-- @change
SET lock_timeout = '2s';
ALTER TABLE users DROP COLUMN role, ADD COLUMN role integer; -- want: drop-column
ALTER TABLE users ADD COLUMN email text, DROP COLUMN email; -- want: drop-column
ALTER TABLE users ADD COLUMN email text; -- want: duplicate-column
ALTER TABLE users ADD COLUMN nick text, ADD COLUMN nick text; -- want: duplicate-column
DROP TABLE IF EXISTS legacy_sessions; -- want: drop-table
DROP TABLE IF EXISTS audit_log; -- want: drop-table
DROP TABLE IF EXISTS never_mentioned;
