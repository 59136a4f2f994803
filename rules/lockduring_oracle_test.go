package rules_test

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/locks"
)

// TestLockDuringAskPostgres: the lock a scan or build finding names is the
// one its table is under while that work runs, as pg_locks shows just after
// the statement: the strongest lock the statement takes on the table (an
// ALTER TABLE applies every subcommand under it) or one an earlier
// statement of the transaction took and still holds; in a migration run
// statement by statement, only the statement's own. openmeter, documenso
// and lemmy build indexes and validate foreign keys after an ADD COLUMN of
// the same table in one transaction: under ACCESS EXCLUSIVE, not SHARE.
func TestLockDuringAskPostgres(t *testing.T) {
	const given = "CREATE TABLE t (id int PRIMARY KEY, c int, d int);\nCREATE TABLE r (id int PRIMARY KEY);\nCREATE INDEX t_c ON t (c);"
	conn := testenv.Connect(t, testenv.Database(t))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The lock and the table a message names; "the ADD's LOCK lock" is
	// about table t.
	named := regexp.MustCompile(`(?:takes|runs under the|the ADD's) ([A-Z ]+?) (?:lock (?:on public\.(\w+))?|on public\.(\w+))`)
	// require-statement-timeout's: "which scans public.t while it holds LOCK".
	holds := regexp.MustCompile(`which \w+ public\.(\w+) while it holds ([A-Z ]+?)(?:,| \()`)
	stronger := 0
	for i, tc := range []struct {
		rule  string
		tx    bool // the statements run in one transaction
		stmts []string
	}{
		{"require-concurrent-index", true, []string{"ALTER TABLE t ADD COLUMN e int", "CREATE INDEX t_d ON t (d)"}},
		{"require-concurrent-index", false, []string{"ALTER TABLE t ADD COLUMN e int", "CREATE INDEX t_d ON t (d)"}},
		{"require-concurrent-index", true, []string{"DROP INDEX t_c", "CREATE INDEX t_d ON t (d)"}},
		{"require-concurrent-index", true, []string{"ALTER TABLE t ADD COLUMN e int", "ALTER TABLE t RENAME TO u", "CREATE INDEX u_d ON u (d)"}},
		{"require-concurrent-index", true, []string{"ALTER TABLE r ADD COLUMN e int", "CREATE INDEX t_d ON t (d)"}},
		{"constraint-without-not-valid", true, []string{"ALTER TABLE t ADD COLUMN f int, ADD CONSTRAINT t_f FOREIGN KEY (f) REFERENCES r (id)"}},
		{"constraint-without-not-valid", true, []string{"ALTER TABLE t ADD CONSTRAINT t_d FOREIGN KEY (d) REFERENCES r (id)"}},
		{"constraint-without-not-valid", true, []string{"CREATE INDEX t_d ON t (d)", "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (d) REFERENCES r (id)"}},
		{"constraint-without-not-valid", true, []string{"ALTER TABLE t ADD COLUMN e int", "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (d) REFERENCES r (id)"}},
		{"constraint-without-not-valid", false, []string{"ALTER TABLE t ADD COLUMN e int", "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (d) REFERENCES r (id)"}},
		{"unique-without-index", true, []string{"CREATE INDEX t_d ON t (d)", "ALTER TABLE t ADD CONSTRAINT t_u UNIQUE (d)"}},
		{"validate-in-same-transaction", true, []string{"ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (d) REFERENCES r (id) NOT VALID", "ALTER TABLE t VALIDATE CONSTRAINT t_fk"}},
		{"validate-in-same-transaction", true, []string{"ALTER TABLE t ADD COLUMN f int, ADD CONSTRAINT t_fk FOREIGN KEY (f) REFERENCES r (id) NOT VALID", "ALTER TABLE t VALIDATE CONSTRAINT t_fk"}},
		// require-statement-timeout names the lock its scan runs under
		// (langfuse validated a foreign key after a DROP CONSTRAINT of the
		// same table: under ACCESS EXCLUSIVE, not SHARE ROW EXCLUSIVE).
		{"require-statement-timeout", true, []string{"ALTER TABLE t ADD COLUMN e int", "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (d) REFERENCES r (id)"}},
		{"require-statement-timeout", false, []string{"ALTER TABLE t ADD COLUMN e int", "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (d) REFERENCES r (id)"}},
	} {
		change := strings.Join(tc.stmts, ";\n") + ";"
		if tc.tx {
			change = "BEGIN;\n" + change + "\nCOMMIT;"
		}
		msgs := messagesOf(lintOn(given, "SET lock_timeout = '1s';\n"+change), tc.rule)
		if len(msgs) != 1 {
			t.Errorf("%q: %d %s findings %q, want 1", change, len(msgs), tc.rule, msgs)
			continue
		}
		m := named.FindStringSubmatch(msgs[0])
		if h := holds.FindStringSubmatch(msgs[0]); h != nil {
			m = []string{h[0], h[2], h[1], ""} // the lock, then the table
		}
		if m == nil {
			t.Errorf("%q: %q names no lock", change, msgs[0])
			continue
		}
		table := cmp.Or(m[2], m[3], "t")
		held, err := strongestHeld(ctx, conn, fmt.Sprintf("ld%d", i), given, tc.stmts, tc.tx, table)
		if err != nil {
			t.Fatalf("%q: %v", change, err)
		}
		if held.String() != m[1] {
			t.Errorf("%q: the finding says %s on %s, PostgreSQL holds %s:\n%s", change, m[1], table, held, msgs[0])
		}
		if tc.tx && len(tc.stmts) > 1 && strings.Contains(msgs[0], "runs under") {
			stronger++
		}
	}
	if stronger == 0 {
		t.Error("no case holds a lock from an earlier statement: the check above cannot fail")
	}
}

// strongestHeld runs given in a fresh schema, then stmts (in one
// transaction, or the last alone in its own when tx is false) and returns
// the strongest lock the session holds on table right after the last.
func strongestHeld(ctx context.Context, conn *pgx.Conn, schema, given string, stmts []string, tx bool, table string) (locks.Mode, error) {
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE SCHEMA %s; SET search_path = %s;\n%s", schema, schema, given)); err != nil {
		return locks.None, err
	}
	defer conn.Exec(ctx, "RESET search_path") //nolint:errcheck // the next case sets its own
	if !tx {
		for _, s := range stmts[:len(stmts)-1] {
			if _, err := conn.Exec(ctx, s); err != nil {
				return locks.None, fmt.Errorf("%s: %w", s, err)
			}
		}
		stmts = stmts[len(stmts)-1:]
	}
	txn, err := conn.Begin(ctx)
	if err != nil {
		return locks.None, err
	}
	defer txn.Rollback(ctx) //nolint:errcheck // only read from
	for _, s := range stmts {
		if _, err := txn.Exec(ctx, s); err != nil {
			return locks.None, fmt.Errorf("%s: %w", s, err)
		}
	}
	rows, err := txn.Query(ctx, `SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation = to_regclass($1)`, schema+"."+table)
	if err != nil {
		return locks.None, err
	}
	defer rows.Close()
	strongest := locks.None
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return locks.None, err
		}
		for m := locks.AccessShare; m <= locks.AccessExclusive; m++ {
			if m.PgLocksName() == name {
				strongest = max(strongest, m)
			}
		}
	}
	return strongest, rows.Err()
}
