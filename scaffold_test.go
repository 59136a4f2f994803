package schemacheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

func TestDetectScaffold(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	openapi := file("openapi: 3.1.0\ninfo: {title: shop, version: '1'}\npaths: {}\n")
	tests := []struct {
		name          string
		fs            fstest.MapFS
		wantDatabases []string // dir (layout)
		wantContracts []string // path (kind)
	}{{
		name: "golang-migrate and an OpenAPI document",
		fs: fstest.MapFS{
			"db/migrations/0001_users.up.sql":   file("CREATE TABLE users (id bigint);"),
			"db/migrations/0001_users.down.sql": file("DROP TABLE users;"),
			"api/openapi.yaml":                  openapi,
		},
		wantDatabases: []string{"db/migrations (golang-migrate)"},
		wantContracts: []string{"api/openapi.yaml (openapi)"},
	}, {
		name: "prisma: one directory per migration counts for its parent",
		fs: fstest.MapFS{
			"prisma/migrations/20240101000000_init/migration.sql": file("CREATE TABLE a (id int);"),
			"prisma/migrations/20240102000000_b/migration.sql":    file("CREATE TABLE b (id int);"),
			"prisma/migrations/migration_lock.toml":               file(`provider = "postgresql"`),
		},
		wantDatabases: []string{"prisma/migrations (prisma)"},
	}, {
		name: "plain .sql files count only in a directory named like migrations",
		fs: fstest.MapFS{
			"queries/report.sql":        file("SELECT 1;"),
			"schema/001_init.sql":       file("CREATE TABLE a (id int);"),
			"node_modules/x/schema.sql": file("CREATE TABLE n (id int);"),
			"testdata/migrations/1.sql": file("CREATE TABLE f (id int);"),
			".git/hooks/x.sql":          file("CREATE TABLE g (id int);"),
		},
		wantDatabases: []string{"schema (plain)"},
	}, {
		name: "only declared JSON Schemas and API documents are contracts",
		fs: fstest.MapFS{
			"events/order.json":  file(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}`),
			"config/app.json":    file(`{"port": 8080}`),
			"package.json":       file(`{"name": "x"}`),
			"docs/swagger.yaml":  file("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n"),
			"deploy/values.yaml": file("replicas: 3\n"),
			"schemacheck.yaml":   file("version: 1\n"),
			// Broken, but it says it is an API description: proposed, so
			// check reports its syntax error instead of skipping it.
			"api/broken.json":     file(`{"openapi": `),
			"web/schema.yml":      file("$schema: http://json-schema.org/draft-07/schema#\ntype: object\n"),
			"assets/big.json":     {Data: []byte("[1, 2, 3]")},
			"node_modules/x.yaml": openapi,
		},
		wantContracts: []string{"api/broken.json (openapi)", "docs/swagger.yaml (swagger)", "events/order.json (jsonschema)", "web/schema.yml (jsonschema)"},
	}, {
		name:          "an empty repository",
		fs:            fstest.MapFS{"README.md": file("# x")},
		wantDatabases: nil,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := DetectScaffold(tt.fs)
			if err != nil {
				t.Fatal(err)
			}
			var dbs, cs []string
			for _, db := range s.Databases {
				dbs = append(dbs, db.Dir+" ("+string(db.Layout)+")")
			}
			for _, c := range s.Contracts {
				cs = append(cs, c.Path+" ("+string(c.Kind)+")")
			}
			if !slices.Equal(dbs, tt.wantDatabases) {
				t.Errorf("databases = %q, want %q", dbs, tt.wantDatabases)
			}
			if !slices.Equal(cs, tt.wantContracts) {
				t.Errorf("contracts = %q, want %q", cs, tt.wantContracts)
			}
			// Whatever was found, the starter file must load and validate.
			path := filepath.Join(t.TempDir(), "schemacheck.yaml")
			if err := WriteScaffold(path, s, false); err != nil {
				t.Fatal(err)
			}
			cfg, err := config.Load(path)
			if err != nil {
				t.Fatalf("starter config does not load: %v\n%s", err, s.Config())
			}
			if len(cfg.Databases) != len(s.Databases) || len(cfg.Contracts) != len(s.Contracts) {
				t.Errorf("config names %d databases and %d contracts, detected %d and %d",
					len(cfg.Databases), len(cfg.Contracts), len(s.Databases), len(s.Contracts))
			}
		})
	}
}

func TestScaffoldConfigGolden(t *testing.T) {
	s := &Scaffold{
		Databases: []ScaffoldDatabase{{Dir: "db/migrations", Layout: "goose", Migrations: 12}, {Dir: "sql", Layout: "plain", Migrations: 3}},
		Contracts: []ScaffoldContract{{Path: "api/openapi.yaml", Kind: "openapi"}, {Path: "events/order placed.json", Kind: "jsonschema"}},
	}
	checkGolden(t, filepath.Join("testdata", "scaffold.golden.yaml"), string(s.Config()))
}

func TestWriteScaffoldKeepsAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schemacheck.yaml")
	if err := os.WriteFile(path, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteScaffold(path, &Scaffold{}, false)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("err = %v, want a refusal that mentions --force", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "version: 1\n" {
		t.Fatalf("existing file changed: %q", b)
	}
	if err := WriteScaffold(path, &Scaffold{}, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "written by 'schemacheck init'") {
		t.Fatalf("--force did not overwrite: %q", b)
	}
}

// TestDetectScaffoldCorpus runs init's detection over every corpus project:
// each one's migration directory is found with the layout the loader uses.
func TestDetectScaffoldCorpus(t *testing.T) {
	root := filepath.Join(testenv.Corpus(t), "migrations")
	s, err := DetectScaffold(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, db := range s.Databases {
		found[db.Dir] = true
	}
	for project, dir := range testenv.CorpusMigrationDirs {
		if !found[project+"/"+dir] {
			t.Errorf("%s: migration directory %s not detected; detected %v", project, dir, s.Databases)
		}
	}
	if len(s.Contracts) != 0 {
		t.Errorf("the migration corpus has no contracts, detected %v", s.Contracts)
	}
}
