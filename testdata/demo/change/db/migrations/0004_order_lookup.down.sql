DROP INDEX orders_customer_id_idx;
ALTER TABLE orders DROP COLUMN placed_by;
ALTER TABLE customers RENAME COLUMN full_name TO name;
