package schemacheck

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/git"
	"github.com/schemacheck/schemacheck/internal/gittest"
)

const dbConfig = `version: 1
databases:
  - migrations: db/migrations
`

// mergedHistory is what main has merged: users and orders.
var mergedHistory = map[string]string{
	"schemacheck.yaml": dbConfig,
	"db/migrations/0001_users.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text);\n" +
		"CREATE UNIQUE INDEX users_email_key ON users (email);\n",
	"db/migrations/0001_users.down.sql":  "DROP TABLE users;\n",
	"db/migrations/0002_orders.up.sql":   "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, note text);\n",
	"db/migrations/0002_orders.down.sql": "DROP TABLE orders;\n",
}

// pullRequest builds a repository whose main branch has the merged
// history and whose feature branch (checked out) applies change; files
// mapped to "" are deleted.
func pullRequest(t *testing.T, change map[string]string) *gittest.Repo {
	t.Helper()
	repo := gittest.New(t)
	repo.Write(mergedHistory)
	repo.Commit("merged history")
	repo.Git("checkout", "-q", "-b", "feature")
	var gone []string
	write := map[string]string{}
	for name, src := range change {
		if src == "" {
			gone = append(gone, name)
		} else {
			write[name] = src
		}
	}
	repo.Write(write)
	repo.Remove(gone...)
	repo.Commit("the change")
	return repo
}

