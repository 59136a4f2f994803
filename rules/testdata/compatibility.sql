CREATE SCHEMA reporting;
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(200) NOT NULL DEFAULT '', name text, note text, total numeric(12,2), n bigint, flag boolean);
CREATE TABLE legacy (id bigint);
CREATE TABLE sessions (id bigint);
CREATE TABLE tokens (id bigint);
CREATE TABLE archive (id bigint);
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
CREATE TYPE unused AS ENUM ('a');
CREATE TYPE survey_status AS ENUM ('draft', 'done', 'archived');
CREATE TABLE surveys (id bigint, status survey_status NOT NULL DEFAULT 'draft');
CREATE TABLE albums (album_id serial PRIMARY KEY, title text);
CREATE TABLE jobs (id bigint, args jsonb, kind text DEFAULT 'x');
CREATE UNIQUE INDEX jobs_id_key ON jobs (id);
CREATE UNIQUE INDEX jobs_kind_live_key ON jobs (kind) WHERE args IS NOT NULL;
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
DROP TABLE legacy; -- want: drop-table
DROP TABLE IF EXISTS never_existed;
ALTER TABLE users DROP COLUMN note; -- want: drop-column
ALTER TABLE users RENAME TO customers; -- want: rename-table
ALTER TABLE customers RENAME COLUMN name TO full_name; -- want: rename-column
ALTER TABLE customers ADD COLUMN placed_by text NOT NULL; -- want: add-not-null-column-without-default
ALTER TABLE customers ADD COLUMN placed_at text NOT NULL DEFAULT 'x';
ALTER TABLE customers ALTER COLUMN email DROP DEFAULT; -- want: drop-default
ALTER TABLE customers ALTER COLUMN email DROP NOT NULL; -- want: drop-not-null
ALTER TABLE customers ALTER COLUMN email TYPE varchar(100); -- want: incompatible-type-change, alter-column-type-rewrites-table
ALTER TABLE customers ALTER COLUMN n TYPE integer; -- want: incompatible-type-change, alter-column-type-rewrites-table
ALTER TABLE customers ALTER COLUMN flag TYPE text; -- want: incompatible-type-change, alter-column-type-rewrites-table
ALTER TABLE customers ALTER COLUMN total TYPE numeric(14,2);
ALTER TYPE order_status RENAME VALUE 'shipped' TO 'dispatched'; -- want: enum-value-renamed
ALTER TYPE order_status ADD VALUE 'refunded'; -- want: enum-add-value-without-position
ALTER TYPE order_status ADD VALUE 'void' AFTER 'paid';
DROP TYPE unused; -- want: drop-type
DROP SCHEMA reporting; -- want: drop-schema
TRUNCATE sessions CASCADE; -- want: truncate
DROP DATABASE app; -- want: drop-database
CREATE TABLE fresh (id bigint PRIMARY KEY, a text, b text);
ALTER TABLE fresh ADD COLUMN c text NOT NULL;
ALTER TABLE fresh RENAME COLUMN a TO aa;
ALTER TABLE fresh DROP COLUMN b;
ALTER TABLE fresh RENAME TO fresher;
DROP TABLE fresher;
ALTER TABLE customers ADD COLUMN tmp text;
ALTER TABLE customers DROP COLUMN tmp;
-- @file
-- A table replaced in one file (renamed away, created anew, copied,
-- dropped): the rename is the one finding. The name it is dropped under
-- was given in this file, so no deployed code uses it.
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE sessions RENAME TO sessions_old; -- want: rename-table
CREATE TABLE sessions (id bigint PRIMARY KEY, at timestamptz);
INSERT INTO sessions (id) SELECT id FROM sessions_old;
DROP TABLE sessions_old;
-- Likewise a column renamed away and then dropped.
ALTER TABLE customers RENAME COLUMN total TO total_old; -- want: rename-column
ALTER TABLE customers DROP COLUMN total_old;
-- A table replaced with its copy kept (authelia's _bkp_ tables), and a
-- plain rename.
ALTER TABLE tokens RENAME TO tokens_bkp; -- want: rename-table
CREATE TABLE tokens (id bigint PRIMARY KEY);
ALTER TABLE archive RENAME TO archive_old; -- want: rename-table
-- @file
-- A name given by a rename in an earlier file is what deployed code
-- uses by now: dropping it is a drop. A copy kept when its table was
-- replaced is no name code ever used: dropping it is not.
SET lock_timeout = '2s';
SET statement_timeout = '5min';
DROP TABLE archive_old; -- want: drop-table
DROP TABLE tokens_bkp;
ALTER TABLE customers DROP COLUMN total_old; -- want: drop-column
-- @file
-- A migration repeated with IF EXISTS (a repair re-run): what the history
-- has already dropped is known to be absent, so dropping it again does
-- nothing and locks nothing.
SET lock_timeout = '2s';
SET statement_timeout = '5min';
CREATE TABLE queue (id bigint, name text, at timestamptz);
CREATE UNIQUE INDEX queue_name_key ON queue (name);
-- @file
SET lock_timeout = '2s';
SET statement_timeout = '5min';
DROP INDEX queue_name_key; -- want: require-concurrent-index-drop
ALTER TABLE queue DROP COLUMN id; -- want: drop-column
-- @file
SET lock_timeout = '2s';
SET statement_timeout = '5min';
DROP INDEX IF EXISTS queue_name_key;
DROP INDEX IF EXISTS public.queue_name_key;
ALTER TABLE queue DROP COLUMN IF EXISTS id;
-- A column renamed away is absent under its old name too.
ALTER TABLE queue RENAME COLUMN name TO title; -- want: rename-column
ALTER TABLE queue DROP COLUMN IF EXISTS name;
-- A name the history never had may predate it: still judged.
DROP INDEX IF EXISTS queue_at_idx; -- want: require-concurrent-index-drop
ALTER TABLE queue DROP COLUMN IF EXISTS legacy_flag; -- want: drop-column
-- @file
-- Prisma's enum recreation, which drops a label: the default is dropped to
-- retype the column and set again in the same transaction, so no other
-- session sees the column without it; the old type, renamed away in this
-- file, is dropped under a name no deployed code knows. What breaks is the
-- retyping.
SET lock_timeout = '2s';
SET statement_timeout = '5min';
BEGIN;
CREATE TYPE survey_status_new AS ENUM ('draft', 'done');
ALTER TABLE surveys ALTER COLUMN status DROP DEFAULT;
ALTER TABLE surveys ALTER COLUMN status TYPE survey_status_new USING (status::text::survey_status_new); -- want: alter-column-type-rewrites-table, incompatible-type-change, statement-after-exclusive-lock
ALTER TYPE survey_status RENAME TO survey_status_old;
ALTER TYPE survey_status_new RENAME TO survey_status;
DROP TYPE survey_status_old;
ALTER TABLE surveys ALTER COLUMN status SET DEFAULT 'draft';
COMMIT;
-- Outside a transaction the column is without its default in between.
ALTER TABLE surveys ALTER COLUMN status DROP DEFAULT; -- want: drop-default
ALTER TABLE surveys ALTER COLUMN status SET DEFAULT 'draft';
-- A serial's default replaced by an identity in the same transaction (ente
-- moves its keys to identity columns): writers that omit the column still
-- get a value.
BEGIN;
ALTER TABLE albums ALTER album_id DROP DEFAULT;
DROP SEQUENCE albums_album_id_seq; -- want: statement-after-exclusive-lock
ALTER TABLE albums ALTER album_id ADD GENERATED ALWAYS AS IDENTITY (RESTART 1000);
COMMIT;
-- @file
-- A default the file gives a column that had none, to backfill it, and
-- drops again (river's args): code deployed before the file never saw it.
-- One the column had before the file, replaced and then dropped, is what
-- that code relied on.
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE jobs ALTER COLUMN args SET DEFAULT '{}';
UPDATE jobs SET args = '{}' WHERE args IS NULL;
ALTER TABLE jobs ALTER COLUMN args DROP DEFAULT;
ALTER TABLE jobs ALTER COLUMN kind SET DEFAULT 'y';
ALTER TABLE jobs ALTER COLUMN kind DROP DEFAULT; -- want: drop-default
-- @file
-- A column added nullable, backfilled and made NOT NULL in one migration
-- (memos' memo.resource_name): code deployed before it still omits the
-- column from its INSERTs. With a default set, or on a column the file did
-- not add, it is only the scan.
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE jobs ADD COLUMN uid text;
UPDATE jobs SET uid = md5(id::text);
ALTER TABLE jobs ALTER COLUMN uid SET NOT NULL; -- want: add-not-null-column-without-default, set-not-null-without-check
ALTER TABLE jobs ADD COLUMN rank int;
ALTER TABLE jobs ALTER COLUMN rank SET DEFAULT 0;
ALTER TABLE jobs ALTER COLUMN rank SET NOT NULL; -- want: set-not-null-without-check
ALTER TABLE jobs ALTER COLUMN kind SET NOT NULL; -- want: set-not-null-without-check
-- @file
SET lock_timeout = '2s';
SET statement_timeout = '5min';
-- A partial unique index recreated over the same columns with one more
-- term in its predicate holds for fewer rows (openmeter narrows
-- billingprofile_namespace_default so); with another predicate it does not.
DROP INDEX CONCURRENTLY jobs_kind_live_key;
CREATE UNIQUE INDEX CONCURRENTLY jobs_kind_live_key2 ON jobs (kind) WHERE args IS NOT NULL AND uid IS NOT NULL;
CREATE UNIQUE INDEX CONCURRENTLY jobs_kind_rank_key ON jobs (kind) WHERE rank > 0; -- want: new-constraint-may-reject-writes
-- @file
-- A unique index rejects duplicates as a UNIQUE constraint does (Prisma
-- writes every @unique as one): new on an existing table, writes of running
-- code may break. Not over a key a dropped unique index covered, nor over
-- columns only the change adds; UNIQUE USING INDEX adds nothing the index
-- did not.
SET lock_timeout = '2s';
SET statement_timeout = '5min';
CREATE UNIQUE INDEX CONCURRENTLY jobs_kind_key ON jobs (kind); -- want: new-constraint-may-reject-writes
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_key UNIQUE USING INDEX jobs_kind_key;
CREATE UNIQUE INDEX CONCURRENTLY jobs_lower_uid_key ON jobs (lower(uid)); -- want: new-constraint-may-reject-writes
DROP INDEX CONCURRENTLY jobs_id_key;
CREATE UNIQUE INDEX CONCURRENTLY jobs_id_rank_key ON jobs (id, rank);
ALTER TABLE jobs ADD COLUMN ext_ref text;
CREATE UNIQUE INDEX CONCURRENTLY jobs_ext_ref_key ON jobs (ext_ref);
