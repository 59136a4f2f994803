package schemacheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles creates files (name → contents) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sparse makes a file that claims size bytes without using the disk: what
// a dump left in a directory looks like to a reader.
func sparse(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("CREATE TABLE dump (id int);\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Skipf("sparse files unavailable: %v", err)
	}
}

// TestLintHostileDirectory lints a migration directory holding a binary
// file, a Latin-1 file, a 1 GB-looking file and a symlink loop among real
// migrations: each bad file gets one located finding, is not read whole,
// and the real migrations around them are still linted.
func TestLintHostileDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"1_users.up.sql":  "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"2_binary.up.sql": "\x00\x01\x02SQLite format 3\x00",
		"3_latin1.up.sql": "COMMENT ON TABLE users IS 'caf\xe9';\n",
		"5_index.up.sql":  "CREATE INDEX users_email_idx ON users (email);\n",
	})
	sparse(t, filepath.Join(dir, "4_dump.up.sql"), 1<<30)
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Lint([]string{"."})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.RuleID == "SC-DB003" || f.RuleID == "SC-DB101" {
			got = append(got, f.Location.String()+" "+f.RuleID+" "+f.Message)
		}
	}
	want := []string{
		"2_binary.up.sql SC-DB003 file contains NUL bytes: it looks binary, not SQL; it was not checked",
		"3_latin1.up.sql:1:31 SC-DB003 file is not valid UTF-8 (byte 0xe9); save it as UTF-8 (PostgreSQL migrations are read as UTF-8)",
		"4_dump.up.sql SC-DB003 file is 1073741824 bytes, larger than the 16777216-byte (16 MiB) limit for a migration; it was not checked",
		"5_index.up.sql:1:1 SC-DB101 CREATE INDEX without CONCURRENTLY takes SHARE on public.users: blocks inserts, updates and deletes until the build finishes",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLintHostileFileArgument: a 1 GB-looking file given by name is
// refused with the size limit, not read into memory.
func TestLintHostileFileArgument(t *testing.T) {
	dir := t.TempDir()
	sparse(t, filepath.Join(dir, "dump.sql"), 1<<30)
	writeFiles(t, dir, map[string]string{"ok.sql": "CREATE TABLE t (id integer PRIMARY KEY);\n"}) // prefer-bigint-keys
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Lint([]string{"dump.sql", "ok.sql"})
	if err != nil {
		t.Fatal(err)
	}
	var limit, linted bool
	for _, f := range res.Findings {
		limit = limit || f.Location.File == "dump.sql" && strings.Contains(f.Message, "limit")
		linted = linted || f.Location.File == "ok.sql"
	}
	if !limit || !linted {
		t.Errorf("want the size limit on dump.sql and ok.sql still linted: %v", res.Findings)
	}
}

// TestDiffHostileContracts: contract files that are not documents (binary,
// not UTF-8, 1 GB, nested past the YAML decoder's depth limit, aliases
// that expand past the node budget) give an error naming the file and
// line, and never a panic; hostile but valid documents (a $ref cycle, a
// $ref out of the repository) diff, and each is clean against itself.
func TestDiffHostileContracts(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
	ok := head + "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n"
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"ok.yaml":     ok,
		"binary.yaml": "\x00\x01\x02\x03",
		"latin1.yaml": head + "paths: {}\nx-note: caf\xe9\n",
		"deep.yaml":   head + "paths: {}\nx-deep: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n",
		"bomb.yaml": head + "paths: {}\nx-a: &a [x, x, x, x, x, x, x, x, x]\nx-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
			"x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nx-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
			"x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nx-f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
		"escape.yaml": head + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n" +
			"          content:\n            application/json:\n              schema: {$ref: '../../../../etc/passwd#/x'}\n",
		"cycle.yaml": head + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n" +
			"          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\n" +
			"components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
	})
	sparse(t, filepath.Join(dir, "huge.yaml"), 1<<30)
	if err := os.Symlink("loop.yaml", filepath.Join(dir, "loop.yaml")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		want string // in the error; "" means the diff must succeed
	}{
		{"binary.yaml", "binary.yaml: contains NUL bytes (at byte 0): it looks binary"},
		{"latin1.yaml", "latin1.yaml:4:12: not valid UTF-8 (byte 0xe9); save the file as UTF-8"},
		{"huge.yaml", "huge.yaml: file is 1073741824 bytes, larger than the"},
		{"loop.yaml", "loop.yaml: stat loop.yaml: too many levels of symbolic links"},
		{"deep.yaml", "deep.yaml:4: not valid YAML or JSON: exceeded max depth"},
		{"bomb.yaml", "bomb.yaml:9:7: not valid YAML or JSON: aliases expand the document to more than 100770 nodes (77 written)"},
		{"escape.yaml", `escape.yaml:11: $ref "../../../../etc/passwd#/x" leaves the repository`},
		{"cycle.yaml", ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res, err := p.Diff(DiffOptions{Paths: []string{"ok.yaml", tc.file}})
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("a valid document must diff: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			case tc.want == "":
				// Diffed with itself, a hostile document is clean.
				self, err := p.Diff(DiffOptions{Paths: []string{tc.file, tc.file}})
				if err != nil || len(self.Findings) != 0 {
					t.Errorf("diff with itself: %v, %v", err, self.Findings)
				}
				_ = res
			}
		})
	}
}

// TestConfigSymlinkLoop: a config file that is a symlink loop is an error
// naming it, not a hang.
func TestConfigSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	loop := filepath.Join(dir, "schemacheck.yaml")
	if err := os.Symlink("schemacheck.yaml", loop); err != nil {
		t.Fatal(err)
	}
	_, err := Open(OpenOptions{ConfigPath: loop})
	if err == nil || !strings.Contains(err.Error(), "schemacheck.yaml") {
		t.Fatalf("got %v, want an error naming the file", err)
	}
}