// diffResult runs Diff in dir with the configuration found there.
func diffResult(t *testing.T, dir string, opts DiffOptions) *Result {
	t.Helper()
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Diff(opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// diffIn runs Diff in dir and returns "RULE file:line" of the findings.
func diffIn(t *testing.T, dir string, opts DiffOptions) []string {
	t.Helper()
	var got []string
	for _, f := range diffResult(t, dir, opts).Findings {
		got = append(got, f.RuleID+" "+f.Location.String())
	}
	return got
}

func TestDiffAgainstTheDefaultBranch(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change map[string]string
		want   []string
	}{
		{
			name: "added safe migration",
			change: map[string]string{
				"db/migrations/0003_audit.up.sql":   "CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz NOT NULL);\n",
				"db/migrations/0003_audit.down.sql": "DROP TABLE audit;\n",
			},
		},
		{
			name: "added breaking migration",
			change: map[string]string{
				"db/migrations/0003_drop.up.sql":   "SET lock_timeout = '2s';\nALTER TABLE orders DROP COLUMN note;\n",
				"db/migrations/0003_drop.down.sql": "ALTER TABLE orders ADD COLUMN note text;\n",
				"db/migrations/0004_key.up.sql":    "SET lock_timeout = '2s';\nDROP INDEX users_email_key;\n",
				"db/migrations/0004_key.down.sql":  "CREATE UNIQUE INDEX users_email_key ON users (email);\n",
			},
			// The linter reports the dropped column; only the diff knows
			// the index was unique (INSERT … ON CONFLICT (email) breaks).
			want: []string{
				"SC-DB202 db/migrations/0003_drop.up.sql:2:1",
				"SC-DB102 db/migrations/0004_key.up.sql:2:1",
				"SC-DB510 db/migrations/0004_key.up.sql:2:1",
			},
		},
		{
			name: "edited merged migration",
			change: map[string]string{
				"db/migrations/0002_orders.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, note text);\n",
			},
			want: []string{"SC-DB501 db/migrations/0002_orders.up.sql:1:1"},
		},
		{
			name: "deleted merged migration",
			change: map[string]string{
				"db/migrations/0002_orders.up.sql": "", "db/migrations/0002_orders.down.sql": "",
			},
			// At a line of the head tree: the last migration, none follows.
			want: []string{"SC-DB502 db/migrations/0001_users.up.sql:1:1"},
		},
		{
			name: "renamed migration file is a move",
			change: map[string]string{
				"db/migrations/0002_orders.up.sql": "", "db/migrations/0002_orders.down.sql": "",
				"db/migrations/0002_create_orders.up.sql":   mergedHistory["db/migrations/0002_orders.up.sql"],
				"db/migrations/0002_create_orders.down.sql": mergedHistory["db/migrations/0002_orders.down.sql"],
			},
		},
		{
			name: "rename column detected as rename",
			change: map[string]string{
				"db/migrations/0003_rename.up.sql":   "SET lock_timeout = '2s';\nALTER TABLE users RENAME COLUMN name TO full_name;\n",
				"db/migrations/0003_rename.down.sql": "ALTER TABLE users RENAME COLUMN full_name TO name;\n",
			},
			want: []string{"SC-DB204 db/migrations/0003_rename.up.sql:2:1"},
		},
		{
			name: "down that does not restore",
			change: map[string]string{
				"db/migrations/0003_phone.up.sql":   "SET lock_timeout = '2s';\nCREATE TABLE phones (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN phone text;\n",
				"db/migrations/0003_phone.down.sql": "DROP TABLE phones;\n",
			},
			want: []string{"SC-DB521 db/migrations/0003_phone.down.sql:1:1"},
		},
		{
			name:   "missing down",
			change: map[string]string{"db/migrations/0003_phone.up.sql": "CREATE TABLE phones (id bigint PRIMARY KEY);\n"},
			want:   []string{"SC-DB520 db/migrations/0003_phone.up.sql:1:1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := pullRequest(t, tc.change)
			got := diffIn(t, repo.Dir, DiffOptions{})
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A RENAME COLUMN that no lint rule reports (the file suppresses it) still
// shows as a rename, never as a dropped column.
func TestDiffReportsRenameNotDrop(t *testing.T) {
	repo := pullRequest(t, map[string]string{
		"db/migrations/0003_rename.up.sql": "SET lock_timeout = '2s';\n" +
			"-- schemacheck:ignore rename-column the API reads full_name already\n" +
			"ALTER TABLE users RENAME COLUMN name TO full_name;\n",
		"db/migrations/0003_rename.down.sql": "ALTER TABLE users RENAME COLUMN full_name TO name;\n",
	})
	t.Chdir(repo.Dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Diff(DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "SC-DB511" ||
		!strings.Contains(res.Findings[0].Message, "column public.users.name is renamed to public.users.full_name") {
		t.Fatalf("want one SC-DB511 rename finding, got %+v", res.Findings)
	}
}

func TestDiffWithExplicitBaseAndPath(t *testing.T) {
	repo := pullRequest(t, map[string]string{
		"db/migrations/0003_drop.up.sql":   "SET lock_timeout = '2s';\nALTER TABLE orders DROP COLUMN note;\n",
		"db/migrations/0003_drop.down.sql": "ALTER TABLE orders ADD COLUMN note text;\n",
	})
	repo.Git("tag", "v1", "main")
	want := []string{"SC-DB202 db/migrations/0003_drop.up.sql:2:1"}
	if got := diffIn(t, repo.Dir, DiffOptions{Base: "v1", Paths: []string{"db/migrations"}}); !slices.Equal(got, want) {
		t.Errorf("--base v1 db/migrations:\n got %q\nwant %q", got, want)
	}
	// Against the change itself there is nothing to report.
	if got := diffIn(t, repo.Dir, DiffOptions{Base: "HEAD"}); len(got) != 0 {
		t.Errorf("--base HEAD: want nothing, got %q", got)
	}
	// A revision that could be read as an option is refused.
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Diff(DiffOptions{Base: "--output=/tmp/x"}); err == nil || !strings.Contains(err.Error(), "option") {
		t.Errorf("want a refused revision, got %v", err)
	}
}

// A change that moves a migration directory and points databases: at its
// new place adds no migration: the new directory is compared with where the
// base's config kept the database, not with the empty same path at the base.
// A migration the move adds is still linted, and a database the base's
// config does not know is new, every migration of it added.
func TestDiffFollowsAMovedMigrationDirectory(t *testing.T) {
	moved := map[string]string{"schemacheck.yaml": "version: 1\ndatabases:\n  - migrations: sql/migrations\n"}
	for name, src := range mergedHistory {
		if strings.HasPrefix(name, "db/migrations/") {
			moved[name] = ""
			moved["sql/migrations/"+strings.TrimPrefix(name, "db/migrations/")] = src
		}
	}
	repo := pullRequest(t, moved)
	res := diffResult(t, repo.Dir, DiffOptions{})
	if len(res.Findings) != 0 || !slices.ContainsFunc(res.Notes, func(n string) bool {
		return strings.Contains(n, "0 migration files added, 0 edited, 0 deleted, 0 moved")
	}) {
		t.Errorf("moved directory: want no migration added and nothing reported, got %+v, notes %q", res.Findings, res.Notes)
	}

	moved["sql/migrations/0003_drop.up.sql"] = "SET lock_timeout = '2s';\nALTER TABLE orders DROP COLUMN note;\n"
	moved["sql/migrations/0003_drop.down.sql"] = "ALTER TABLE orders ADD COLUMN note text;\n"
	repo = pullRequest(t, moved)
	want := []string{"SC-DB202 sql/migrations/0003_drop.up.sql:2:1"}
	if got := diffIn(t, repo.Dir, DiffOptions{}); !slices.Equal(got, want) {
		t.Errorf("moved directory and a new migration:\n got %q\nwant %q", got, want)
	}

	// A second database the base does not configure: its migrations are new.
	renamed := map[string]string{
		"schemacheck.yaml":                   "version: 1\ndatabases:\n  - migrations: db/migrations\n  - name: audit\n    migrations: audit/migrations\n",
		"audit/migrations/0001_log.up.sql":   "CREATE TABLE log (id bigint PRIMARY KEY);\nALTER TABLE log ADD COLUMN at timestamp;\n",
		"audit/migrations/0001_log.down.sql": "DROP TABLE log;\n",
	}
	repo = pullRequest(t, renamed)
	want = []string{"SC-DB303 audit/migrations/0001_log.up.sql:2:1"}
	if got := diffIn(t, repo.Dir, DiffOptions{}); !slices.Equal(got, want) {
		t.Errorf("new database:\n got %q\nwant %q", got, want)
	}
}

// A change that moves migrations into a directory the base does not have
// (authelia moving V0001.Initial_Schema.postgres.up.sql into postgres/),
// with no base config to say where they were, adds only what git does not
// see moved: the moved files are compared with what they held at the base
// (an edit made while moving is an edit of a merged migration), their
// tables are not new, so dropping one is reported. Files in a new
// directory that nothing moved there are all new.
func TestDiffFindsMigrationsMovedIntoANewDirectory(t *testing.T) {
	orders := "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, note text);\n" + strings.Repeat("-- history\n", 10)
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"legacy/0001_users.up.sql":  "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n" + strings.Repeat("-- history\n", 10),
		"legacy/0002_orders.up.sql": orders,
	})
	repo.Commit("merged history")
	repo.Git("checkout", "-q", "-b", "feature")
	repo.Git("mv", "legacy", "db")
	repo.Write(map[string]string{
		"schemacheck.yaml":      "version: 1\ndatabases:\n  - migrations: db\n    layout: golang-migrate\n",
		"db/0002_orders.up.sql": strings.Replace(orders, "note text", "note varchar(200)", 1),
		"db/0003_drop.up.sql":   "SET lock_timeout = '2s';\nDROP TABLE orders;\n",
	})
	want := []string{"SC-DB201 db/0003_drop.up.sql:2:1", "SC-DB501 db/0002_orders.up.sql:1:1"}
	says := "the change moved 2 files into it (legacy/0001_users.up.sql and 1 more)"
	check := func(what string, opts DiffOptions) {
		t.Helper()
		res := diffResult(t, repo.Dir, opts)
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.RuleID+" "+f.Location.String())
		}
		slices.Sort(got)
		if !slices.Equal(got, want) || !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, says) }) {
			t.Errorf("%s:\n got %q\nwant %q\nnotes %q", what, got, want, res.Notes)
		}
	}
	repo.Git("add", "-A")
	check("staged", DiffOptions{Staged: true, Base: "main"})
	repo.Commit("move and drop")
	check("committed", DiffOptions{Base: "main"})

	// Nothing moved into a new directory: every migration in it is new,
	// and dropping a table it creates harms nobody.
	repo = gittest.New(t)
	repo.Write(map[string]string{"README.md": "shop\n"})
	repo.Commit("start")
	repo.Git("checkout", "-q", "-b", "feature")
	repo.Write(map[string]string{
		"schemacheck.yaml":      "version: 1\ndatabases:\n  - migrations: db\n    layout: golang-migrate\n",
		"db/0002_orders.up.sql": orders,
		"db/0003_drop.up.sql":   "SET lock_timeout = '2s';\nDROP TABLE orders;\n",
	})
	repo.Commit("a new database")
	res := diffResult(t, repo.Dir, DiffOptions{Base: "main"})
	if len(res.Findings) != 0 || slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "moved") && strings.Contains(n, "into it") }) {
		t.Errorf("new directory: want nothing reported and no move, got %+v, notes %q", res.Findings, res.Notes)
	}
}

