package schemacheck

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/rulesdoc"
	"github.com/schemacheck/schemacheck/migration"
)

func TestRulesDocIsUpToDate(t *testing.T) {
	got, err := os.ReadFile("docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != rulesdoc.Markdown(Rules()) {
		t.Fatal("docs/rules.md is stale: run go generate ./... and commit the result")
	}
}

func TestRuleRegistryIsConsistent(t *testing.T) {
	seen := map[string]string{}
	for _, r := range Rules() {
		for _, key := range []string{r.ID, r.Name} {
			if other, dup := seen[key]; dup {
				t.Errorf("%s is used by %s and %s", key, other, r.ID)
			}
			seen[key] = r.ID
		}
		if r.Summary == "" || r.Rationale == "" || r.Bad == "" || r.Good == "" || r.Fix == "" {
			t.Errorf("%s %s: incomplete documentation", r.ID, r.Name)
		}
		if got, ok := LookupRule(r.Name); !ok || got.ID != r.ID {
			t.Errorf("LookupRule(%s) = %v, %v", r.Name, got.ID, ok)
		}
	}
	if s := SuggestRule("require-concurent-index"); s != `; did you mean "require-concurrent-index"?` {
		t.Errorf("SuggestRule = %q", s)
	}
}

// TestBaselineNeverHidesUncheckedFiles: a file that does not parse was not
// checked; had its finding been baselined, every later edit to the file
// (a DROP TABLE added below the syntax error) would go unseen.
func TestBaselineNeverHidesUncheckedFiles(t *testing.T) {
	p, err := Open(OpenOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, sql := range map[string]string{
		"1.sql": "CREATE TABLE t (id int PRIMARY KEY) oops;\n",
		"2.sql": "CREATE TABLE {{ .Schema }}.u (id int);\n",
		"3.sql": "\xff\xfe",
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(sql), 0o644)
	}
	res, err := p.Lint([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, f := range res.Findings {
		rules[f.RuleName] = true
	}
	for _, want := range []string{"parse-error", "template-placeholder", "unreadable-migration"} {
		if !rules[want] {
			t.Fatalf("no %s finding in %v", want, res.Findings)
		}
	}
	baseline := filepath.Join(dir, "baseline.json")
	written, unchecked, err := WriteBaseline(baseline, res.Findings)
	if err != nil {
		t.Fatal(err)
	}
	if written != len(res.Findings)-unchecked || unchecked != len(res.Findings) {
		t.Errorf("wrote %d and left out %d of %d findings, want all left out", written, unchecked, len(res.Findings))
	}
	before := len(res.Findings)
	if err := res.FilterBaseline(baseline); err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != before {
		t.Errorf("the baseline hid %d not-checked findings", before-len(res.Findings))
	}
	// A baseline written by an older version may hold such a fingerprint:
	// it still hides nothing.
	res, _ = p.Lint([]string{dir})
	var b strings.Builder
	b.WriteString(`{"version": 1, "findings": [`)
	for i, f := range res.Findings {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"fingerprint": %q, "rule": "", "file": "", "message": ""}`, f.Fingerprint)
	}
	b.WriteString("]}")
	os.WriteFile(baseline, []byte(b.String()), 0o644)
	if err := res.FilterBaseline(baseline); err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != before {
		t.Errorf("an old baseline hid %d not-checked findings", before-len(res.Findings))
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	p, err := Open(OpenOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sql := filepath.Join(dir, "1.sql")
	os.WriteFile(sql, []byte("CREATE TABLE t (id int PRIMARY KEY);\n"), 0o644)
	res, err := p.Lint([]string{sql})
	if err != nil || len(res.Findings) == 0 {
		t.Fatalf("want findings, got %v, %v", res, err)
	}
	baseline := filepath.Join(dir, "baseline.json")
	if _, _, err := WriteBaseline(baseline, res.Findings); err != nil {
		t.Fatal(err)
	}
	// An unrelated edit above the statement shifts its line; the baseline
	// still matches because fingerprints leave positions out.
	os.WriteFile(sql, []byte("-- a comment\n\nCREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (id int PRIMARY KEY);\n"), 0o644)
	res, err = p.Lint([]string{sql})
	if err != nil {
		t.Fatal(err)
	}
	before := len(res.Findings)
	if err := res.FilterBaseline(baseline); err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 || len(res.Findings) >= before {
		t.Fatalf("baseline kept %d of %d findings; want only the new table's", len(res.Findings), before)
	}
	for _, f := range res.Findings {
		if f.Location.Line != 4 {
			t.Errorf("finding on line %d survived the baseline: %s", f.Location.Line, f.Message)
		}
	}
}

// TestPrismaImplicitTransaction: Prisma sends a migration as one query,
// which PostgreSQL runs as one implicit transaction, so two CREATE INDEX
// CONCURRENTLY in one migration fail at deploy (a real project hotfixed
// exactly this); one alone in its migration runs.
func TestPrismaImplicitTransaction(t *testing.T) {
	res, _ := lintTree(t, map[string]string{
		"migration_lock.toml":                  "provider = \"postgresql\"\n",
		"20240101000000_init/migration.sql":    "CREATE TABLE \"User\" (id bigint PRIMARY KEY, email text, name text);\n",
		"20240102000000_idx/migration.sql":     "CREATE INDEX CONCURRENTLY user_email ON \"User\" (email);\nCREATE INDEX CONCURRENTLY user_name ON \"User\" (name);\n",
		"20240103000000_one_idx/migration.sql": "CREATE INDEX CONCURRENTLY user_both ON \"User\" (email, name);\n",
	})
	var got []string
	for _, f := range res.Findings {
		if f.RuleName == "concurrently-in-transaction" {
			got = append(got, fmt.Sprintf("%s:%d", filepath.Base(filepath.Dir(f.Location.File)), f.Location.Line))
		}
	}
	want := []string{"20240102000000_idx:1", "20240102000000_idx:2"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("concurrently-in-transaction at %v, want %v", got, want)
	}
}

// TestSQLMigrateDownSectionsAreNotLinted: a rubenv/sql-migrate directory
// (`-- +migrate Up` / `Down` sections in one file) is linted and replayed
// by its Up sections only: the Down section's DROP TABLE is neither
// reported nor replayed, so the later varchar(26) to varchar change is
// judged against the type the Up sections built (binary-coercible, no
// rewrite). frain-dev/convoy was read as plain files before.
func TestSQLMigrateDownSectionsAreNotLinted(t *testing.T) {
	res, _ := lintTree(t, map[string]string{
		"1677078479.sql": "-- +migrate Up\nCREATE TABLE users (id varchar(26) PRIMARY KEY, email text);\n\n-- +migrate Down\nDROP TABLE users;\n",
		"1684504109.sql": "-- +migrate Up\nSET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN id TYPE varchar;\n-- +migrate Up\nALTER TABLE users DROP COLUMN email;\n\n" +
			"-- +migrate Down\nALTER TABLE users ADD COLUMN email text;\nALTER TABLE users ALTER COLUMN id TYPE varchar(26);\n",
	})
	var got []string
	for _, f := range res.Findings {
		if !strings.HasPrefix(f.RuleName, "prefer-") && f.RuleName != "require-statement-timeout" {
			got = append(got, fmt.Sprintf("%s %s:%d", f.RuleName, filepath.Base(f.Location.File), f.Location.Line))
		}
	}
	want := []string{"drop-column 1684504109.sql:5"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDeployUnitSharesRuleState: the files of one popx migration (parts of
// one timestamp) deploy together, so a key one part drops and the next
// adds back over more columns rejects nothing new (hydra's nid
// migrations), while the same two files in separate migrations leave a
// window with no key: the re-added key is new to code that ran in it.
func TestDeployUnitSharesRuleState(t *testing.T) {
	for _, tc := range []struct {
		drop, add string
		want      int
	}{
		{"20220210000001000072_nid", "20220210000001000073_nid", 0},
		{"20220210000001000072_nid", "20220211000001000000_nid", 1},
	} {
		res, _ := lintTree(t, map[string]string{
			"20200101000000000000_init.postgres.up.sql": "CREATE TABLE issuers (id bigint PRIMARY KEY, issuer text, subject text, CONSTRAINT issuers_key UNIQUE (issuer, subject));\n",
			tc.drop + ".postgres.up.sql":                "SET lock_timeout = '1s';\nALTER TABLE issuers DROP CONSTRAINT issuers_key;\n",
			tc.add + ".postgres.up.sql":                 "SET lock_timeout = '1s';\nALTER TABLE issuers ADD COLUMN nid uuid;\nALTER TABLE issuers ADD CONSTRAINT issuers_key UNIQUE (issuer, subject, nid);\n",
		})
		got := 0
		for _, f := range res.Findings {
			if f.RuleName == "new-constraint-may-reject-writes" {
				got++
			}
		}
		if got != tc.want {
			t.Errorf("%s then %s: %d new-constraint-may-reject-writes, want %d", tc.drop, tc.add, got, tc.want)
		}
	}
}

// lintTree lints a directory holding files (relative path to text), as a
// project with no configuration does, and returns the result and the
// directory.
func lintTree(t *testing.T, files map[string]string) (*Result, string) {
	t.Helper()
	p, err := Open(OpenOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := p.Lint([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	return res, dir
}

// TestConfigLayoutsAreTheTools: the config schema's layout values (which
// editors complete and the config check accepts) are "auto" and the
// layout of every migration tool, no more, no fewer.
func TestConfigLayoutsAreTheTools(t *testing.T) {
	var schema any
	if err := json.Unmarshal(config.SchemaJSON, &schema); err != nil {
		t.Fatal(err)
	}
	var enum []string
	var find func(v any)
	find = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if l, ok := v["layout"].(map[string]any); ok {
				for _, e := range l["enum"].([]any) {
					enum = append(enum, e.(string))
				}
			}
			for _, e := range v {
				find(e)
			}
		case []any:
			for _, e := range v {
				find(e)
			}
		}
	}
	find(schema)
	want := []string{"auto"}
	for _, tool := range migration.Tools() {
		want = append(want, string(tool.Layout))
	}
	slices.Sort(enum)
	slices.Sort(want)
	if !slices.Equal(enum, want) {
		t.Errorf("config schema layouts %v, want %v", enum, want)
	}
}

// firedAt lists where rule reported, as "file:line" with the file's base name.
func firedAt(fs []finding.Finding, rule string) []string {
	var got []string
	for _, f := range fs {
		if f.RuleName == rule {
			got = append(got, fmt.Sprintf("%s:%d", filepath.Base(f.Location.File), f.Location.Line))
		}
	}
	return got
}

// TestDrizzleRunsPendingMigrationsInATransaction: drizzle-orm's migrate()
// runs every pending migration inside one transaction, so a CREATE INDEX
// CONCURRENTLY that drizzle-kit generated fails at deploy; read as plain
// files, each statement was taken to run on its own.
func TestDrizzleRunsPendingMigrationsInATransaction(t *testing.T) {
	res, _ := lintTree(t, map[string]string{
		"meta/_journal.json": `{"version": "7", "dialect": "postgresql", "entries": []}`,
		"0000_init.sql":      "CREATE TABLE \"users\" (\"id\" bigint PRIMARY KEY, \"email\" text);\n",
		"0001_email_idx.sql": "CREATE INDEX CONCURRENTLY \"users_email_idx\" ON \"users\" (\"email\");\n",
	})
	got := firedAt(res.Findings, "concurrently-in-transaction")
	if want := "0001_email_idx.sql:1"; strings.Join(got, " ") != want {
		t.Errorf("concurrently-in-transaction at %v, want %s", got, want)
	}
}

// TestSqlxRunsEachMigrationInATransaction: sqlx::migrate! runs each
// migration inside a transaction of its own unless the file starts with
// "-- no-transaction", so a CREATE INDEX CONCURRENTLY without it fails at
// deploy; read as plain files (atuin's server migrations, say), each
// statement was taken to run on its own. With the opt-out on its first
// line the one-statement file runs alone; on a later line sqlx ignores it.
func TestSqlxRunsEachMigrationInATransaction(t *testing.T) {
	res, _ := lintTree(t, map[string]string{
		"20210425153745_create_history.sql": "-- Add migration script here\ncreate table history (id bigint primary key, hostname text, command text);\n",
		"20240101000000_idx_hostname.sql":   "create index concurrently history_hostname on history (hostname);\n",
		"20240102000000_idx_command.sql":    "-- no-transaction\ncreate index concurrently history_command on history (command);\n",
		"20240103000000_idx_both.sql":       "-- Add migration script here\n-- no-transaction\ncreate index concurrently history_both on history (hostname, command);\n",
	})
	got := firedAt(res.Findings, "concurrently-in-transaction")
	if want := "20240101000000_idx_hostname.sql:1 20240103000000_idx_both.sql:3"; strings.Join(got, " ") != want {
		t.Errorf("concurrently-in-transaction at %v, want %s", got, want)
	}
}

// TestTransactionSettingIsTheRunners: databases: transaction: says how the
// program that runs the files sends them. In one transaction (around the
// file, or the file sent as one query) the ACCESS EXCLUSIVE lock the ALTER
// takes is held while the UPDATE rewrites rows; each statement on its own,
// it is not. The setting replaces a layout tool's model too (goose wraps
// its files), and a file's own marker still applies.
func TestTransactionSettingIsTheRunners(t *testing.T) {
	files := map[string]string{
		"001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"002_name.sql":  "ALTER TABLE users ADD COLUMN name text;\nUPDATE users SET name = email;\n",
	}
	goose := map[string]string{
		"001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"002_name.sql":  "-- +goose Up\nALTER TABLE users ADD COLUMN name text;\nUPDATE users SET name = email;\n",
		"003_mail.sql":  "-- +goose NO TRANSACTION\n-- +goose Up\nALTER TABLE users ADD COLUMN mail text;\nUPDATE users SET mail = email;\n",
	}
	for _, tc := range []struct {
		layout, transaction string
		files               map[string]string
		want                string
	}{
		{"plain", "", files, ""},
		{"plain", "none", files, ""},
		{"plain", "per_file", files, "002_name.sql:2"},
		{"plain", "one_query", files, "002_name.sql:2"},
		{"goose", "", goose, "002_name.sql:3"},
		{"goose", "none", goose, ""},
		{"goose", "per_file", goose, "002_name.sql:3"},
	} {
		t.Run(tc.layout+"/"+cmp.Or(tc.transaction, "default"), func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, filepath.Join(dir, "migrations"), tc.files)
			conf := "version: 1\ndatabases:\n  - migrations: migrations\n    layout: " + tc.layout + "\n"
			if tc.transaction != "" {
				conf += "    transaction: " + tc.transaction + "\n"
			}
			writeFiles(t, dir, map[string]string{"schemacheck.yaml": conf})
			p, err := Open(OpenOptions{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Lint(nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(firedAt(res.Findings, "statement-after-exclusive-lock"), " "); got != tc.want {
				t.Errorf("statement-after-exclusive-lock at %q, want %q", got, tc.want)
			}
		})
	}
}

// TestConfigTransactionsAreTheModels: the config schema's transaction
// values are the runner models migration knows, no more, no fewer.
func TestConfigTransactionsAreTheModels(t *testing.T) {
	var schema struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(config.SchemaJSON, &schema); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, def := range schema.Defs {
		if p, ok := def.Properties["transaction"]; ok {
			found = p.Enum
		}
	}
	want := slices.Sorted(maps.Keys(migration.Transactions))
	if slices.Sort(found); !slices.Equal(found, want) {
		t.Errorf("config schema's transaction values %v, want %v", found, want)
	}
}
