-- Serial defaults print the sequence as regclass does: quoted where
-- needed, qualified outside public; renaming the sequence (or moving the
-- table) carries the default along, since it holds the sequence's OID.
CREATE TABLE "Order" (id serial PRIMARY KEY);
CREATE SCHEMA archive;
CREATE TABLE archive.things (id bigserial);
CREATE TABLE mention (id serial);
ALTER SEQUENCE mention_id_seq RENAME TO person_mention_id_seq;
ALTER TABLE "Order_id_seq" RENAME TO order_seq;
CREATE TABLE moved (id serial);
ALTER TABLE moved SET SCHEMA archive;