// A change that adds a second file of a merged version (ente added
// 99_add_upgraded_at beside 99_alter_file_data_column_type; golang-migrate
// refuses to start on it) is reported at the file it adds, at a line, and
// the merged file stays the migration: not "replaced", not deleted,
// whichever name sorts first.
func TestDiffDuplicateVersionIsTheAddedFile(t *testing.T) {
	for _, name := range []string{"0002_archive", "0002_zz_archive"} { // before and after 0002_orders
		repo := pullRequest(t, map[string]string{
			"db/migrations/" + name + ".up.sql":   "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN archived_at timestamptz;\n",
			"db/migrations/" + name + ".down.sql": "ALTER TABLE orders DROP COLUMN archived_at;\n",
		})
		want := []string{"SC-DB004 db/migrations/" + name + ".down.sql:1:1", "SC-DB004 db/migrations/" + name + ".up.sql:1:1"}
		got := diffIn(t, repo.Dir, DiffOptions{Base: "main"})
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s added beside 0002_orders:\n got %q\nwant %q", name, got, want)
		}
	}
}

// base: in schemacheck.yaml names the revision when --base is not given.
func TestDiffUsesTheConfiguredBase(t *testing.T) {
	repo := pullRequest(t, map[string]string{
		"schemacheck.yaml":                 dbConfig + "base: release\n",
		"db/migrations/0003_drop.up.sql":   "SET lock_timeout = '2s';\nALTER TABLE orders DROP COLUMN note;\n",
		"db/migrations/0003_drop.down.sql": "ALTER TABLE orders ADD COLUMN note text;\n",
	})
	repo.Git("branch", "release", "HEAD")
	if got := diffIn(t, repo.Dir, DiffOptions{}); len(got) != 0 {
		t.Errorf("base: release is the change itself: want nothing, got %q", got)
	}
}

