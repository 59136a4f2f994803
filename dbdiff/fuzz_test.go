package dbdiff

import "testing"

// FuzzCompare feeds arbitrary SQL as a merged migration, an added one and
// its down script: Compare must not panic, whatever the statements do.
func FuzzCompare(f *testing.F) {
	f.Add(base["0001_users.up.sql"], "ALTER TABLE users RENAME TO people;\nALTER TABLE people RENAME COLUMN name TO n;", "ALTER TABLE people RENAME TO users;")
	f.Add(base["0002_orders.up.sql"], "DROP TYPE status CASCADE;\nALTER TABLE orders DROP CONSTRAINT orders_ref_key;", "")
	f.Add("CREATE SCHEMA s; CREATE TABLE s.t (a int UNIQUE);", "ALTER TABLE s.t SET SCHEMA public; DROP SCHEMA s CASCADE;", "SELECT 1;")
	f.Add("CREATE TYPE e AS ENUM ('a'); CREATE DOMAIN d AS text;", "ALTER TYPE e RENAME VALUE 'a' TO 'b'; DROP DOMAIN d;", "-- nothing")
	f.Fuzz(func(t *testing.T, merged, added, down string) {
		b := map[string]string{"0001_a.up.sql": merged}
		h := map[string]string{"0001_a.up.sql": merged, "0002_b.up.sql": added, "0002_b.down.sql": down}
		for _, p := range []DownPolicy{DownWarn, DownRequire} {
			Compare(Input{Base: load(t, b), Head: load(t, h), DownPolicy: p})
		}
	})
}
