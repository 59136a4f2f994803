package locks_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/locks"
)

// TestTimeZoneSpellings asks PostgreSQL which TimeZone settings keep the
// stored values of a timestamp column converted to timestamptz: every
// spelling Session.UTC accepts must be accepted by the server and must not
// rewrite the table, and the zones it refuses must rewrite it.
func TestTimeZoneSpellings(t *testing.T) {
	conn := testenv.Connect(t, testenv.DatabaseWith(t,
		"CREATE TABLE tz (id int, ts timestamp); INSERT INTO tz SELECT g, '2024-01-01 12:00' FROM generate_series(1, 10) g"))
	ctx := context.Background()
	rewrites := func(zone string) bool {
		t.Helper()
		var before, after uint32
		if _, err := conn.Exec(ctx, fmt.Sprintf("SET TimeZone = '%s'", zone)); err != nil {
			t.Fatalf("SET TimeZone = '%s': %v", zone, err)
		}
		defer func() { _, _ = conn.Exec(ctx, "ROLLBACK; RESET TimeZone") }()
		for _, step := range []struct {
			sql  string
			into *uint32
		}{{"BEGIN", nil}, {"SELECT pg_relation_filenode('tz')", &before}, {"ALTER TABLE tz ALTER COLUMN ts TYPE timestamptz", nil}, {"SELECT pg_relation_filenode('tz')", &after}} {
			var err error
			if step.into == nil {
				_, err = conn.Exec(ctx, step.sql)
			} else {
				err = conn.QueryRow(ctx, step.sql).Scan(step.into)
			}
			if err != nil {
				t.Fatalf("TimeZone %q: %s: %v", zone, step.sql, err)
			}
		}
		return before != after
	}
	utc := []string{"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Zulu", "Etc/Zulu", "UCT", "Etc/UCT", "Universal", "Etc/Universal",
		"Greenwich", "Etc/Greenwich", "GMT0", "Etc/GMT0", "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0", "0", "+0", "-0", "+00", "-00", "+00:00", "00:00", "utc", "etc/utc"}
	other := []string{"America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "+01", "-05:30", "1", "EST5EDT", "CET", "Etc/GMT+1"}
	for _, zone := range slices.Concat(utc, other) {
		want := slices.Contains(utc, zone)
		if got := (locks.Session{TimeZone: zone}).UTC(); got != want {
			t.Errorf("Session{TimeZone: %q}.UTC() = %v, want %v", zone, got, want)
		}
		if got := !rewrites(zone); got != want {
			t.Errorf("TimeZone %q: PostgreSQL keeps the table = %v, the list says %v", zone, got, want)
		}
	}
}

// TestTimeZoneSwapPrecisionAskPostgres: under TimeZone UTC, PostgreSQL
// keeps the table when a column changes between timestamp and timestamptz
// only when the new type's precision, if any, is the largest (6): the
// conversion's result has no precision of its own, so a smaller one is a
// scaling step that rewrites, whatever the old precision (Prisma writes
// TIMESTAMP(3) and converts it to TIMESTAMPTZ(3)). TimeZoneSwap must
// agree for each pair.
func TestTimeZoneSwapPrecisionAskPostgres(t *testing.T) {
	conn := testenv.Connect(t, testenv.Database(t))
	ctx := context.Background()
	for i, pair := range [][2]string{
		{"timestamp", "timestamptz"}, {"timestamp(3)", "timestamptz"}, {"timestamp(3)", "timestamptz(3)"},
		{"timestamp(3)", "timestamptz(6)"}, {"timestamp", "timestamptz(3)"}, {"timestamp(6)", "timestamptz(6)"},
		{"timestamptz(3)", "timestamp(3)"}, {"timestamptz(3)", "timestamp"}, {"timestamptz", "timestamp(0)"},
	} {
		table := fmt.Sprintf("tzp%d", i)
		var before, after uint32
		_, err := conn.Exec(ctx, fmt.Sprintf("SET TimeZone = 'UTC'; CREATE TABLE %[1]s (c %[2]s); INSERT INTO %[1]s VALUES (now())", table, pair[0]))
		if err == nil {
			err = conn.QueryRow(ctx, "SELECT pg_relation_filenode($1::regclass)", table).Scan(&before)
		}
		if err == nil {
			_, err = conn.Exec(ctx, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN c TYPE %s", table, pair[1]))
		}
		if err == nil {
			err = conn.QueryRow(ctx, "SELECT pg_relation_filenode($1::regclass)", table).Scan(&after)
		}
		if err != nil {
			t.Fatalf("%s to %s: %v", pair[0], pair[1], err)
		}
		if keeps, swap := before == after, locks.TimeZoneSwap(typeOf(t, pair[0]), typeOf(t, pair[1])); keeps != swap {
			t.Errorf("%s to %s under UTC: PostgreSQL keeps the table %v, TimeZoneSwap says %v", pair[0], pair[1], keeps, swap)
		}
	}
}

// typeOf is the catalog's type for a type name as written.
func typeOf(t *testing.T, name string) catalog.Type {
	t.Helper()
	res, err := pgtree.Parse("SELECT NULL::" + name)
	if err != nil {
		t.Fatal(err)
	}
	return catalog.TypeOf(res.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().GetVal().GetTypeCast().GetTypeName())
}
