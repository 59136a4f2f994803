-- Classes of statements the replay must follow for the rules to be right.
SET lock_timeout = '2s';
CREATE TABLE users (id bigint PRIMARY KEY, role text, email text);
CREATE VIEW active_users AS SELECT id FROM users;
-- Tables the history uses but never creates (the application made them).
ALTER TABLE legacy_sessions ADD COLUMN expires_at timestamptz;
CREATE INDEX audit_at ON audit_log (at);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE users DROP COLUMN role, ADD COLUMN role integer; -- want: drop-column
ALTER TABLE users ADD COLUMN email text, DROP COLUMN email; -- want: drop-column
ALTER TABLE users ADD COLUMN email text; -- want: duplicate-column
ALTER TABLE users ADD COLUMN nick text, ADD COLUMN nick text; -- want: duplicate-column
DROP TABLE IF EXISTS legacy_sessions; -- want: drop-table
DROP TABLE IF EXISTS audit_log; -- want: drop-table
DROP TABLE IF EXISTS never_mentioned;
DO $$ BEGIN CREATE INDEX users_email_idx ON users (email); END $$; -- want: require-concurrent-index
DO $$ BEGIN UPDATE users SET email = lower(email); END $$;
-- A statement a DO block runs under a condition is checked for what it
-- does if it runs; what it creates is not new (it may have existed).
DO $$ BEGIN IF true THEN CREATE INDEX users_id_idx ON users (id); END IF; END $$; -- want: require-concurrent-index
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'users_org_fk') THEN ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (id) REFERENCES users (id); END IF; END $$; -- want: constraint-without-not-valid, new-constraint-may-reject-writes
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'users_self_fk') THEN ALTER TABLE users ADD CONSTRAINT users_self_fk FOREIGN KEY (id) REFERENCES users (id) NOT VALID; END IF; END $$; -- want: new-constraint-may-reject-writes
DO $$ BEGIN IF to_regclass('sessions') IS NULL THEN CREATE TABLE sessions (id bigint PRIMARY KEY); END IF; END $$;
CREATE INDEX sessions_id_idx ON sessions (id); -- want: require-concurrent-index
-- What the change creates is new, under any later name.
CREATE TABLE staging (id bigint PRIMARY KEY);
ALTER TABLE staging RENAME TO staged;
DROP TABLE staged;
ALTER TABLE users ADD COLUMN tmp text;
ALTER TABLE users RENAME COLUMN tmp TO tmp2;
ALTER TABLE users DROP COLUMN tmp2;
DO $$ BEGIN CREATE TABLE made_in_do (id bigint PRIMARY KEY); END $$;
ALTER TABLE made_in_do ADD COLUMN n int NOT NULL;
DROP TABLE made_in_do;
CREATE INDEX CONCURRENTLY users_role_idx ON users (role);
ALTER INDEX users_role_idx RENAME TO users_role_index;
DROP INDEX users_role_index;
-- IF NOT EXISTS on what the history already has creates nothing, and OR
-- REPLACE keeps the view (openmeter's repair migration repeats an ADD
-- COLUMN IF NOT EXISTS): they are still what deployed code uses. What the
-- history lacks, they create.
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, role text, email text);
CREATE INDEX users_email_key2 ON users (email); -- want: require-concurrent-index
ALTER TABLE legacy_sessions ADD COLUMN IF NOT EXISTS expires_at timestamptz;
ALTER TABLE legacy_sessions RENAME COLUMN expires_at TO expires; -- want: rename-column
CREATE OR REPLACE VIEW active_users AS SELECT id FROM users;
ALTER VIEW active_users RENAME TO users_active; -- want: rename-table
CREATE TABLE IF NOT EXISTS fresh_if (id bigint PRIMARY KEY);
CREATE INDEX fresh_if_idx ON fresh_if (id);
ALTER TABLE users ADD COLUMN IF NOT EXISTS nick text;
ALTER TABLE users DROP COLUMN nick;
