// Package testenv gives tests the shared corpus, a throwaway PostgreSQL
// database and the oasdiff peer, skipping with a clear message when one is
// absent, or failing when CI demands it (SCHEMACHECK_REQUIRE_CORPUS=1,
// SCHEMACHECK_REQUIRE_DB=1, SCHEMACHECK_REQUIRE_OASDIFF=1).
package testenv

import (
	"context"
	"crypto/rand"
	"debug/buildinfo"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultDatabaseURL is used when SCHEMACHECK_TEST_DATABASE_URL is unset.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// RepoRoot returns the directory holding go.mod, walking up from the
// current directory (a test's package directory).
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("testenv: no go.mod above the test directory")
		}
		dir = parent
	}
}

// Corpus returns the path of ../shared/corpus next to the repository, or
// skips the test when it is absent (fails under SCHEMACHECK_REQUIRE_CORPUS=1).
func Corpus(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(RepoRoot(t)), "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		unavailable(t, "SCHEMACHECK_REQUIRE_CORPUS",
			fmt.Sprintf("corpus not found at %s (it sits beside the repository in CI; a user's clone has none)", dir))
	}
	return dir
}

// CorpusSQL calls fn with every SQL file of the corpus (its projects'
// migrations and PostgreSQL's regression SQL) and its text, and fails t
// when there are too few to be the whole corpus.
func CorpusSQL(t testing.TB, fn func(path, src string)) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(Corpus(t), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		fn(path, string(src))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 2500 {
		t.Fatalf("only %d SQL files: is the corpus complete?", files)
	}
}

// Database creates a uniquely named database on the test server, drops it
// when the test ends, and returns its connection URL. It skips the test when
// the server is unreachable (fails under SCHEMACHECK_REQUIRE_DB=1).
func Database(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("SCHEMACHECK_TEST_DATABASE_URL")
	if admin == "" {
		admin = DefaultDatabaseURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		unavailable(t, "SCHEMACHECK_REQUIRE_DB",
			fmt.Sprintf("PostgreSQL unreachable at %s: %v (set SCHEMACHECK_TEST_DATABASE_URL)", redact(admin), err))
	}
	defer conn.Close(context.Background())

	var buf [6]byte
	_, _ = rand.Read(buf[:])
	name := "schemacheck_test_" + hex.EncodeToString(buf[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("testenv: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("testenv: drop database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("testenv: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testenv: parse %s: %v", redact(admin), err)
	}
	u.Path = "/" + name
	return u.String()
}

// Connect opens a connection to url, closed when the test ends.
func Connect(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("testenv: connect to %s: %v", redact(url), err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// DatabaseWith is Database, with setup (SQL statements) run in it first.
func DatabaseWith(t testing.TB, setup string) string {
	t.Helper()
	url := Database(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("testenv: connect to %s: %v", redact(url), err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, setup); err != nil {
		t.Fatalf("testenv: setup of %s: %v", redact(url), err)
	}
	return url
}

func unavailable(t testing.TB, requireVar, msg string) {
	t.Helper()
	if os.Getenv(requireVar) == "1" {
		t.Fatalf("%s, and %s=1 requires it", msg, requireVar)
	}
	t.Skip(msg)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// CorpusMigrationDirs maps each project of ../shared/corpus/migrations to
// its migration directory (relative to the project), as the corpus's
// INDEX.tsv path_regex describes it.
var CorpusMigrationDirs = map[string]string{
	"harbor":            "make/migrations/postgresql",
	"temporal":          "schema/postgresql/v12/temporal",
	"ory-kratos":        "persistence/sql/migrations/sql",
	"supabase-auth":     "migrations",
	"hatchet":           "cmd/hatchet-migrate/migrate/migrations",
	"openfga":           "assets/migrations/postgres",
	"supabase-postgres": "migrations/db/migrations",
	"openmeter":         "tools/migrate/migrations",
	"lemmy":             "migrations",
	"documenso":         "packages/prisma/migrations",
	"ontrack":           "ontrack-database/src/main/resources/db/migration",
}

// CorpusMigrationDir returns the migration directory of a corpus project,
// failing the test for a project the table does not know.
func CorpusMigrationDir(t testing.TB, project string) string {
	t.Helper()
	rel, ok := CorpusMigrationDirs[project]
	if !ok {
		t.Fatalf("corpus project %s has no known migration directory; add it to testenv.CorpusMigrationDirs", project)
	}
	return filepath.Join(Corpus(t), "migrations", project, rel)
}

// OasdiffVersion is the oasdiff release the differential tests compare with.
const OasdiffVersion = "v1.35.0"

// Oasdiff returns the oasdiff binary (OasdiffVersion, found on PATH or in
// GOPATH/bin) and the directory of its module source with the data/ folder
// of spec pairs its checker tests use (in the module cache). It skips the
// test when either is absent (fails under SCHEMACHECK_REQUIRE_OASDIFF=1).
func Oasdiff(t testing.TB) (bin, moduleDir string) {
	t.Helper()
	bin, moduleDir, err := LookOasdiff()
	if err != nil {
		unavailable(t, "SCHEMACHECK_REQUIRE_OASDIFF", err.Error())
	}
	return bin, moduleDir
}

// OasdiffRequired says whether CI demands oasdiff
// (SCHEMACHECK_REQUIRE_OASDIFF=1), for tests that run partly without it.
func OasdiffRequired() bool { return os.Getenv("SCHEMACHECK_REQUIRE_OASDIFF") == "1" }

// LookOasdiff finds what Oasdiff returns, or says how to install it:
//
//	go install github.com/oasdiff/oasdiff@v1.35.0
//	go mod download github.com/oasdiff/oasdiff@v1.35.0
func LookOasdiff() (bin, moduleDir string, err error) {
	const how = "go install github.com/oasdiff/oasdiff@" + OasdiffVersion + " && go mod download github.com/oasdiff/oasdiff@" + OasdiffVersion
	gopath, modcache := goEnv("GOPATH"), goEnv("GOMODCACHE")
	var candidates, tried []string
	if p, err := exec.LookPath("oasdiff"); err == nil {
		candidates = append(candidates, p)
	}
	if gopath != "" {
		candidates = append(candidates, filepath.Join(filepath.SplitList(gopath)[0], "bin", "oasdiff"))
	}
	for _, c := range candidates {
		info, err := buildinfo.ReadFile(c)
		if err != nil {
			tried = append(tried, fmt.Sprintf("%s (%v)", c, err))
			continue
		}
		if info.Main.Path != "github.com/oasdiff/oasdiff" || info.Main.Version != OasdiffVersion {
			tried = append(tried, fmt.Sprintf("%s is %s %s", c, info.Main.Path, info.Main.Version))
			continue
		}
		bin = c
		break
	}
	if bin == "" {
		return "", "", fmt.Errorf("oasdiff %s not found (tried PATH and GOPATH/bin: %s); install it with: %s", OasdiffVersion, strings.Join(tried, "; "), how)
	}
	moduleDir = filepath.Join(modcache, "github.com", "oasdiff", "oasdiff@"+OasdiffVersion)
	if _, err := os.Stat(filepath.Join(moduleDir, "data")); modcache == "" || err != nil {
		return "", "", fmt.Errorf("oasdiff %s module source not found at %s; download it with: %s", OasdiffVersion, moduleDir, how)
	}
	return bin, moduleDir, nil
}

// goEnv returns `go env NAME`, or "" when the go command is unavailable.
func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
