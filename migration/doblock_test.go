package migration

import "testing"

// TestShapeNeutralDynamic: an EXECUTE whose values only fill a name or a
// literal of a GRANT, REVOKE, role or OWNER TO statement changes no
// schema; any other EXECUTE may change anything.
func TestShapeNeutralDynamic(t *testing.T) {
	for q, want := range map[string]bool{
		`'ALTER table "storage".buckets owner to ' || super_user`:                      true,
		`'GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA storage TO ' || super_user`:     true,
		`'grant ' || anon_role || ' to authenticator'`:                                 true,
		`'CREATE ROLE ' || anon_role || ' NOLOGIN NOINHERIT'`:                          true,
		`'ALTER USER ' || u || ' SET search_path = "storage"'`:                         true,
		`format('ALTER FUNCTION %I.f(text) OWNER TO %I', s, r)`:                        true,
		`format('REVOKE ALL ON TABLE %1$I FROM %2$I', t, r)`:                           true,
		`'alter default privileges in schema s grant all on tables to ' || r`:          true,
		`'ALTER TABLE t ' || action`:                                                   false,
		`'ALTER TABLE t ADD COLUMN x int'`:                                             false,
		`format('ALTER TABLE %I ADD COLUMN x int', t)`:                                 false,
		`'GRANT SELECT ON t TO r; DROP TABLE t'`:                                       false,
		`stmt`:                                                                         false,
		`format(tmpl, r)`:                                                              false,
		`'ALTER TABLE t OWNER TO r, ADD COLUMN c int'`:                                 false,
		`'DROP TABLE ' || quote_ident(t)`:                                              false,
		`(SELECT string_agg('GRANT SELECT ON ' || c || ' TO r', ';') FROM pg_class c)`: false,
		`'GRANT SELECT ON t TO ' || (SELECT 'r; DROP TABLE t')`:                        false,
		`'COMMENT ON TABLE t IS ' || quote_literal(c)`:                                 false,
		`'SET search_path = ' || s`:                                                    false,
	} {
		if got := ShapeNeutralDynamic(q); got != want {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
}
