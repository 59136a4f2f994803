-- DROP CONSTRAINT drops the index a key constraint owns, and no other:
-- a unique index that backs no constraint stays, whatever its name
-- (authelia drops constraints named as its unique indexes first).
CREATE TABLE devices (id int PRIMARY KEY, kid text NOT NULL, label text, serial text);
CREATE UNIQUE INDEX devices_kid_key ON devices (kid);
ALTER TABLE devices DROP CONSTRAINT IF EXISTS devices_kid_key;
ALTER TABLE devices ADD CONSTRAINT devices_label_key UNIQUE (label);
ALTER TABLE devices DROP CONSTRAINT devices_label_key;
CREATE UNIQUE INDEX devices_serial_idx ON devices (serial);
ALTER TABLE devices ADD CONSTRAINT devices_serial_uq UNIQUE USING INDEX devices_serial_idx;
ALTER TABLE devices DROP CONSTRAINT devices_serial_uq;
ALTER TABLE devices DROP CONSTRAINT devices_pkey;
