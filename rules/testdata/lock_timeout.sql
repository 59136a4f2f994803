CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
-- @change
CREATE TABLE fresh (id bigint PRIMARY KEY);
ALTER TABLE fresh ADD COLUMN v text;
ALTER TABLE fresh ALTER COLUMN v SET NOT NULL;
ALTER TABLE users ADD COLUMN nickname text; -- want: require-lock-timeout
ALTER TABLE users ADD COLUMN other text;
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want: set-not-null-without-check, require-statement-timeout
ALTER TABLE users ALTER COLUMN other SET NOT NULL; -- want: set-not-null-without-check, add-not-null-column-without-default
ALTER TABLE events DETACH PARTITION events_2023; -- want: detach-partition-without-concurrently
ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;
