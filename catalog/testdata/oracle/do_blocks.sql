-- Static statements of a DO block run as written; DML changes no schema.
CREATE TABLE settings (key text PRIMARY KEY, value text);
DO $$
BEGIN
  INSERT INTO settings VALUES ('a', 'b');
  UPDATE settings SET value = 'c' WHERE key = 'a';
  DELETE FROM settings WHERE key = 'z';
END
$$;
-- Data changes under a condition or in a loop change no schema either.
DO $$
DECLARE r record;
BEGIN
  IF EXISTS (SELECT 1 FROM settings WHERE key = 'a') THEN
    UPDATE settings SET value = upper(value);
  ELSE
    INSERT INTO settings VALUES ('a', 'x');
  END IF;
  FOR r IN SELECT key FROM settings LOOP
    DELETE FROM settings WHERE key = r.key AND value IS NULL;
  END LOOP;
  PERFORM set_config('application_name', 'migrate', true);
END
$$;
DO $$
BEGIN
  CREATE TABLE made_in_do (id int PRIMARY KEY);
  ALTER TABLE made_in_do ADD COLUMN name text;
END
$$;
ALTER TABLE made_in_do RENAME TO made_in_block;
-- A block with conditional or dynamic SQL may change what it names.
CREATE TABLE flags (id int);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'flags' AND column_name = 'on') THEN
    ALTER TABLE flags ADD COLUMN "on" boolean;
  END IF;
END
$$;
-- uncertain: flags
