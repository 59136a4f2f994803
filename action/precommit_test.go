package action

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

// hookRepo commits this checkout's files (tracked and untracked, as
// `git ls-files` lists them, binaries over 8 MB left out) to a throwaway
// repository, so pre-commit installs the hooks from .pre-commit-hooks.yaml
// exactly as a user's pre-commit would from a tagged release.
func hookRepo(t *testing.T) (dir, rev string) {
	t.Helper()
	out, err := exec.Command("git", "-C", "..", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("listing the checkout's files needs git: %v", err)
	}
	repo := gittest.New(t)
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join("..", filepath.FromSlash(name))
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > 8<<20 {
			continue // deleted in the working tree, a symlink, or a stray binary
		}
		dst := filepath.Join(repo.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := copyFile(src, dst, fi.Mode()); err != nil {
			t.Fatal(err)
		}
	}
	return repo.Dir, repo.Commit("hooks")
}

func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode.Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

const openAPIv1 = `openapi: 3.0.3
info: {title: shop, version: "1"}
paths:
  /orders/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: an order
          content:
            application/json:
              schema:
                type: object
                required: [id, status]
                properties:
                  id: {type: integer}
                  status: {type: string, enum: [placed, shipped]}
`

// TestPreCommitHooks runs the real pre-commit tool on a throwaway
// repository whose .pre-commit-config.yaml points at this checkout's hooks.
func TestPreCommitHooks(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (apt-get install pre-commit); the hooks in .pre-commit-hooks.yaml are not tested")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH; pre-commit's golang hooks build with it")
	}
	hooksDir, rev := hookRepo(t)

	repo := gittest.New(t)
	repo.Write(map[string]string{
		".pre-commit-config.yaml": "repos:\n  - repo: " + hooksDir + "\n    rev: " + rev +
			"\n    hooks:\n      - id: schemacheck\n      - id: schemacheck-contracts\n",
		"schemacheck.yaml": "version: 1\nformat: compact\ndatabases:\n  - migrations: db\ncontracts:\n  - path: api/openapi.yaml\n",
		"db/1_init.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n",
		"api/openapi.yaml": openAPIv1,
		"README.md":        "shop\n",
	})
	repo.Commit("init")

	goEnv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	// pre-commit gives the hook its own GOPATH; sharing the module and build
	// caches keeps the build from downloading and compiling everything again.
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+t.TempDir(),
		"GOMODCACHE="+goEnv("GOMODCACHE"),
		"GOCACHE="+goEnv("GOCACHE"),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"NO_COLOR=1", "TERM=dumb",
	)
	precommit := func() (int, string) {
		t.Helper()
		cmd := exec.Command("pre-commit", "run", "--color", "never")
		cmd.Dir = repo.Dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				return ee.ExitCode(), string(out)
			}
			t.Fatalf("pre-commit: %v\n%s", err, out)
		}
		return 0, string(out)
	}

	// A risky staged migration fails the commit; a risky file that is not
	// staged is not looked at, even in the staged migration's directory.
	repo.Write(map[string]string{
		"db/2_index.up.sql":    "CREATE INDEX orders_customer_idx ON orders (customer_id);\n",
		"db/3_unstaged.up.sql": "ALTER TABLE orders ADD COLUMN placed_by text NOT NULL;\n",
	})
	repo.Git("add", "db/2_index.up.sql")
	code, out := precommit()
	if code != 1 || !strings.Contains(out, "db/2_index.up.sql") || !strings.Contains(out, "SC-DB101") {
		t.Fatalf("risky staged migration: exit %d, want 1 with SC-DB101 on db/2_index.up.sql:\n%s", code, out)
	}
	if strings.Contains(out, "3_unstaged") {
		t.Errorf("a file that is not staged was checked:\n%s", out)
	}
	if !strings.Contains(out, "schemacheck (staged contracts)") || !strings.Contains(out, "Skipped") {
		t.Errorf("the contract hook must skip when no contract is staged:\n%s", out)
	}
	repo.Remove("db/3_unstaged.up.sql")

	// In the context of its directory: a table created by one staged
	// migration and indexed by the next is new in this commit, as check
	// knows; lint of the files alone would block what CI accepts.
	repo.Write(map[string]string{
		"db/2_index.up.sql":  "CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint);\n",
		"db/3_refund.up.sql": "CREATE INDEX refunds_order_idx ON refunds (order_id);\n",
	})
	repo.Git("add", "db")
	if code, out := precommit(); code != 0 {
		t.Fatalf("a table and its index staged together: exit %d, want 0:\n%s", code, out)
	}
	repo.Commit("refunds")

	// A staged contract change that breaks clients (a response property
	// they read is gone) fails against HEAD.
	broken := strings.Replace(openAPIv1, "required: [id, status]", "required: [id]", 1)
	broken = strings.Replace(broken, "                  status: {type: string, enum: [placed, shipped]}\n", "", 1)
	repo.Write(map[string]string{"api/openapi.yaml": broken})
	repo.Git("add", "api/openapi.yaml")
	code, out = precommit()
	if code != 1 || !strings.Contains(out, "api/openapi.yaml") || !strings.Contains(out, "status") {
		t.Fatalf("breaking staged contract: exit %d, want 1 naming the removed property:\n%s", code, out)
	}
	if !strings.Contains(out, "schemacheck (staged migrations)") || !strings.Contains(out, "Skipped") {
		t.Errorf("the migration hook must skip when no migration is staged:\n%s", out)
	}

	// pre-commit = CI: on the same staged change (a merged migration
	// edited, a risky one added, the contract broken), the hooks report
	// what check reports against HEAD, finding for finding.
	repo.Write(map[string]string{
		"db/1_init.up.sql":   "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, note text);\n",
		"db/4_note.up.sql":   "ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\nALTER TABLE orders DROP COLUMN customer_id;\n",
		"db/README.txt":      "not a migration\n",
		"seeds/fixtures.sql": "INSERT INTO orders VALUES (1, 2);\n",
	})
	repo.Git("add", "-A")
	code, out = precommit()
	hooks := findingLines(out)
	check := exec.Command(schemacheckBinary(t), "check", "--base", "HEAD")
	check.Dir, check.Env = repo.Dir, env
	checkOut, _ := check.CombinedOutput()
	if want := findingLines(string(checkOut)); code != 1 || len(hooks) == 0 || !slices.Equal(hooks, want) {
		t.Errorf("the hooks (exit %d) and check report different findings on the same change:\nhooks:\n%s\ncheck:\n%s\n\npre-commit output:\n%s\ncheck output:\n%s",
			code, strings.Join(hooks, "\n"), strings.Join(want, "\n"), out, checkOut)
	}
	repo.Commit("notes")

	// A staged file named like an option is a file name, never an option:
	// --output=important.sql must not overwrite important.sql.
	repo.Write(map[string]string{"important.sql": "-- keep me\n", "--output=important.sql": "SELECT 1;\n"})
	repo.Git("add", "--", "important.sql", "--output=important.sql")
	code, out = precommit()
	if got, err := os.ReadFile(filepath.Join(repo.Dir, "important.sql")); err != nil || string(got) != "-- keep me\n" {
		t.Fatalf("a staged file named --output=important.sql overwrote important.sql (exit %d, %q, %v):\n%s", code, got, err, out)
	}
	if code != 0 {
		t.Errorf("files that are no migrations: exit %d, want 0:\n%s", code, out)
	}
}

// findingLines are the compact finding lines of an output
// ("file:line:col: severity: RULE …"), sorted.
func findingLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if compactLine.MatchString(l) {
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	return lines
}

var compactLine = regexp.MustCompile(`^\S+:\d+(:\d+)?: (error|warning|info): SC-[A-Z]+\d+ `)