// A shallow clone of the pull request (what actions/checkout makes by
// default) has no merge-base with the default branch, whether that branch
// was not fetched or fetched shallow: diff fails (exit 2 in the command)
// and says how to fetch the history.
func TestDiffInAShallowCloneSaysHowToFetch(t *testing.T) {
	repo := pullRequest(t, map[string]string{
		"db/migrations/0003_audit.up.sql": "CREATE TABLE audit (id bigint PRIMARY KEY);\n",
	})
	repo.Git("checkout", "-q", "main")
	repo.Write(map[string]string{"README": "main moved on\n"})
	repo.Commit("main moves on")
	t.Setenv("GITHUB_BASE_REF", "main")
	for _, fetchMain := range []bool{false, true} {
		clone := repo.Clone("--depth", "1", "--branch", "feature", "--single-branch")
		clone.Git("remote", "set-head", "origin", "--delete")
		if fetchMain {
			clone.Git("fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
		}
		t.Chdir(clone.Dir)
		p, err := Open(OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Diff(DiffOptions{})
		if !errors.Is(err, git.ErrShallow) || !strings.Contains(err.Error(), "fetch-depth: 0") {
			t.Errorf("origin/main fetched: %v: want a shallow-clone error saying fetch-depth: 0, got %v", fetchMain, err)
		}
	}
}

func TestDiffWithoutABase(t *testing.T) {
	t.Chdir(t.TempDir())
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Diff(DiffOptions{}); err == nil || !strings.Contains(err.Error(), "OLD and NEW") {
		t.Errorf("no config, no paths: want a usage error, got %v", err)
	}
}

// A contract file given as PATH is compared with itself at the base; one
// the base does not have is new, and says so.
func TestDiffContractAtRevision(t *testing.T) {
	repo := pullRequest(t, map[string]string{
		"api/openapi.yaml": fmt.Sprintf(checkContract, "false"),
	})
	repo.Git("tag", "v1")
	repo.Write(map[string]string{"api/openapi.yaml": fmt.Sprintf(checkContract, "true")})
	if got := diffIn(t, repo.Dir, DiffOptions{Base: "v1", Paths: []string{"api/openapi.yaml"}}); !slices.Equal(got, []string{"SC-API002 api/openapi.yaml:7:11"}) {
		t.Errorf("contract against v1: %q", got)
	}
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Diff(DiffOptions{Base: "main", Paths: []string{"api/openapi.yaml"}})
	if err != nil || len(res.Findings) != 0 || !strings.Contains(strings.Join(res.Notes, "\n"), "api/openapi.yaml does not exist at main") {
		t.Errorf("a contract new since main: %v, %+v, notes %q", err, res.Findings, res.Notes)
	}
}

// diffDatabases is what check runs for the configured databases when it
// has a base: the same findings as diff, added to check's result.
func TestDiffDatabasesForCheck(t *testing.T) {
	repo := pullRequest(t, map[string]string{
		"db/migrations/0002_orders.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
	})
	t.Chdir(repo.Dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	base, err := p.resolveBase("main")
	if err != nil {
		t.Fatal(err)
	}
	defer base.repo.Close()
	res := &Result{}
	if err := p.diffDatabases(res, base); err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "SC-DB501" {
		t.Errorf("want the edited merged migration, got %+v", res.Findings)
	}
	if len(res.Notes) != 2 || !strings.Contains(res.Notes[0], "db/migrations against main: 0 migration files added, 1 edited") ||
		!strings.HasPrefix(res.Notes[1], "no release is known") {
		t.Errorf("notes: %q", res.Notes)
	}
	// No tag holds it: merged, never released, a warning.
	if res.Findings[0].Severity != finding.SeverityWarning {
		t.Errorf("an edit of an unreleased migration is %s, want a warning", res.Findings[0].Severity)
	}
}

// TestDiffStaged: --staged judges what is staged (not unstaged edits or
// untracked files) against HEAD, each staged migration with its
// directory's history; a first commit is compared with nothing.
func TestDiffStaged(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml":           "version: 1\ndatabases:\n  - migrations: db\n",
		"db/0001_t.up.sql":           "CREATE TABLE t (id bigint PRIMARY KEY, v text);\n",
		"db/0002_u.up.sql":           "CREATE TABLE u (id bigint PRIMARY KEY);\n",
		"db/0003_index.up.sql":       "CREATE INDEX t_v ON t (v);\n",
		"db/0004_untracked.up.sql":   "ALTER TABLE t ADD COLUMN w text NOT NULL;\n",
		"db/seed.sql":                "INSERT INTO t VALUES (1, 'x');\n",
		"db/0002_u.down.sql":         "DROP TABLE u;\n",
		"db/0003_index.down.sql":     "DROP INDEX t_v;\n",
		"db/0004_untracked.down.sql": "ALTER TABLE t DROP COLUMN w;\n",
		"db/0001_t.down.sql":         "DROP TABLE t;\n",
	})
	repo.Git("add", "schemacheck.yaml", "db/0001_t.up.sql", "db/0001_t.down.sql", "db/0002_u.up.sql", "db/0002_u.down.sql")
	t.Chdir(repo.Dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	staged := func(paths ...string) []string {
		t.Helper()
		res, err := p.Diff(DiffOptions{Staged: true, Paths: paths})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.RuleID+" "+f.Location.File)
		}
		slices.Sort(got)
		return got
	}
	// The first commit: nothing before it, every migration is new.
	if got := staged("db/0001_t.up.sql", "db/0002_u.up.sql"); len(got) != 0 {
		t.Errorf("first commit: %q, want nothing (new tables)", got)
	}
	repo.Git("commit", "-q", "-m", "init") // what is staged only

	// Staged: the index on t (an existing table); unstaged: 0004 and an
	// edit of a merged migration, which are not part of the commit.
	repo.Git("add", "db/0003_index.up.sql", "db/0003_index.down.sql", "db/seed.sql")
	repo.Write(map[string]string{"db/0001_t.up.sql": "CREATE TABLE t (id bigint PRIMARY KEY, v text, x int);\n"})
	got := staged("db/0003_index.up.sql", "db/seed.sql")
	want := []string{"SC-DB101 db/0003_index.up.sql", "SC-DB110 db/0003_index.up.sql", "SC-DB115 db/0003_index.up.sql"}
	if !slices.Equal(got, want) {
		t.Errorf("staged index: %q, want %q (the unstaged edit and the untracked migration are not part of the commit)", got, want)
	}
}

