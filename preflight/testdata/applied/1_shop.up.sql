CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');

CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email text,
    name varchar(80) NOT NULL,
    mood mood NOT NULL,
    age bigint NOT NULL,
    score numeric(10,3) NOT NULL,
    code text NOT NULL,
    quantity integer NOT NULL,
    phone text
);

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint,
    note text,
    total_cents bigint NOT NULL
);

CREATE TABLE tiny (id bigint PRIMARY KEY, label text NOT NULL);

CREATE VIEW customer_phones AS SELECT id, phone FROM customers WHERE phone IS NOT NULL;
