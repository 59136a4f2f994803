-- Locks and rewrites. Everything above @change is the deployed schema.
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), note varchar(50), total numeric(10,2), net cidr, at timestamp(3), n integer);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_user_idx ON orders (user_id);
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';

CREATE INDEX users_email_idx ON users (email); -- want: require-concurrent-index
CREATE INDEX CONCURRENTLY users_note_idx ON users (note);
DROP INDEX orders_user_idx; -- want: require-concurrent-index-drop
DROP INDEX CONCURRENTLY users_note_idx;

ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id); -- want: constraint-without-not-valid, new-constraint-may-reject-writes
ALTER TABLE orders ADD CONSTRAINT orders_user_fk2 FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID; -- want: new-constraint-may-reject-writes
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk2;
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- want: unique-without-index, new-constraint-may-reject-writes
ALTER TABLE users ADD CONSTRAINT users_email_key2 UNIQUE USING INDEX users_email_idx; -- users_email_key above already keys email

ALTER TABLE users ALTER COLUMN note SET NOT NULL; -- want: set-not-null-without-check
ALTER TABLE users ALTER COLUMN email SET NOT NULL;

ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid(); -- want: add-column-rewrites-table
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now();
ALTER TABLE users ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY; -- want: add-column-rewrites-table

ALTER TABLE users ALTER COLUMN email TYPE varchar(200);
ALTER TABLE users ALTER COLUMN note TYPE text;
ALTER TABLE users ALTER COLUMN total TYPE numeric(12,2);
ALTER TABLE users ALTER COLUMN net TYPE inet;
ALTER TABLE users ALTER COLUMN at TYPE timestamp(6);
ALTER TABLE users ALTER COLUMN n TYPE bigint; -- want: alter-column-type-rewrites-table

VACUUM FULL users; -- want: vacuum-full-or-cluster
CLUSTER users USING users_pkey; -- want: vacuum-full-or-cluster
REINDEX INDEX users_email_idx; -- want: reindex-without-concurrently
REINDEX INDEX CONCURRENTLY users_email_idx;

CREATE TABLE fresh (id bigint PRIMARY KEY, v text);
CREATE INDEX fresh_v_idx ON fresh (v);
ALTER TABLE fresh ADD CONSTRAINT fresh_v_check CHECK (v <> '');
ALTER TABLE fresh ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE fresh ALTER COLUMN v SET NOT NULL;