// TestPullRequestBaseBranchMustExist: with GITHUB_BASE_REF naming a branch
// the clone does not have, check fails with the fetch hint instead of
// comparing with origin/main; with the branch there, the note names it.
func TestPullRequestBaseBranchMustExist(t *testing.T) {
	repo := pullRequest(t, map[string]string{
		"db/migrations/0003_audit.up.sql": "CREATE TABLE audit (id bigint PRIMARY KEY);\n",
	})
	repo.Git("checkout", "-q", "main")
	repo.Git("branch", "release-2")
	repo.Git("checkout", "-q", "feature")
	clone := repo.Clone("--branch", "feature", "--single-branch")
	clone.Git("fetch", "-q", "origin", "main:refs/remotes/origin/main")
	t.Chdir(clone.Dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_BASE_REF", "release-2")
	_, err = p.Check(CheckOptions{})
	if !errors.Is(err, git.ErrBaseBranchMissing) || !strings.Contains(err.Error(), "git fetch origin release-2:refs/remotes/origin/release-2") {
		t.Errorf("base branch release-2 not fetched: want an error with the fetch hint, got %v", err)
	}
	t.Setenv("GITHUB_BASE_REF", "main")
	res, err := p.Check(CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "compared with the merge-base with origin/main (") {
		t.Errorf("the note must name the branch compared with:\n%s", notes)
	}
}
