package rules_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
)

// TestBeginWithoutCommitAskPostgres: begin-without-commit says a file
// leaves a transaction open. PostgreSQL, running each file as its tool
// does, must agree: a tool that wraps the file sends its COMMIT after it
// (goose, sql-migrate, Flyway: nakama's COMMIT; CREATE INDEX CONCURRENTLY
// …; BEGIN; hands the tool a transaction that it commits), while a file
// run statement by statement, or sent as one query (golang-migrate,
// Prisma), leaves a trailing BEGIN open on the connection.
func TestBeginWithoutCommitAskPostgres(t *testing.T) {
	url := testenv.Database(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i, tc := range []struct {
		name string
		opts migration.FileOptions
		sql  string
	}{
		{"tool wraps, the file hands a transaction back", migration.FileOptions{Wraps: true},
			"ALTER TABLE t ADD COLUMN b int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY t_b ON t (b);\nBEGIN;\nALTER TABLE t ADD COLUMN c int;"},
		{"tool wraps, a nested BEGIN", migration.FileOptions{Wraps: true}, "BEGIN;\nALTER TABLE t ADD COLUMN b int;"},
		{"autocommit", migration.FileOptions{}, "ALTER TABLE t ADD COLUMN b int;\nBEGIN;\nALTER TABLE t ADD COLUMN c int;"},
		{"one query", migration.FileOptions{OneQuery: true}, "ALTER TABLE t ADD COLUMN b int;\nCOMMIT;\nSELECT 1;\nBEGIN;\nALTER TABLE t ADD COLUMN c int;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := testenv.Connect(t, url)
			schema := fmt.Sprintf("bwc%d", i)
			if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE SCHEMA %s; SET search_path = %s; CREATE TABLE t (a int)", schema, schema)); err != nil {
				t.Fatal(err)
			}
			file := migration.ParseFile("change.sql", []byte(tc.sql), tc.opts)[0]
			// Run the file as its tool does.
			var err error
			switch {
			case tc.opts.Wraps:
				if _, err = conn.Exec(ctx, "BEGIN"); err == nil {
					for _, st := range file.Statements {
						if _, err = conn.Exec(ctx, st.SQL); err != nil {
							break
						}
					}
				}
				if err == nil {
					_, err = conn.Exec(ctx, "COMMIT")
				}
			case tc.opts.OneQuery:
				_, err = conn.PgConn().Exec(ctx, tc.sql).ReadAll()
			default:
				for _, st := range file.Statements {
					if _, err = conn.Exec(ctx, st.SQL); err != nil {
						break
					}
				}
			}
			if err != nil {
				t.Fatalf("running the file: %v", err)
			}
			open := conn.PgConn().TxStatus() != 'I'
			base := catalog.New()
			_ = base.Apply(migration.ParseFile("given.sql", []byte("CREATE TABLE t (a int);"), migration.FileOptions{})[0].Statements[0].Node)
			got := messagesOf(lint.Run(lint.Input{Base: base, Files: []*migration.File{file}, PGVersion: 16}), "begin-without-commit")
			if open != (len(got) > 0) {
				t.Errorf("PostgreSQL: transaction left open %v (status %c); begin-without-commit says %q", open, conn.PgConn().TxStatus(), strings.Join(got, "; "))
			}
		})
	}
}

// TestCommitThenBeginNamesTheGap: a COMMIT in a file the tool wraps that a
// later BEGIN follows hands the tool a transaction again (the tool's COMMIT
// finds one, as TestBeginWithoutCommitAskPostgres shows): the finding says
// which statements run in autocommit, and not that the tool's COMMIT
// finds no transaction.
func TestCommitThenBeginNamesTheGap(t *testing.T) {
	for _, tc := range []struct{ sql, want string }{
		{"ALTER TABLE t ADD COLUMN b int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY t_b ON t (b);\nBEGIN;\n", "the statements up to the BEGIN at line 4 run in autocommit"},
		{"ALTER TABLE t ADD COLUMN b int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY t_b ON t (b);\n", "the statements after it run in autocommit, and the tool's own COMMIT finds no transaction"},
	} {
		file := migration.ParseFile("change.sql", []byte(tc.sql), migration.FileOptions{Wraps: true})[0]
		got := messagesOf(lint.Run(lint.Input{Files: []*migration.File{file}, PGVersion: 16}), "commit-in-tool-transaction")
		if len(got) != 1 || !strings.Contains(got[0], tc.want) {
			t.Errorf("%q: %q, want one containing %q", tc.sql, got, tc.want)
		}
	}
}
