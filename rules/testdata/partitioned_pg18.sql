-- pg-version: 18
-- PostgreSQL 18 accepts NOT VALID foreign keys on partitioned tables.
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, user_id bigint) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE events ADD CONSTRAINT events_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID; -- want: new-constraint-may-reject-writes
ALTER TABLE events ADD CONSTRAINT events_user_fk2 FOREIGN KEY (user_id) REFERENCES users (id); -- want: constraint-without-not-valid, new-constraint-may-reject-writes
