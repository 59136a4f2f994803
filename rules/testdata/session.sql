-- Timeouts last as PostgreSQL says: SET for the session, SET LOCAL until
-- the transaction ends (and outside one, not at all); 0 is no timeout.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- @change
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE users ADD COLUMN a text;
COMMIT;
ALTER TABLE users ADD COLUMN b text; -- want: require-lock-timeout
-- @file
SET lock_timeout = 0;
ALTER TABLE users ADD COLUMN c text; -- want: require-lock-timeout
-- @file
SET lock_timeout TO '0ms';
ALTER TABLE users ADD COLUMN d text; -- want: require-lock-timeout
-- @file
SET LOCAL lock_timeout = '2s';
ALTER TABLE users ADD COLUMN e text; -- want: require-lock-timeout
-- @file
SET lock_timeout = '2s';
RESET lock_timeout;
ALTER TABLE users ADD COLUMN f text; -- want: require-lock-timeout
-- @file
SET lock_timeout = '2s';
SET statement_timeout = 0;
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want: set-not-null-without-check, require-statement-timeout
-- @file
SELECT set_config('lock_timeout', '2s', false);
ALTER TABLE users ADD COLUMN g text;
-- @file
BEGIN;
SELECT set_config('lock_timeout', '2s', true);
COMMIT;
ALTER TABLE users ADD COLUMN h text; -- want: require-lock-timeout
-- @file
SET lock_timeout = '2s';
BEGIN;
SET LOCAL lock_timeout = 0;
ALTER TABLE users ADD COLUMN i text; -- want: require-lock-timeout
COMMIT;
ALTER TABLE users ADD COLUMN j text;
