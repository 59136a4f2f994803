package rules_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestDropTypeAskPostgres: drop-type is an error only where the DROP takes
// columns with it. Without CASCADE PostgreSQL refuses while a column uses
// the type, so a DROP TYPE that runs has no column left to break, and the
// finding is a warning about code that names the type; with CASCADE the
// columns go too.
func TestDropTypeAskPostgres(t *testing.T) {
	const given = "CREATE TYPE s AS ENUM ('a', 'b');\nCREATE TABLE t (id int, x s);"
	conn := testenv.Connect(t, testenv.Database(t))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i, tc := range []struct {
		change  string
		refused bool // PostgreSQL refuses the change
		sev     finding.Severity
	}{
		{"DROP TYPE s;", true, finding.SeverityWarning},
		{"ALTER TABLE t DROP COLUMN x;\nDROP TYPE s;", false, finding.SeverityWarning},
		{"DROP TYPE s CASCADE;", false, finding.SeverityError},
	} {
		rejected, err := firstRejection(ctx, conn, fmt.Sprintf("dt%d", i), given, tc.change)
		if err != nil {
			t.Fatalf("%q: %v", tc.change, err)
		}
		if (rejected != nil) != tc.refused {
			t.Errorf("%q: PostgreSQL refused: %v, want refused %v", tc.change, rejected, tc.refused)
		}
		var got []finding.Severity
		for _, f := range lintOn(given, "SET lock_timeout = '1s';\n"+tc.change) {
			if f.RuleName == "drop-type" {
				got = append(got, f.Severity)
			}
		}
		if len(got) != 1 || got[0] != tc.sev {
			t.Errorf("%q: drop-type severities %v, want [%v]", tc.change, got, tc.sev)
		}
	}
}
