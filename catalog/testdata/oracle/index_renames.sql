-- Renaming the index behind a primary key, unique or exclusion
-- constraint renames the constraint too.
CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE);
ALTER INDEX accounts_pkey RENAME TO accounts_pk;
ALTER INDEX accounts_email_key RENAME TO accounts_email_uq;
ALTER TABLE accounts RENAME CONSTRAINT accounts_email_uq TO accounts_email_unique;
