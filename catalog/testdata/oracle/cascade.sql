-- DROP … CASCADE takes every dependent with it.
CREATE TABLE parents (id int PRIMARY KEY, code text);
CREATE UNIQUE INDEX parents_code ON parents (code);
CREATE TABLE children (id int, parent_id int REFERENCES parents (id), code text REFERENCES parents (code));
-- the foreign key on code depends on the unique index
DROP INDEX parents_code CASCADE;
-- the foreign key on parent_id depends on the primary key
ALTER TABLE parents DROP CONSTRAINT parents_pkey CASCADE;
-- columns of a dropped type go with it
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TABLE people (id int, feeling mood, age positive, score int);
DROP TYPE mood CASCADE;
DROP DOMAIN positive CASCADE;
-- a default that uses a dropped sequence goes with it
CREATE SEQUENCE scores;
ALTER TABLE people ALTER COLUMN score SET DEFAULT nextval('scores');
DROP SEQUENCE scores CASCADE;
-- a view on a dropped column goes with it
CREATE TABLE items (id int, name text);
CREATE VIEW item_names AS SELECT name FROM items;
ALTER TABLE items DROP COLUMN name CASCADE;
-- an index whose expression or predicate reads a dropped column goes too
CREATE TABLE accounts (id int, email text, deleted_at timestamptz);
CREATE UNIQUE INDEX accounts_email_lower ON accounts (lower(email));
CREATE INDEX accounts_live ON accounts (id) WHERE deleted_at IS NULL;
ALTER TABLE accounts DROP COLUMN email;
ALTER TABLE accounts DROP COLUMN deleted_at;
-- a table CREATE TABLE AS made depends on nothing: it stays
CREATE TABLE sources (id int, label text);
CREATE VIEW source_labels AS SELECT id, label FROM sources;
CREATE TABLE label_copy AS SELECT * FROM source_labels;
DROP VIEW source_labels CASCADE;
-- a materialized view dropped with its table takes its indexes along
CREATE TABLE events (id int, kind text);
CREATE MATERIALIZED VIEW event_kinds AS SELECT kind FROM events;
CREATE INDEX event_kinds_kind ON event_kinds (kind);
DROP TABLE events CASCADE;
