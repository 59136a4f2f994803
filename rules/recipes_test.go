package rules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/schemacheck/schemacheck/internal/pgservers"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/rules"
)

// TestRecipesRunOnPostgres takes every statement-specific fix the
// fixtures' findings print (a fix other than the rule's general advice),
// requires it to be SQL, and runs it as printed on the PostgreSQL version
// the fixture targets (12 for older targets), in a database holding the
// fixture's schema as it stands before the statement: the base schema and
// the change's earlier statements, without rows. Every statement of the
// recipe must succeed; each runs on its own, as CONCURRENTLY requires.
func TestRecipesRunOnPostgres(t *testing.T) {
	type recipe struct {
		fixture string
		fx      fixture
		line    int
		rule    string
		sql     string
	}
	var recipes []recipe
	versions := map[int]bool{}
	paths, _ := filepath.Glob("testdata/*.sql")
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fx := runFixture(t, path, src)
		for _, f := range fx.findings {
			r, ok := rules.Lookup(f.RuleID)
			if !ok || f.Fix == r.Fix || f.Fix == "" {
				continue
			}
			if _, err := pgtree.Parse(f.Fix); err != nil {
				t.Errorf("%s:%d: %s prints a fix that is not SQL (%v):\n%s", path, f.Location.Line, f.RuleName, err, f.Fix)
				continue
			}
			recipes = append(recipes, recipe{path, fx, f.Location.Line, f.RuleName, f.Fix})
			versions[max(fx.pg, 12)] = true
		}
	}
	if len(recipes) == 0 {
		t.Fatal("the fixtures print no recipe")
	}
	var majors []int
	for v := 12; v <= 18; v++ {
		if versions[v] {
			majors = append(majors, v)
		}
	}
	servers := map[int]*pgservers.Server{}
	for _, s := range pgservers.Start(t, majors...) {
		servers[s.Major] = s
	}
	for i, r := range recipes {
		name := fmt.Sprintf("%s:%d:%s", filepath.Base(r.fixture), r.line, r.rule)
		t.Run(name, func(t *testing.T) {
			s := servers[max(r.fx.pg, 12)]
			url := database(t, s.URL, fmt.Sprintf("recipe_%d", i))
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			conn := testenv.Connect(t, url)
			// The base schema and the change up to the statement. Some
			// statements fail on purpose: a fixture may use tables made
			// outside the migrations, or show a statement that is wrong.
			for _, st := range r.fx.base {
				_, _ = conn.Exec(ctx, st.SQL)
			}
			for _, st := range r.fx.change {
				if st.Pos.Line >= r.line {
					break
				}
				_, _ = conn.Exec(ctx, st.SQL)
			}
			stmts, err := parser.SplitWithParser(r.sql, true)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range stmts {
				if _, err := conn.Exec(ctx, st); err != nil {
					t.Errorf("PostgreSQL %d rejects the recipe's %q: %v\nrecipe:\n%s", s.Major, strings.TrimSpace(st), err, r.sql)
					return
				}
			}
		})
	}
}

// database creates a database on the server, dropped when the test ends.
func database(t *testing.T, adminURL, name string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), adminURL)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return strings.Replace(adminURL, "/postgres?", "/"+name+"?", 1)
}
