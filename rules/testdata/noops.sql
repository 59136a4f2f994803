-- Statements that change nothing PostgreSQL has to check are free.
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, note varchar(50), memo varchar(50), org_id bigint);
CREATE TABLE orgs (id bigint PRIMARY KEY);
ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE users ADD CONSTRAINT users_note_len CHECK (length(note) < 40);
CREATE TABLE tokens (ott text, app text, email_hash text,
  CONSTRAINT tokens_ott_email UNIQUE (ott, email_hash), CONSTRAINT tokens_app_email UNIQUE (app, email_hash),
  CONSTRAINT tokens_email UNIQUE (email_hash), CONSTRAINT tokens_key PRIMARY KEY (ott));
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
-- Already NOT NULL: no scan.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users ALTER COLUMN id SET NOT NULL;
-- USING that is only the column, bare or cast to a binary-coercible type:
-- no rewrite.
ALTER TABLE users ALTER COLUMN note TYPE text USING note::text;
ALTER TABLE users ALTER COLUMN memo TYPE varchar(60) USING memo;
ALTER TABLE users ALTER COLUMN memo TYPE varchar(10) USING memo; -- want: alter-column-type-rewrites-table, incompatible-type-change
ALTER TABLE users ALTER COLUMN memo TYPE text USING users.memo;
ALTER TABLE users ALTER COLUMN note TYPE varchar(10) USING note::varchar(10); -- want: alter-column-type-rewrites-table, incompatible-type-change, prefer-text-over-varchar
ALTER TABLE users ALTER COLUMN email TYPE varchar(300) USING lower(email); -- want: alter-column-type-rewrites-table, incompatible-type-change, prefer-text-over-varchar
-- A constraint dropped and re-added with the same definition is not new.
ALTER TABLE users DROP CONSTRAINT users_org_fk;
ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;
ALTER TABLE users DROP CONSTRAINT users_note_len, ADD CONSTRAINT users_note_len CHECK (length(note) < 40) NOT VALID;
-- Re-added with another definition, it is.
ALTER TABLE users DROP CONSTRAINT users_note_len;
ALTER TABLE users ADD CONSTRAINT users_note_len CHECK (length(note) < 20) NOT VALID; -- want: new-constraint-may-reject-writes
-- A UNIQUE constraint replaced by one over more columns is weaker: every
-- set of rows the old one let through, the new one lets through (ente
-- adds app to its one-time tokens' key).
ALTER TABLE tokens DROP CONSTRAINT tokens_ott_email;
ALTER TABLE tokens ADD CONSTRAINT tokens_ott_app_email UNIQUE (ott, app, email_hash); -- want: unique-without-index
-- Over fewer columns it is stricter.
ALTER TABLE tokens DROP CONSTRAINT tokens_app_email;
ALTER TABLE tokens ADD CONSTRAINT tokens_app UNIQUE (app); -- want: unique-without-index, new-constraint-may-reject-writes
-- NULLS NOT DISTINCT rejects the rows with NULLs the old key let through.
ALTER TABLE tokens DROP CONSTRAINT tokens_email;
ALTER TABLE tokens ADD CONSTRAINT tokens_email_app UNIQUE NULLS NOT DISTINCT (email_hash, app); -- want: unique-without-index, new-constraint-may-reject-writes
-- A key over the columns of one the table keeps is weaker than it: rows
-- differ on the primary key's ott, NULLS NOT DISTINCT or not.
ALTER TABLE tokens ADD CONSTRAINT tokens_email_ott UNIQUE NULLS NOT DISTINCT (email_hash, ott); -- want: unique-without-index
-- A primary key's columns hold no NULLs: a key over more columns is weaker
-- than it, NULLS NOT DISTINCT or not.
ALTER TABLE tokens DROP CONSTRAINT tokens_key;
ALTER TABLE tokens ADD CONSTRAINT tokens_ott_app UNIQUE NULLS NOT DISTINCT (app, ott); -- want: unique-without-index
-- Dropping a column and adding one of the same name in one statement is
-- legal (Prisma writes it): the column is replaced.
ALTER TABLE users DROP COLUMN org_id, ADD COLUMN org_id text; -- want: drop-column
ALTER TABLE users ADD COLUMN note text, DROP COLUMN note; -- want: drop-column
