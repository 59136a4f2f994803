-- EXECUTE of text whose values only fill a role or object name in a
-- GRANT, REVOKE or OWNER TO changes no schema: the tables stay known
-- (supabase/storage hands its tables to a configurable role this way).
CREATE TABLE buckets (id text PRIMARY KEY, name text NOT NULL);
CREATE TABLE objects (id uuid PRIMARY KEY, bucket_id text REFERENCES buckets (id));
DO $$
DECLARE
  owner_role text = current_user;
BEGIN
  EXECUTE 'ALTER TABLE buckets OWNER TO ' || quote_ident(owner_role);
  EXECUTE format('ALTER TABLE %I OWNER TO %I', 'objects', owner_role);
  EXECUTE 'GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO ' || owner_role;
  EXECUTE format('REVOKE ALL ON TABLE %I FROM PUBLIC', 'buckets');
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ' || owner_role;
END
$$;
ALTER TABLE buckets ADD COLUMN public boolean DEFAULT false;
-- Text a value may turn into any change stays dynamic: what it names is
-- uncertain.
CREATE TABLE settings (key text PRIMARY KEY);
DO $$
DECLARE
  action text = 'ADD COLUMN value text';
BEGIN
  EXECUTE 'ALTER TABLE settings ' || action;
END
$$;
-- uncertain: settings
CREATE TABLE audit (id int);
DO $$
BEGIN
  EXECUTE format('ALTER TABLE %I ADD COLUMN at timestamptz', 'audit');
END
$$;
-- uncertain: audit
