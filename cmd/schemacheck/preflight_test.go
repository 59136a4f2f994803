package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// preflightDB migrates a database with 1_users.up.sql as golang-migrate
// would (schema_migrations at version 1), with 3 users lacking an email,
// and returns its URL with a password the output must never show.
func preflightDB(t *testing.T) string {
	t.Helper()
	url := testenv.DatabaseWith(t, `CREATE TABLE users (id bigint PRIMARY KEY, email text);
		CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
		INSERT INTO schema_migrations VALUES (1, false);
		INSERT INTO users SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'u' || g END FROM generate_series(1, 30) g`)
	// Trust authentication ignores the password; it is there to be hidden.
	return strings.Replace(url, "postgres@", "postgres:s3cret@", 1)
}

var preflightFiles = map[string]string{
	"db/1_users.up.sql":   "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
	"db/2_email.up.sql":   "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
	"db/2_email.down.sql": "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n",
	"db/1_users.down.sql": "DROP TABLE users;\n",
}

// TestPreflightCommand runs `schemacheck preflight` as a user would: the
// pending migration is read from schema_migrations, the finding is located
// at its statement, the notes name the database without its password, and
// the exit code follows --fail-on.
func TestPreflightCommand(t *testing.T) {
	url := preflightDB(t)
	dir := writeFiles(t, preflightFiles)
	t.Setenv("SCHEMACHECK_DATABASE_URL", url)
	code, out, errOut := runIn(t, dir, "preflight", "--format", "json", "db")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	var report struct {
		Findings []struct {
			RuleID   string `json:"rule_id"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, f := range report.Findings {
		got = append(got, f.RuleID+" "+f.Severity+" "+f.Location.File+" "+f.Message)
	}
	want := "SC-PF001 error db/2_email.up.sql SET NOT NULL on public.users.email fails: 3 rows of 30 rows (counted: never analyzed) hold NULL"
	if !strings.Contains(strings.Join(got, "\n"), want) {
		t.Errorf("findings:\n%s\nwant one:\n%s", strings.Join(got, "\n"), want)
	}
	// The lock finding of the same statement is an info on a 30-row table.
	if !strings.Contains(strings.Join(got, "\n"), "SC-DB107 info db/2_email.up.sql") {
		t.Errorf("SET NOT NULL's scan on 30 rows should be an info:\n%s", strings.Join(got, "\n"))
	}
	if !strings.Contains(errOut, "preflight db: schema_migrations records 1 of 2 migrations as applied; 1 migration (2) pending") {
		t.Errorf("stderr: %s", errOut)
	}
	if strings.Contains(out+errOut, "s3cret") {
		t.Errorf("the password is printed:\n%s\n%s", out, errOut)
	}
	// Every format renders the findings.
	for _, format := range []string{"text", "sarif", "github", "markdown", "junit", "gitlab", "html"} {
		code, out, errOut := runIn(t, dir, "preflight", "--format", format, "db")
		if code != 1 || !strings.Contains(out, "SC-PF001") || strings.Contains(out+errOut, "s3cret") {
			t.Errorf("--format %s: exit %d\n%s\n%s", format, code, out, errOut)
		}
	}
}

// TestPreflightCommandErrors: what cannot be checked exits 2 and says why.
func TestPreflightCommandErrors(t *testing.T) {
	url := preflightDB(t)
	for _, tc := range []struct {
		name  string
		files map[string]string
		args  []string
		want  string
	}{
		{"no bookkeeping for plain files", map[string]string{"db/a.sql": "SELECT 1;\n", "db/b.sql": "SELECT 2;\n"},
			[]string{"preflight", "db"}, "a plain directory has no bookkeeping table"},
		{"no bookkeeping table in the database", map[string]string{"db/1_a.sql": "-- +goose Up\nSELECT 1;\n"},
			[]string{"preflight", "db"}, "the database has no goose_db_version table"},
		{"negative sample", preflightFiles, []string{"preflight", "--sample", "-1", "db"}, "--sample -1"},
		{"negative timeout", preflightFiles, []string{"preflight", "--statement-timeout", "-1s", "db"}, "--statement-timeout -1s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			t.Setenv("SCHEMACHECK_DATABASE_URL", url)
			code, out, errOut := runIn(t, dir, tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "s3cret") {
				t.Errorf("exit %d, stderr %q, want 2 and %q\n%s", code, errOut, tc.want, out)
			}
		})
	}
}

// TestPreflightReportsUnparsedFiles: a pending migration that does not
// parse cannot be checked, and says so instead of passing.
func TestPreflightReportsUnparsedFiles(t *testing.T) {
	url := preflightDB(t)
	files := map[string]string{}
	for k, v := range preflightFiles {
		files[k] = v
	}
	files["db/2_email.up.sql"] = "ALTER TABLE users ALTER COLUMN email SET NOT NUL;\n"
	dir := writeFiles(t, files)
	t.Setenv("SCHEMACHECK_DATABASE_URL", url)
	code, out, errOut := runIn(t, dir, "preflight", "--format", "compact", "db")
	if code != 1 || !strings.Contains(out, "SC-DB001") {
		t.Errorf("exit %d, want 1 and the parse error\n%s\n%s", code, out, errOut)
	}
}
