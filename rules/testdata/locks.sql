-- What a statement locks, rewrites and scans comes from the lock table,
-- which PostgreSQL 12-18 confirm (locks/oracle_test.go). Each `-- @file`
-- starts a migration file of its own, with no timeouts set.
CREATE TABLE users (id bigint PRIMARY KEY, email text, note varchar(50), total numeric(10,2));
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_a_idx ON orders (user_id, id);
CREATE INDEX orders_b_idx ON orders (id, user_id);
CREATE TABLE logs (msg text);
CREATE INDEX orders_user_idx ON orders (user_id);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE totals_src (id bigint, n int);
CREATE MATERIALIZED VIEW totals AS SELECT id, n FROM totals_src;
CREATE UNIQUE INDEX totals_id_idx ON totals (id);
CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM orders;
CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';

-- SHARE UPDATE EXCLUSIVE (storage parameters, CLUSTER ON, SET WITHOUT
-- CLUSTER) blocks neither reads nor writes: nothing is held after them.
BEGIN;
ALTER TABLE users SET (fillfactor = 70);
SELECT 1;
ALTER TABLE orders CLUSTER ON orders_user_idx;
ALTER TABLE orders SET WITHOUT CLUSTER;
SELECT 1;
COMMIT;
-- ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent and ACCESS
-- EXCLUSIVE on the partition, which here is new.
BEGIN;
CREATE TABLE events_2024 (id bigint, at timestamptz NOT NULL);
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
SELECT 1;
COMMIT;
-- A table created without naming another waits for no lock (storage
-- creates buckets_analytics after altering buckets); one that references
-- another waits for that table's lock.
BEGIN;
ALTER TABLE users ALTER COLUMN email SET STORAGE EXTERNAL;
CREATE TABLE IF NOT EXISTS audit (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id)); -- want: statement-after-exclusive-lock
COMMIT;
-- Locking an index of the locked table waits for nothing (kestra drops
-- a table's indexes one after the other); working through its rows
-- keeps the lock longer.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
ALTER INDEX orders_a_idx RENAME TO orders_user_id_id_idx;
ALTER INDEX orders_b_idx RENAME TO orders_id_user_id_idx;
UPDATE orders SET note = 'x'; -- want: statement-after-exclusive-lock
COMMIT;
-- ACCESS EXCLUSIVE subcommands still hold the table.
BEGIN;
ALTER TABLE users ALTER COLUMN email SET STORAGE EXTERNAL;
SELECT 1; -- want: statement-after-exclusive-lock
COMMIT;

-- Column definitions build an index or check every row.
ALTER TABLE users ADD COLUMN code text UNIQUE; -- want: unique-without-index
ALTER TABLE logs ADD COLUMN id bigint PRIMARY KEY; -- want: unique-without-index, add-not-null-column-without-default
ALTER TABLE users ADD COLUMN score int CHECK (score >= 0); -- want: constraint-without-not-valid
ALTER TABLE orders ADD COLUMN owner_id bigint DEFAULT 1 REFERENCES users (id); -- want: constraint-without-not-valid
-- Without a default the new column is NULL everywhere: nothing to check.
ALTER TABLE orders ADD COLUMN reviewer_id bigint REFERENCES users (id);

-- Option lists say false, too.
REINDEX (CONCURRENTLY false) INDEX orders_user_idx; -- want: reindex-without-concurrently
REINDEX (CONCURRENTLY) INDEX orders_user_idx;
VACUUM (FULL false) orders;
VACUUM (FULL, ANALYZE) orders; -- want: vacuum-full-or-cluster

-- A plain refresh blocks reads of the view; CONCURRENTLY needs a unique index.
REFRESH MATERIALIZED VIEW totals; -- want: refresh-materialized-view-blocks-reads
REFRESH MATERIALIZED VIEW counts; -- want: refresh-materialized-view-blocks-reads
REFRESH MATERIALIZED VIEW CONCURRENTLY totals;

-- @file
CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch(); -- want: require-lock-timeout
-- @file
DROP TRIGGER users_touch ON users; -- want: require-lock-timeout
-- @file
LOCK TABLE orders IN SHARE MODE; -- want: require-lock-timeout
-- @file
LOCK TABLE orders IN ACCESS SHARE MODE;
ALTER TABLE orders SET (autovacuum_enabled = false);
COMMENT ON COLUMN orders.user_id IS 'who ordered';
CREATE INDEX CONCURRENTLY orders_id_user_idx ON orders (id, user_id);
-- @file
CREATE TABLE invoices (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id)); -- want: require-lock-timeout
-- @file
SET statement_timeout = '5min';
REFRESH MATERIALIZED VIEW CONCURRENTLY totals; -- want: require-lock-timeout
-- @file
SET lock_timeout = '2s';
REFRESH MATERIALIZED VIEW totals; -- want: refresh-materialized-view-blocks-reads, require-statement-timeout
-- @file
-- Validating a new (empty) table's foreign key reads nothing: no timeout
-- needed for a scan, only for the lock on the referenced table.
SET lock_timeout = '2s';
CREATE TABLE payments (id bigint PRIMARY KEY, user_id bigint);
ALTER TABLE payments ADD CONSTRAINT payments_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
-- @file
-- IF NOT EXISTS naming an index the table has builds nothing: the lock is
-- still taken (openmeter's repair migration repeats its index statements).
CREATE INDEX IF NOT EXISTS orders_user_idx ON orders (user_id); -- want: require-lock-timeout
-- @file
SET lock_timeout = '2s';
CREATE INDEX IF NOT EXISTS orders_user_idx ON orders (user_id);
CREATE INDEX IF NOT EXISTS orders_id_idx ON orders (id); -- want: require-concurrent-index, require-statement-timeout
