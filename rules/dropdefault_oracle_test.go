package rules_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestDropDefaultAskPostgres: drop-default says what an INSERT that omits
// the column does once the change has run (stores NULL, or fails on a NOT
// NULL column); PostgreSQL, running the change and the INSERT, must agree,
// whether NOT NULL goes in the same statement, in a later statement of the
// transaction, or not at all (formbricks drops both from Display.status in
// one statement, and the finding said the INSERT fails).
func TestDropDefaultAskPostgres(t *testing.T) {
	const given = "CREATE TABLE d (id int, status text NOT NULL DEFAULT 'x', note text DEFAULT 'n');"
	conn := testenv.Connect(t, testenv.Database(t))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i, change := range []string{
		"ALTER TABLE d ALTER COLUMN status DROP DEFAULT;",
		"ALTER TABLE d ALTER COLUMN status DROP NOT NULL, ALTER COLUMN status DROP DEFAULT;",
		"ALTER TABLE d ALTER COLUMN status DROP DEFAULT, ALTER COLUMN status DROP NOT NULL;",
		"BEGIN;\nALTER TABLE d ALTER COLUMN status DROP DEFAULT;\nALTER TABLE d ALTER COLUMN status DROP NOT NULL;\nCOMMIT;",
		"ALTER TABLE d ALTER COLUMN note DROP DEFAULT;",
	} {
		schema := fmt.Sprintf("dd%d", i)
		sql := fmt.Sprintf("CREATE SCHEMA %s; SET search_path = %s; %s %s", schema, schema, given, change)
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%q: %v", change, err)
		}
		_, insertErr := conn.Exec(ctx, fmt.Sprintf("INSERT INTO %s.d (id) VALUES (1)", schema))
		if _, err := conn.Exec(ctx, "RESET search_path"); err != nil {
			t.Fatal(err)
		}
		want := "store NULL"
		if insertErr != nil {
			want = "fail"
		}
		got := messagesOf(lintOn(given, "SET lock_timeout = '1s';\n"+change), "drop-default")
		if len(got) != 1 || !strings.Contains(got[0], "will "+want) {
			t.Errorf("%q: PostgreSQL's INSERT without the column: %v; drop-default says %q, want %q", change, insertErr, got, want)
		}
	}
}
