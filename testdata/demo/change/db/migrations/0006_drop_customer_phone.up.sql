-- The API stopped returning phone numbers in 1.1.0.
ALTER TABLE customers DROP COLUMN phone;
