-- The generated database of the preflight tests and bench/preflight.sh:
-- a shop whose data holds every problem a pending migration can meet.
-- The schema is migration 1 of the tests (testdata/applied); the data is
-- built server-side with generate_series, so a million rows take seconds.
-- Every count the tests expect follows from the CASE expressions below.

-- customers: 100,000 rows.
--   email    NULL where id % 1000 = 0 (100 rows); 'dup<id % 7>@x' where
--            id % 500 = 1 (200 rows in 7 duplicate groups)
--   name     60 characters where id % 10000 = 7 (10 rows), else ≤ 11
--   mood     'sad' where id % 4 = 0 (25,000), 'meh' where id % 1000 = 1 (100)
--   age      5,000,000,000 where id % 20000 = 3 (5 rows), else < 90
--   score    12345.678 where id % 25000 = 11 (4 rows), else < 100
--   code     'x<id>' where id % 50000 = 13 (2 rows), else digits
--   quantity -1 where id % 8000 = 5 (13 rows), else 0..9
--   phone    set where id % 10 = 0 (10,000 rows)
INSERT INTO customers (id, email, name, mood, age, score, code, quantity, phone)
SELECT id,
       CASE WHEN id % 1000 = 0 THEN NULL WHEN id % 500 = 1 THEN 'dup' || (id % 7) || '@x' ELSE 'u' || id || '@x' END,
       CASE WHEN id % 10000 = 7 THEN repeat('n', 60) ELSE 'name ' || id END,
       (CASE WHEN id % 4 = 0 THEN 'sad' WHEN id % 1000 = 1 THEN 'meh' ELSE 'happy' END)::mood,
       CASE WHEN id % 20000 = 3 THEN 5000000000 ELSE id % 90 END,
       CASE WHEN id % 25000 = 11 THEN 12345.678 ELSE (id % 100) + 0.123 END,
       CASE WHEN id % 50000 = 13 THEN 'x' || id ELSE id::text END,
       CASE WHEN id % 8000 = 5 THEN -1 ELSE id % 10 END,
       CASE WHEN id % 10 = 0 THEN '+1 555 ' || id END
FROM generate_series(1, 100000) AS id;

-- orders: 1,000,000 rows.
--   customer_id  200000 + id where id % 10000 = 9 (100 orphans); NULL where
--                id % 100000 = 17 (10 rows, not orphans); else an existing customer
--   note         NULL where id % 5000 = 0 (200 rows)
INSERT INTO orders (id, customer_id, note, total_cents)
SELECT id,
       CASE WHEN id % 10000 = 9 THEN 200000 + id WHEN id % 100000 = 17 THEN NULL ELSE (id % 100000) + 1 END,
       CASE WHEN id % 5000 = 0 THEN NULL ELSE 'n' END,
       id % 100000
FROM generate_series(1, 1000000) AS id;

-- tiny: 20 rows, under preflight.small_table_rows.
INSERT INTO tiny (id, label) SELECT id, 'l' || id FROM generate_series(1, 20) AS id;

ANALYZE;
