-- Partitioned tables: PostgreSQL refuses CONCURRENTLY there (and NOT VALID
-- foreign keys before 18), so the fixes build on each partition.
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, user_id bigint, note text) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE logs (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE logs_default PARTITION OF logs DEFAULT;
CREATE INDEX events_note_idx ON events (note);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
CREATE INDEX events_at_idx ON events (at); -- want: require-concurrent-index
CREATE INDEX events_user_idx ON ONLY events (user_id);
CREATE INDEX CONCURRENTLY events_id_idx ON events (id); -- want: rejected-by-postgres
CREATE INDEX CONCURRENTLY events_2024_user_idx ON events_2024 (user_id);
ALTER INDEX events_user_idx ATTACH PARTITION events_2024_user_idx;
DROP INDEX CONCURRENTLY events_note_idx; -- want: rejected-by-postgres
ALTER TABLE events ADD CONSTRAINT events_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID; -- want: rejected-by-postgres, new-constraint-may-reject-writes
ALTER TABLE events ADD CONSTRAINT events_user_fk2 FOREIGN KEY (user_id) REFERENCES users (id); -- want: constraint-without-not-valid, new-constraint-may-reject-writes
ALTER TABLE events ADD CONSTRAINT events_id_at_key UNIQUE (id, at); -- want: unique-without-index, new-constraint-may-reject-writes
ALTER TABLE events ALTER COLUMN note SET NOT NULL; -- want: set-not-null-without-check
ALTER TABLE logs DETACH PARTITION logs_2024 CONCURRENTLY; -- want: rejected-by-postgres
ALTER TABLE logs DETACH PARTITION logs_2024; -- want: detach-partition-without-concurrently
-- @file
-- Partitions made outside the migrations: the table still says they are scanned.
CREATE TABLE jobs (id bigint, at timestamptz NOT NULL, note text) PARTITION BY RANGE (at);
-- @file
SET lock_timeout = '2s';
ALTER TABLE jobs ALTER COLUMN note SET NOT NULL; -- want: set-not-null-without-check, require-statement-timeout
