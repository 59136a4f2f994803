// Package testenv gives tests the shared corpus and a throwaway PostgreSQL
// database, skipping with a clear message when either is absent, or failing
// when CI demands them (SCHEMACHECK_REQUIRE_CORPUS=1, SCHEMACHECK_REQUIRE_DB=1).
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
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
