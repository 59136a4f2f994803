CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL, visits bigint NOT NULL); -- want SC-XL002
CREATE TABLE products (id bigint PRIMARY KEY);
CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL, quantity bigint NOT NULL);
CREATE TABLE categories (id bigint PRIMARY KEY, name text NOT NULL, hits bigint NOT NULL);
CREATE TABLE people (id bigint PRIMARY KEY, hits bigint NOT NULL);
-- Two tables a schema named Account could mean: no mapping.
CREATE TABLE account (id bigint PRIMARY KEY, hits bigint NOT NULL);
CREATE TABLE accounts (id bigint PRIMARY KEY, hits bigint NOT NULL);
-- Two columns userId could mean: no mapping.
CREATE TABLE tokens (id bigint PRIMARY KEY, user_id bigint NOT NULL, userid bigint NOT NULL, hits bigint NOT NULL);
CREATE TABLE profiles (id bigint PRIMARY KEY, hits bigint NOT NULL);
