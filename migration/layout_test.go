package migration

import (
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/finding"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestLayoutsSynthetic(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fs     fstest.MapFS
		layout Layout
		order  []string // up script paths in order
		downs  int
	}{
		{"golang-migrate numeric order", fstest.MapFS{
			"10_c.up.sql": file("SELECT 1;"), "9_b.up.sql": file("SELECT 1;"), "9_b.down.sql": file("SELECT 1;"),
		}, LayoutGolangMigrate, []string{"9_b.up.sql", "10_c.up.sql"}, 1},
		{"golang-migrate pairs beside stray seed files, one named as a version", fstest.MapFS{
			"1_a.up.sql": file("SELECT 1;"), "1_a.down.sql": file("SELECT 1;"), "seed.sql": file("SELECT 1;"), "0_dump.sql": file("SELECT 1;"),
		}, LayoutGolangMigrate, []string{"1_a.up.sql"}, 1},
		{"x.up.sql files, then x.sql ones: not golang-migrate, which would skip the x.sql ones", fstest.MapFS{
			"201701261850_create_tenants.up.sql": file("SELECT 1;"), "201705132054_add_status.up.sql": file("SELECT 2;"),
			"201806191904_create_logs.sql": file("SELECT 3;"), "202511041300_moderation.sql": file("SELECT 4;"),
		}, LayoutPlain, []string{"201701261850_create_tenants.up.sql", "201705132054_add_status.up.sql", "201806191904_create_logs.sql", "202511041300_moderation.sql"}, 0},
		{"goose files, one named x.up.sql, which goose runs too", fstest.MapFS{
			"1_a.sql": file("-- +goose Up\nSELECT 1;"), "2_b.up.sql": file("-- +goose Up\nSELECT 2;"),
		}, LayoutGoose, []string{"1_a.sql", "2_b.up.sql"}, 0},
		{"popx postgres file overrides the generic one", fstest.MapFS{
			"1_a.up.sql": file("SELECT 'generic';"), "1_a.postgres.up.sql": file("SELECT 'pg';"),
			"1_a.mysql.up.sql": file("SELECT 'mysql';"), "2_b.postgres.autocommit.up.sql": file("CREATE INDEX CONCURRENTLY i ON t (c);"),
		}, LayoutPopx, []string{"1_a.postgres.up.sql", "2_b.postgres.autocommit.up.sql"}, 0},
		{"flyway versions and repeatables last", fstest.MapFS{
			"V1_10__x.sql": file("SELECT 1;"), "V1_9__y.sql": file("SELECT 1;"), "R__views.sql": file("SELECT 1;"), "U1_9__y.sql": file("SELECT 1;"),
		}, LayoutFlyway, []string{"V1_9__y.sql", "V1_10__x.sql", "R__views.sql"}, 1},
		{"sqitch plan order", fstest.MapFS{
			"sqitch.plan":      file("%project=x\n\nusers 2024-01-01T00:00:00Z a <a@b>\nposts [users] 2024-01-02T00:00:00Z a <a@b>\n"),
			"deploy/users.sql": file("CREATE TABLE users (id int);"),
			"deploy/posts.sql": file("CREATE TABLE posts (id int);"),
			"revert/users.sql": file("DROP TABLE users;"),
			"verify/users.sql": file("SELECT 1;"),
		}, LayoutSqitch, []string{"deploy/users.sql", "deploy/posts.sql"}, 1},
		{"plain files in natural order", fstest.MapFS{
			"2.sql": file("SELECT 1;"), "10.sql": file("SELECT 1;"), "README.md": file("x"),
		}, LayoutPlain, []string{"2.sql", "10.sql"}, 0},
		{"sql-migrate by annotation: files of the directory only, by number prefix, downs in the file", fstest.MapFS{
			"1677770163.sql": file("-- +migrate Up\nSELECT 2;\n-- +migrate Down\nSELECT 1;\n"),
			"999_first.sql":  file("-- +migrate Up\nSELECT 1;\n"),
			"seed.sql":       file("-- +migrate Up\nSELECT 3;\n"),
			"old/1_x.sql":    file("-- +migrate Up\nSELECT 0;\n"),
		}, LayoutSQLMigrate, []string{"999_first.sql", "1677770163.sql", "seed.sql"}, 1},
		{"drizzle by its journal, in index order, meta/ and other folders not read", fstest.MapFS{
			"meta/_journal.json":          file(`{"version": "7", "dialect": "postgresql", "entries": []}`),
			"meta/0000_snapshot.json":     file("{}"),
			"0000_lethal_trish.sql":       file("CREATE TABLE a (id int);--> statement-breakpoint\nCREATE TABLE b (id int);"),
			"0010_later.sql":              file("SELECT 10;"),
			"0002_brave_randall.sql":      file("SELECT 2;"),
			"custom/0001_not_drizzle.sql": file("SELECT 1;"),
		}, LayoutDrizzle, []string{"0000_lethal_trish.sql", "0002_brave_randall.sql", "0010_later.sql"}, 0},
		{"sqlx by sqlx-cli's template line, in version order, no folder below read", fstest.MapFS{
			"20210425153745_create_history.sql":   file("create table history (id bigserial primary key);"),
			"20231203124112_create-store-idx.sql": file("-- Add migration script here\ncreate unique index record_uniq ON store(user_id);"),
			"9_early.sql":                         file("SELECT 9;"),
			"README.md":                           file("# migrations"),
			"old/1_x.sql":                         file("SELECT 0;"),
		}, LayoutSqlx, []string{"9_early.sql", "20210425153745_create_history.sql", "20231203124112_create-store-idx.sql"}, 0},
		{"sqlx reversible pairs, known by a file's -- no-transaction", fstest.MapFS{
			"20250326160051_create_scripts.up.sql":   file("CREATE TABLE scripts (id int);"),
			"20250326160051_create_scripts.down.sql": file("DROP TABLE scripts;"),
			"20250402170430_idx.up.sql":              file("-- no-transaction\nCREATE INDEX CONCURRENTLY i ON scripts (id);"),
			"20250402170430_idx.down.sql":            file("-- no-transaction\nDROP INDEX CONCURRENTLY i;"),
		}, LayoutSqlx, []string{"20250326160051_create_scripts.up.sql", "20250402170430_idx.up.sql"}, 2},
		{"sqlx's names alone stay golang-migrate's: -- no-transaction must open the file", fstest.MapFS{
			"1_a.up.sql":   file("\ufeff-- no-transaction\nSELECT 1;"),
			"1_a.down.sql": file("\n-- no-transaction\nSELECT 1;"),
		}, LayoutGolangMigrate, []string{"1_a.up.sql"}, 1},
		{"postgres-migrations by its comment, in number order", fstest.MapFS{
			"0001-initialmigration.sql":              file("SELECT 1;"),
			"00010-search-files-search-function.sql": file("SELECT 10;"),
			"0002-storage-schema.sql":                file("-- postgres-migrations disable-transaction\nSELECT 2;"),
		}, LayoutPGMigrations, []string{"0001-initialmigration.sql", "0002-storage-schema.sql", "00010-search-files-search-function.sql"}, 0},
		{"dbmate by annotation", fstest.MapFS{
			"20240101_a.sql": file("-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n"),
		}, LayoutDbmate, []string{"20240101_a.sql"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, err := Load(tc.fs, ".", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if set.Layout != tc.layout {
				t.Fatalf("layout %s, want %s", set.Layout, tc.layout)
			}
			var order []string
			downs := 0
			for _, m := range set.Migrations {
				if m.Up != nil {
					order = append(order, m.Up.Path)
				}
				if m.Down != nil {
					downs++
				}
			}
			if len(order) != len(tc.order) || downs != tc.downs {
				t.Fatalf("order %v (%d downs), want %v (%d downs)", order, downs, tc.order, tc.downs)
			}
			for i := range order {
				if order[i] != tc.order[i] {
					t.Fatalf("order %v, want %v", order, tc.order)
				}
			}
		})
	}
}

