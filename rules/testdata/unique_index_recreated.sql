-- A unique index dropped and built again over the same columns rejects
-- nothing new, though a DROP CONSTRAINT IF EXISTS of its name came first
-- (authelia): an index that backs no constraint outlives that statement.
CREATE TABLE devices (id bigint PRIMARY KEY, kid text NOT NULL, label text);
CREATE UNIQUE INDEX devices_kid_key ON devices (kid);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE devices DROP CONSTRAINT IF EXISTS devices_kid_key;
DROP INDEX IF EXISTS devices_kid_key; -- want: require-concurrent-index-drop
CREATE UNIQUE INDEX devices_kid_key ON devices (kid); -- want: require-concurrent-index
CREATE UNIQUE INDEX devices_label_key ON devices (label); -- want: require-concurrent-index, new-constraint-may-reject-writes
