package locks

import (
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// TestExamplesClassifyToTheirRow replays the fixture and each row's setup
// into a catalog and requires the classifier to map the row's example onto
// the row, on every version the row covers: the oracle then checks the
// same mapping rules rely on.
func TestExamplesClassifyToTheirRow(t *testing.T) {
	for _, row := range Rows() {
		if row.Example.SQL == "" {
			continue
		}
		cat := catalog.New()
		for _, sql := range []string{Fixture, row.Example.Setup} {
			res, err := pgtree.Parse(strings.ReplaceAll(sql, "{schema}", "s"))
			if err != nil {
				t.Fatalf("%s: setup: %v", row.Name(), err)
			}
			for _, st := range res.Stmts {
				_ = cat.Apply(st.Stmt)
			}
		}
		res, err := pgtree.Parse(strings.ReplaceAll(row.Example.SQL, "{schema}", "s"))
		if err != nil {
			t.Errorf("%s: %v", row.Name(), err)
			continue
		}
		var keys []Key
		for _, m := range classify(res.Stmts[0].Stmt, cat, row.Example.Session) {
			keys = append(keys, m.key)
		}
		found := false
		for _, k := range keys {
			found = found || k == row.Key()
		}
		if !found {
			t.Errorf("%s: %q classifies as %v", row.Name(), row.Example.SQL, keys)
			continue
		}
		for v := max(row.PG.Min, OldestSupported); v <= 18 && row.PG.Contains(v); v++ {
			if got := Lookup(row.Key(), v); got != row {
				t.Errorf("%s: on PostgreSQL %d the lookup finds %v", row.Name(), v, got)
			}
		}
	}
}

// TestTableIsConsistent checks the table's shape: no two rows for one key
// and version, every row from 12 on has an example for the oracle, and
// every family and key covers every supported version it starts at.
func TestTableIsConsistent(t *testing.T) {
	seen := map[Key][]*Row{}
	for _, row := range Rows() {
		for _, other := range seen[row.Key()] {
			for v := OldestSupported; v <= 18; v++ {
				if row.PG.Contains(v) && other.PG.Contains(v) {
					t.Errorf("%s and %s overlap on PostgreSQL %d", row.Name(), other.Name(), v)
				}
			}
		}
		seen[row.Key()] = append(seen[row.Key()], row)
		if (row.PG.Max == 0 || row.PG.Max >= OracleMin) && row.Example.SQL == "" {
			t.Errorf("%s: covers PostgreSQL %d or later but has no example for the oracle", row.Name(), OracleMin)
		}
		if row.Rejected == "" && len(row.Touches) == 0 {
			t.Errorf("%s: neither touches nor rejected", row.Name())
		}
		if !containsFamily(row.Family) {
			t.Errorf("%s: family %q is not in Families", row.Name(), row.Family)
		}
	}
	for k, rows := range seen {
		for v := OldestSupported; v <= 18; v++ {
			covered := false
			for _, r := range rows {
				covered = covered || r.PG.Contains(v)
			}
			if !covered && v >= minVersion(rows) {
				t.Errorf("%v: no row for PostgreSQL %d", k, v)
			}
		}
	}
}

func minVersion(rows []*Row) int {
	m := 99
	for _, r := range rows {
		m = min(m, r.PG.Min)
	}
	return m
}

func containsFamily(f Family) bool {
	for _, x := range Families {
		if x == f {
			return true
		}
	}
	return false
}

func TestOption(t *testing.T) {
	for sql, want := range map[string]bool{
		"REINDEX INDEX CONCURRENTLY i":         true,
		"REINDEX (CONCURRENTLY) INDEX i":       true,
		"REINDEX (CONCURRENTLY true) INDEX i":  true,
		"REINDEX (CONCURRENTLY false) INDEX i": false,
		"REINDEX (CONCURRENTLY off) INDEX i":   false,
		"REINDEX (CONCURRENTLY 0) INDEX i":     false,
		"REINDEX (VERBOSE) INDEX i":            false,
	} {
		res, err := pgtree.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		if got := option(res.Stmts[0].Stmt.GetReindexStmt().Params, "concurrently"); got != want {
			t.Errorf("%s: concurrently = %v, want %v", sql, got, want)
		}
	}
	for sql, want := range map[string]bool{
		"VACUUM FULL t":          true,
		"VACUUM (FULL) t":        true,
		"VACUUM (FULL false) t":  false,
		"VACUUM (FULL, ANALYZE)": true,
		"VACUUM (ANALYZE) t":     false,
	} {
		res, err := pgtree.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		if got := option(res.Stmts[0].Stmt.GetVacuumStmt().Options, "full"); got != want {
			t.Errorf("%s: full = %v, want %v", sql, got, want)
		}
	}
}
