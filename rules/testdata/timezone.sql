-- Between timestamp and timestamptz PostgreSQL 12+ keeps the rows when the
-- session's TimeZone is UTC (and still rebuilds the column's indexes);
-- otherwise, or with an unknown TimeZone, it rewrites the table.
CREATE TABLE events (id bigint PRIMARY KEY, a timestamp, b timestamptz, c timestamp, d timestamptz, e timestamp, f timestamp(3), g timestamp, h timestamptz);
CREATE INDEX events_e_idx ON events (e);
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
ALTER TABLE events ALTER COLUMN a TYPE timestamptz; -- want: alter-column-type-rewrites-table, incompatible-type-change
SET TimeZone = 'America/New_York';
ALTER TABLE events ALTER COLUMN b TYPE timestamp; -- want: alter-column-type-rewrites-table, incompatible-type-change, prefer-timestamptz
SET TIME ZONE 'UTC';
ALTER TABLE events ALTER COLUMN c TYPE timestamptz USING c; -- want: incompatible-type-change
ALTER TABLE events ALTER COLUMN d TYPE timestamp USING d::timestamp; -- want: incompatible-type-change, prefer-timestamptz
ALTER TABLE events ALTER COLUMN e TYPE timestamptz; -- want: alter-column-type-rewrites-table, incompatible-type-change
-- Less precision, or a USING that computes, rewrites whatever the zone.
ALTER TABLE events ALTER COLUMN f TYPE timestamptz(0); -- want: alter-column-type-rewrites-table, incompatible-type-change
ALTER TABLE events ALTER COLUMN g TYPE timestamptz USING g AT TIME ZONE 'UTC'; -- want: alter-column-type-rewrites-table, incompatible-type-change
RESET TimeZone;
ALTER TABLE events ALTER COLUMN h TYPE timestamp; -- want: alter-column-type-rewrites-table, incompatible-type-change, prefer-timestamptz
-- @file
SET lock_timeout = '2s';
SET statement_timeout = '5min';
BEGIN;
SET LOCAL TimeZone = 'Etc/UTC';
ALTER TABLE events ALTER COLUMN a TYPE timestamp; -- want: incompatible-type-change, prefer-timestamptz
COMMIT;
-- SET LOCAL ended with the transaction.
ALTER TABLE events ALTER COLUMN a TYPE timestamptz; -- want: alter-column-type-rewrites-table, incompatible-type-change
-- @file
SET lock_timeout = '2s';
SET statement_timeout = '5min';
SELECT set_config('TimeZone', 'UTC', false);
ALTER TABLE events ALTER COLUMN a TYPE timestamp; -- want: incompatible-type-change, prefer-timestamptz
SET TIME ZONE LOCAL;
ALTER TABLE events ALTER COLUMN a TYPE timestamptz; -- want: alter-column-type-rewrites-table, incompatible-type-change
-- @file
SET lock_timeout = '2s';
SET statement_timeout = '5min';
SET TIME ZONE 0;
ALTER TABLE events ALTER COLUMN a TYPE timestamp; -- want: incompatible-type-change, prefer-timestamptz
