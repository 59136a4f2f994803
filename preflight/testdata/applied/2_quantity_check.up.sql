-- Added NOT VALID after the data was loaded (13 rows violate it); a pending
-- migration validates it.
ALTER TABLE customers ADD CONSTRAINT customers_quantity_check CHECK (quantity >= 0) NOT VALID;
