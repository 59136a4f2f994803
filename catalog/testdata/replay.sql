CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email varchar(200) NOT NULL UNIQUE,
    balance numeric(10,2) DEFAULT 0,
    token uuid DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    feeling mood,
    tags text[]
);
CREATE TABLE orders (
    id int GENERATED ALWAYS AS IDENTITY,
    user_id bigint REFERENCES users (id),
    total_cents bigint NOT NULL CHECK (total_cents >= 0)
);
ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total_cents < 1000000) NOT VALID;
ALTER TABLE users ALTER COLUMN email TYPE text;
ALTER TABLE users RENAME COLUMN feeling TO mood;
ALTER TABLE users ALTER COLUMN balance SET NOT NULL;
CREATE UNIQUE INDEX CONCURRENTLY users_lower_email ON users (lower(email)) WHERE email IS NOT NULL;
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
ALTER TABLE orders RENAME TO purchases;
CREATE TABLE gone (id int);
DROP TABLE gone;
SET search_path TO app, public;
CREATE TABLE settings (key text PRIMARY KEY);
DO $$ BEGIN EXECUTE 'ALTER TABLE purchases ADD COLUMN x int'; END $$;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE DOMAIN email AS text NOT NULL CHECK (VALUE LIKE '%@%');
CREATE SEQUENCE invoice_numbers;
CREATE VIEW active_users AS SELECT u.id, u.email AS address, lower(u.email) AS key FROM public.users u WHERE u.balance > 0;
CREATE VIEW everyone AS SELECT id FROM public.users UNION ALL SELECT id FROM purchases;
COMMENT ON TABLE public.users IS 'people';
COMMENT ON COLUMN public.users.email IS 'login';
CREATE SCHEMA archive;
CREATE TABLE old_things (id bigserial PRIMARY KEY, v text);
ALTER TABLE old_things SET SCHEMA archive;
CREATE TABLE to_drop (id int PRIMARY KEY);
CREATE TABLE refers (id int, to_drop_id int REFERENCES to_drop (id));
CREATE VIEW on_drop AS SELECT * FROM to_drop;
DROP TABLE to_drop CASCADE;
ALTER TABLE public.users DROP COLUMN balance CASCADE;
ALTER TYPE mood RENAME TO feeling;
