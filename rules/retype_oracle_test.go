package rules_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestStringRetypesAskPostgres: for every pair of character string types,
// PostgreSQL says whether retyping a column breaks running code, and
// incompatible-type-change must agree. A retype breaks writers when a value
// the old type accepts is rejected after it, and readers when a value reads
// back differently, except that character(n)'s trailing blanks may go or
// grow: PostgreSQL treats them as insignificant, and its readers already
// get padded text (vaultwarden's char(36) → varchar(40) was called a
// change of kind that drivers may fail to decode).
func TestStringRetypesAskPostgres(t *testing.T) {
	types := []string{"character", "character(5)", "character(10)", "character varying(5)", "character varying(10)", "character varying", "text"}
	conn := testenv.Connect(t, testenv.Database(t))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	n := 0
	for _, from := range types {
		for _, to := range types {
			if from == to {
				continue
			}
			n++
			table := fmt.Sprintf("t%d", n)
			var before, after string
			longest := strings.Repeat("x", limitOf(from))
			_, err := conn.Exec(ctx, fmt.Sprintf("CREATE TABLE %s (c %s)", table, from))
			if err == nil {
				err = conn.QueryRow(ctx, fmt.Sprintf("INSERT INTO %s VALUES ('a') RETURNING c", table)).Scan(&before)
			}
			if err == nil {
				_, err = conn.Exec(ctx, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN c TYPE %s", table, to))
			}
			if err == nil {
				err = conn.QueryRow(ctx, fmt.Sprintf("SELECT c FROM %s", table)).Scan(&after)
			}
			if err != nil {
				t.Fatalf("%s → %s: %v", from, to, err)
			}
			_, rejected := conn.Exec(ctx, fmt.Sprintf("INSERT INTO %s VALUES ('%s')", table, longest))
			fromCharacter := strings.HasPrefix(from, "character") && !strings.HasPrefix(from, "character varying")
			readsDiffer := before != after && !(fromCharacter && strings.TrimRight(before, " ") == strings.TrimRight(after, " "))

			var got []string
			given := "CREATE TABLE t (id bigint PRIMARY KEY, c " + from + ");"
			for _, f := range lintOn(given, "SET lock_timeout = '1s';\nALTER TABLE t ALTER COLUMN c TYPE "+to+";") {
				if f.RuleName == "incompatible-type-change" {
					got = append(got, f.Message)
				}
			}
			switch {
			case rejected != nil && !(len(got) == 1 && strings.Contains(got[0], "narrows it")):
				t.Errorf("%s → %s: PostgreSQL now rejects a value the old type took (%v); the rule says %q", from, to, rejected, got)
			case rejected == nil && readsDiffer && !(len(got) == 1 && strings.Contains(got[0], "pads values")):
				t.Errorf("%s → %s: %q now reads back as %q; the rule says %q", from, to, before, after, got)
			case rejected == nil && !readsDiffer && len(got) > 0:
				t.Errorf("%s → %s: PostgreSQL takes the same values and reads them back the same (%q → %q); the rule says %q", from, to, before, after, got)
			}
		}
	}
}

// limitOf is the longest value a string type takes (12 for no limit).
func limitOf(typ string) int {
	var n int
	if _, err := fmt.Sscanf(typ[strings.LastIndex(typ, "(")+1:], "%d)", &n); err == nil && strings.Contains(typ, "(") {
		return n
	}
	if typ == "character" {
		return 1
	}
	return 12
}
