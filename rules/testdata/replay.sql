-- Classes of statements the replay must follow for the rules to be right.
SET lock_timeout = '2s';
CREATE TABLE users (id bigint PRIMARY KEY, role text, email text);
-- @change
SET lock_timeout = '2s';
ALTER TABLE users DROP COLUMN role, ADD COLUMN role integer; -- want: drop-column
ALTER TABLE users ADD COLUMN email text, DROP COLUMN email; -- want: drop-column
ALTER TABLE users ADD COLUMN email text; -- want: duplicate-column
ALTER TABLE users ADD COLUMN nick text, ADD COLUMN nick text; -- want: duplicate-column
