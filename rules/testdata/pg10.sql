-- pg-version: 10
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE users ADD COLUMN status text DEFAULT 'active'; -- want: add-column-rewrites-table
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID; -- want: new-constraint-may-reject-writes
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want: set-not-null-without-check
REINDEX TABLE users;
ALTER TABLE users RENAME COLUMN status TO state;