func TestPopxAutocommitRunsOutsideTransaction(t *testing.T) {
	set, err := Load(fstest.MapFS{"2_b.postgres.autocommit.up.sql": file("CREATE INDEX CONCURRENTLY i ON t (c);")}, ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st := set.Migrations[0].Up.Statements[0]; st.InTransaction() {
		t.Error(".autocommit. files run outside a transaction")
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("1_a.up.sql", "CREATE TABLE t (id int);", "1_a.down.sql", "DROP TABLE t;")
	f.Add("V1__a.sql", "SELECT 1;", "R__b.sql", "${x}")
	f.Add("a/up.sql", "SELECT 1;", "sqitch.plan", "a\n")
	seeds := corpusSQLSeeds(f, 4<<10, 2)
	for i := 0; i+1 < len(seeds); i += 2 {
		f.Add(seeds[i].name, string(seeds[i].data), seeds[i+1].name, string(seeds[i+1].data))
	}
	f.Fuzz(func(t *testing.T, n1, c1, n2, c2 string) {
		fsys := fstest.MapFS{}
		for n, c := range map[string]string{n1: c1, n2: c2} {
			// MapFS itself misbehaves on names that are not valid fs paths.
			if fs.ValidPath(n) && n != "." {
				fsys[n] = file(c)
			}
		}
		a, errA := Load(fsys, ".", Options{})
		b, errB := Load(fsys, ".", Options{})
		if (errA == nil) != (errB == nil) || errA == nil && summary(a) != summary(b) {
			t.Fatalf("Load is not deterministic:\n%s\n%s", summary(a), summary(b))
		}
	})
}

func TestAtlasSum(t *testing.T) {
	files := fstest.MapFS{
		"1_a.up.sql":   file("CREATE TABLE a (id int);\n"),
		"1_a.down.sql": file("DROP TABLE a;\n"),
		"2_b.up.sql":   file("CREATE TABLE b (id int);\n"),
	}
	// A sum written for the files above (computed as Atlas does).
	files["atlas.sum"] = file(atlasSumFor(t, files, "1_a.up.sql", "2_b.up.sql"))
	set, err := Load(files, ".", Options{})
	if err != nil || len(set.Findings) != 0 {
		t.Fatalf("a matching sum must give no finding: %v %v", err, set.Findings)
	}
	files["1_a.up.sql"] = file("CREATE TABLE a (id bigint);\n")
	set, _ = Load(files, ".", Options{})
	if len(set.Findings) != 2 || set.Findings[0].RuleID != "SC-DB005" || set.Findings[0].Location.Line != 2 {
		t.Fatalf("an edited file changes its own and every later sum: %v", set.Findings)
	}
}

// atlasSumFor builds an atlas.sum for the named files.
func atlasSumFor(t *testing.T, fsys fstest.MapFS, names ...string) string {
	t.Helper()
	h := sha256.New()
	total := sha256.New()
	var lines []string
	for _, n := range names {
		h.Write([]byte(n))
		h.Write(fsys[n].Data)
		sum := base64.StdEncoding.EncodeToString(h.Sum(nil))
		total.Write([]byte(n))
		total.Write([]byte(sum))
		lines = append(lines, n+" h1:"+sum)
	}
	return "h1:" + base64.StdEncoding.EncodeToString(total.Sum(nil)) + "\n" + strings.Join(lines, "\n") + "\n"
}

// TestAtlasSumAgreesWithAtlas checks the verification against directories
// whose atlas.sum Atlas itself wrote and accepts (testdata/atlas, copied
// from Atlas's test data; see PROVENANCE.md): no finding on them, and a
// finding once any summed byte changes or a first-line directive is
// added or moved.
func TestAtlasSumAgreesWithAtlas(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/atlas/*/atlas.sum")
	if len(dirs) < 5 {
		t.Fatalf("found %d of Atlas's directories", len(dirs))
	}
	for _, sum := range dirs {
		dir := filepath.Dir(sum)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			fsys := fstest.MapFS{}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				fsys[e.Name()] = &fstest.MapFile{Data: b}
			}
			verify := func() []finding.Finding {
				files, _ := listFiles(fsys, ".")
				return verifyAtlasSum(fsys, ".", files)
			}
			if f := verify(); len(f) > 0 {
				t.Fatalf("Atlas accepts this atlas.sum; schemacheck reports %v", f)
			}
			for _, e := range entries {
				name := e.Name()
				if name == "atlas.sum" || !strings.HasSuffix(name, ".sql") {
					continue
				}
				orig := fsys[name].Data
				fsys[name] = &fstest.MapFile{Data: append(slices.Clone(orig), '\n')}
				if len(verify()) == 0 {
					t.Errorf("a byte appended to %s went unnoticed", name)
				}
				// Atlas reads directives on the first line only.
				fsys[name] = &fstest.MapFile{Data: append(slices.Clone(orig), "\n-- atlas:sum ignore\n"...)}
				if len(verify()) == 0 {
					t.Errorf("%s: a directive below the first line left the file out of the sum", name)
				}
				fsys[name] = &fstest.MapFile{Data: orig}
			}
		})
	}
}

// TestDetectionReadsEachFileAtMostOnce: content detection stops at the
// first file holding a tool's marker, and the tools asking after it resume
// where it stopped instead of reading the directory again.
func TestDetectionReadsEachFileAtMostOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		files  map[string]string
		layout Layout
		reads  int
	}{
		{"goose marker in the first file", map[string]string{
			"001_a.sql": "-- +goose Up\nSELECT 1;", "002_b.sql": "-- +goose Up\nSELECT 2;", "003_c.sql": "SELECT 3;",
		}, LayoutGoose, 1},
		{"dbmate marker in the last file", map[string]string{
			"001_a.sql": "SELECT 1;", "002_b.sql": "SELECT 2;", "003_c.sql": "-- migrate:up\nSELECT 3;",
		}, LayoutDbmate, 3},
		{"no marker", map[string]string{
			"001_a.sql": "SELECT 1;", "002_b.sql": "SELECT 2;", "notes.txt": "-- +goose Up",
		}, LayoutPlain, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var files []string
			for f := range tc.files {
				files = append(files, f)
			}
			slices.Sort(files)
			reads := map[string]int{}
			view := &dirView{files: files, read: func(f string) ([]byte, error) {
				reads[f]++
				return []byte(tc.files[f]), nil
			}}
			got := LayoutPlain
			for _, tool := range tools {
				if tool.Detect != nil && tool.Detect(view) {
					got = tool.Layout
					break
				}
			}
			if got != tc.layout {
				t.Errorf("layout %s, want %s", got, tc.layout)
			}
			total := 0
			for f, n := range reads {
				total += n
				if n > 1 {
					t.Errorf("%s read %d times", f, n)
				}
			}
			if total != tc.reads {
				t.Errorf("%d reads (%v), want %d", total, reads, tc.reads)
			}
		})
	}
}

// TestSqlxChosenWithoutEvidence: a directory that names nothing of sqlx's
// own is read as golang-migrate or plain files when detected, and as sqlx
// when the configuration says so: 01_x.sql is version 1, and a file whose
// prefix is no integer is not run (sqlx refuses the directory).
func TestSqlxChosenWithoutEvidence(t *testing.T) {
	fsys := fstest.MapFS{
		"02_b.sql":     file("SELECT 2;"),
		"1_a.sql":      file("SELECT 1;"),
		"v3_c.sql":     file("SELECT 3;"),
		"sub/4_d.sql":  file("SELECT 4;"),
		"5_e.down.sql": file("SELECT 5;"),
		"notes_on.txt": file(""),
	}
	if l, _ := Detect(fsys, "."); l == LayoutSqlx {
		t.Fatalf("detected sqlx from names alone")
	}
	set, err := Load(fsys, ".", Options{Layout: LayoutSqlx})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, m := range set.Migrations {
		if m.Up != nil {
			order = append(order, m.Up.Path)
		}
	}
	if want := []string{"1_a.sql", "02_b.sql"}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if want := []string{"sub/4_d.sql", "v3_c.sql"}; !slices.Equal(set.Unmatched, want) {
		t.Errorf("unmatched %v, want %v", set.Unmatched, want)
	}
}

// TestMergedFilesWinDuplicateVersions: of two files of one version, the
// one a base revision has is the migration and the other the duplicate,
// reported at its first line; without Merged, the first name wins.
func TestMergedFilesWinDuplicateVersions(t *testing.T) {
	fsys := fstest.MapFS{
		"99_add_upgraded_at.up.sql":             {Data: []byte("ALTER TABLE users ADD COLUMN upgraded_at bigint;\n")},
		"99_alter_file_data_column_type.up.sql": {Data: []byte("ALTER TABLE file_data ALTER COLUMN size TYPE bigint;\n")},
	}
	for _, tc := range []struct {
		merged     map[string]bool
		up, second string
	}{
		{nil, "99_add_upgraded_at.up.sql", "99_alter_file_data_column_type.up.sql"},
		{map[string]bool{"99_alter_file_data_column_type.up.sql": true}, "99_alter_file_data_column_type.up.sql", "99_add_upgraded_at.up.sql"},
	} {
		set, err := Load(fsys, ".", Options{Layout: LayoutGolangMigrate, Merged: tc.merged})
		if err != nil {
			t.Fatal(err)
		}
		if len(set.Migrations) != 1 || set.Migrations[0].Up.Path != tc.up {
			t.Errorf("merged %v: migrations %+v, want one running %s", tc.merged, set.Migrations, tc.up)
		}
		if len(set.Findings) != 1 || set.Findings[0].RuleID != RuleDuplicateVersion.ID || set.Findings[0].Location.File != tc.second || set.Findings[0].Location.Line != 1 {
			t.Errorf("merged %v: findings %+v, want SC-DB004 at %s:1", tc.merged, set.Findings, tc.second)
		}
	}
}
