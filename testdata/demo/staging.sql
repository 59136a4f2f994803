-- A staging copy of the shop's database at release 1.1.0: migrations 0001 to
-- 0003 applied (golang-migrate records version 3 in schema_migrations), and
-- the rows the pull request's migrations will meet there. run.sh loads it
-- into a throwaway database for `schemacheck preflight`; so does TestDemoPreflight.
--   customers: 40, of which 35 have a phone number (0006 drops the column)
--   orders:    60, none with placed_by (0004 adds it NOT NULL without a
--              default), 3 with a note longer than 100 characters (0004
--              narrows note to varchar(100))
CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
INSERT INTO schema_migrations VALUES (3, false);

INSERT INTO customers (email, name, phone)
SELECT 'c' || g || '@shop.example', 'Customer ' || g, CASE WHEN g % 8 <> 0 THEN '+1 555 01' || lpad(g::text, 2, '0') END
FROM generate_series(1, 40) AS g;

INSERT INTO orders (customer_id, status, total_cents, note)
SELECT 1 + g % 40, 'paid', 100 * g,
       CASE WHEN g % 20 = 0 THEN repeat('Please leave the parcel with the neighbour. ', 4) WHEN g % 3 = 0 THEN 'gift' END
FROM generate_series(1, 60) AS g;

ANALYZE;
