-- Type changes that can lose values: float and integer, numeric precision
-- and scale. Every statement changes a column no earlier one changed.
CREATE TABLE m (
  d1 double precision, i1 integer, n1 numeric(10,2), n2 numeric(10,2), i2 integer, u1 numeric, r1 real, d2 double precision, b1 bigint,
  i3 integer, i4 integer, s1 smallint, r2 real, n3 numeric(10,2), n4 numeric(10,2), n5 numeric(10,2), p4 numeric(4,0), b2 bigint, n6 numeric(10,2), s2 smallint
);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
-- schemacheck:ignore-file alter-column-type-rewrites-table
ALTER TABLE m ALTER COLUMN d1 TYPE bigint; -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN i1 TYPE real; -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN n1 TYPE numeric(10,4); -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN n2 TYPE numeric(12,1); -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN i2 TYPE numeric(5,0); -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN u1 TYPE numeric(20,2); -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN r1 TYPE integer; -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN d2 TYPE numeric(30,10); -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN b1 TYPE double precision; -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN n6 TYPE integer; -- want: incompatible-type-change
ALTER TABLE m ALTER COLUMN s2 TYPE numeric(4,0); -- want: incompatible-type-change
-- Every value still fits.
ALTER TABLE m ALTER COLUMN i3 TYPE numeric(12,0);
ALTER TABLE m ALTER COLUMN i4 TYPE double precision;
ALTER TABLE m ALTER COLUMN s1 TYPE real;
ALTER TABLE m ALTER COLUMN r2 TYPE double precision;
ALTER TABLE m ALTER COLUMN n3 TYPE numeric(12,2);
ALTER TABLE m ALTER COLUMN n4 TYPE numeric(12,4);
ALTER TABLE m ALTER COLUMN n5 TYPE numeric;
ALTER TABLE m ALTER COLUMN p4 TYPE smallint;
ALTER TABLE m ALTER COLUMN b2 TYPE numeric(19,0);
