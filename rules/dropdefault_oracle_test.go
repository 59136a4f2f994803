package rules_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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
		insertErr, err := firstRejection(ctx, conn, fmt.Sprintf("dd%d", i), given+"\n"+change, "INSERT INTO d (id) VALUES (1)")
		if err != nil {
			t.Fatalf("%q: %v", change, err)
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

// firstRejection runs setup in a schema of its own (so the cases of a test
// do not meet each other's tables), then each write, and returns the
// first write's error (nil when PostgreSQL took them all); err is for a
// setup that fails.
func firstRejection(ctx context.Context, conn *pgx.Conn, schema, setup string, writes ...string) (rejected, err error) {
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE SCHEMA %s; SET search_path = %s;\n%s", schema, schema, setup)); err != nil {
		return nil, err
	}
	defer func() {
		if _, e := conn.Exec(ctx, "RESET search_path"); e != nil && err == nil {
			err = e
		}
	}()
	for _, w := range writes {
		if _, e := conn.Exec(ctx, w); e != nil && rejected == nil {
			rejected = e
		}
	}
	return rejected, nil
}
