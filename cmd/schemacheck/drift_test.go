package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestDriftCommand runs `schemacheck drift` as a user would, against a
// real database that lacks an index the migrations create: exit code 1,
// the finding in JSON at the CREATE INDEX, the note on standard error
// naming the database without its password.
func TestDriftCommand(t *testing.T) {
	url := testenv.Database(t)
	ctx := context.Background()
	conn := testenv.Connect(t, url)
	if _, err := conn.Exec(ctx, "CREATE TABLE users (id bigint PRIMARY KEY, email text)"); err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"db/1_users.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX users_email_idx ON users (email);\n",
	})
	t.Setenv("SCHEMACHECK_DATABASE_URL", url)
	code, out, errOut := runIn(t, dir, "drift", "--format", "json", "db")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	var report struct {
		Findings []struct {
			RuleID   string `json:"rule_id"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(report.Findings) != 1 || report.Findings[0].RuleID != "SC-DR001" || report.Findings[0].Location.File != "db/1_users.up.sql" || report.Findings[0].Location.Line != 2 {
		t.Errorf("findings: %+v", report.Findings)
	}
	if !strings.Contains(errOut, "drift: compared db (1 migration) with postgres://") {
		t.Errorf("stderr: %s", errOut)
	}
}
