package locks_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

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
