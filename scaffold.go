package schemacheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/internal/readlimit"
	"github.com/schemacheck/schemacheck/migration"
)

// Scaffold is what `schemacheck init` found in a repository: the migration
// directories and contract files a starter schemacheck.yaml names.
type Scaffold struct {
	Databases []ScaffoldDatabase
	Contracts []ScaffoldContract
}

// ScaffoldDatabase is a detected migration directory.
type ScaffoldDatabase struct {
	Dir        string // slash-separated, relative to the repository
	Layout     migration.Layout
	Migrations int
}

// ScaffoldContract is a detected OpenAPI document or JSON Schema.
type ScaffoldContract struct {
	Path string
	Kind contracts.Kind
}

// skippedDirs hold dependencies, build output or fixtures, never the
// project's own migrations or contracts.
var skippedDirs = map[string]bool{
	"node_modules": true, "vendor": true, "dist": true, "build": true, "target": true,
	"testdata": true, "third_party": true, "__pycache__": true,
}

// maxContractSize bounds a contract file: diff and check refuse a larger
// one before reading it, and init does not sniff one (reading every big
// JSON file of a repository would be slow).
const maxContractSize = 64 << 20

// migrationDirName marks a plain directory of .sql files as migrations;
// without it a directory of ad-hoc queries would be proposed.
var migrationDirName = regexp.MustCompile(`(?i)migrat|schema|changelog|^db$|^sql$`)

// perMigrationDir is a directory holding one migration (Prisma, diesel):
// its parent is the migration directory.
var perMigrationDir = regexp.MustCompile(`^\d{4,}[_-]`)

// DetectScaffold walks fsys (a repository) and returns the migration
// directories and contracts a starter configuration should name.
func DetectScaffold(fsys fs.FS) (*Scaffold, error) {
	sqlDirs := map[string]bool{}
	var candidates []string // contract-looking files
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // an unreadable corner does not stop detection
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(name, ".") || skippedDirs[name]) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		switch path.Ext(name) {
		case ".sql":
			sqlDirs[path.Dir(p)] = true
		case ".yaml", ".yml", ".json":
			if name != "schemacheck.yaml" && name != "package.json" && name != "package-lock.json" && name != "tsconfig.json" {
				candidates = append(candidates, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walking the repository: %w", err)
	}
	s := &Scaffold{}
	if s.Databases, err = detectDatabases(fsys, sqlDirs); err != nil {
		return nil, err
	}
	for _, p := range candidates {
		if kind, ok := sniffContract(fsys, p); ok {
			s.Contracts = append(s.Contracts, ScaffoldContract{Path: p, Kind: kind})
		}
	}
	return s, nil
}

// detectDatabases turns the directories holding .sql files into migration
// directories: a directory per migration (Prisma, diesel) or a sqitch
// deploy/revert/verify tree counts for its parent, and nothing inside an
// accepted directory is proposed again.
func detectDatabases(fsys fs.FS, sqlDirs map[string]bool) ([]ScaffoldDatabase, error) {
	roots := map[string]bool{}
	for dir := range sqlDirs {
		parent := path.Dir(dir)
		switch {
		case perMigrationDir.MatchString(path.Base(dir)) && dir != ".":
			roots[parent] = true
		case exists(fsys, path.Join(parent, "sqitch.plan")):
			roots[parent] = true
		default:
			roots[dir] = true
		}
	}
	ordered := slices.Collect(func(yield func(string) bool) {
		for r := range roots {
			if !yield(r) {
				return
			}
		}
	})
	// Shallow first, so a directory's own migrations claim its subtree.
	slices.SortFunc(ordered, func(a, b string) int {
		if d := strings.Count(a, "/") - strings.Count(b, "/"); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	var out []ScaffoldDatabase
	inside := func(dir string) bool {
		return slices.ContainsFunc(out, func(db ScaffoldDatabase) bool {
			return db.Dir == "." || strings.HasPrefix(dir, db.Dir+"/")
		})
	}
	for _, dir := range ordered {
		if inside(dir) {
			continue
		}
		layout, err := migration.Detect(fsys, dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		if layout == migration.LayoutPlain && !migrationDirName.MatchString(path.Base(dir)) {
			continue
		}
		set, err := migration.Load(fsys, dir, migration.Options{Layout: layout})
		if err != nil || len(set.Migrations) == 0 {
			continue
		}
		out = append(out, ScaffoldDatabase{Dir: dir, Layout: layout, Migrations: len(set.Migrations)})
	}
	slices.SortFunc(out, func(a, b ScaffoldDatabase) int { return strings.Compare(a.Dir, b.Dir) })
	return out, nil
}

// sniffContract reports whether p is an OpenAPI document or a JSON Schema
// that says so with a json-schema.org $schema (every JSON or YAML object
// could be read as a schema; only a declared one is proposed).
func sniffContract(fsys fs.FS, p string) (contracts.Kind, bool) {
	src, err := readlimit.ReadFile(fsys, p, maxContractSize)
	if err != nil {
		return "", false
	}
	kind, err := contracts.Sniff(src)
	if err != nil {
		return "", false
	}
	if kind == contracts.JSONSchema && !declaresJSONSchema.Match(src) {
		return "", false
	}
	return kind, true
}

var declaresJSONSchema = regexp.MustCompile(`["']?\$schema["']?\s*:\s*["']?https?://json-schema\.org/`)

func exists(fsys fs.FS, p string) bool {
	_, err := fs.Stat(fsys, p)
	return err == nil
}

// Config renders the starter schemacheck.yaml: what was found, with the
// sections that need a human (clients, servers) as commented examples.
func (s *Scaffold) Config() []byte {
	var b bytes.Buffer
	b.WriteString(`# schemacheck.yaml, written by 'schemacheck init'. Reference: docs/config-reference.md
# in the schemacheck repository; editors validate it with schemacheck.schema.json.
version: 1
# PostgreSQL major version your databases run; rules that depend on it
# (e.g. ADD COLUMN with a default, REINDEX CONCURRENTLY) follow it.
pg_version: 16
# Lowest severity that fails the run: error, warning, info or never.
fail_on: error
`)
	if len(s.Databases) == 0 {
		b.WriteString("\n# No migration directory was found. Add one:\n# databases:\n#   - migrations: db/migrations\n")
	} else {
		b.WriteString("\ndatabases:\n")
		for _, db := range s.Databases {
			fmt.Fprintf(&b, "  - migrations: %s # %s, %d migration%s\n", yamlScalar(db.Dir), db.Layout, db.Migrations, plural(db.Migrations))
			fmt.Fprintf(&b, "    layout: %s\n", db.Layout)
			if db.Layout == migration.LayoutPlain {
				// Nothing in plain files says how they are run: each statement on its own until told otherwise.
				b.WriteString("    # transaction: per_file # how your runner sends each file: none (the default), per_file or one_query\n")
			}
		}
	}
	var api string
	if len(s.Contracts) == 0 {
		b.WriteString("\n# No OpenAPI document or JSON Schema was found. Add one:\n# contracts:\n#   - path: api/openapi.yaml\n")
	} else {
		b.WriteString("\ncontracts:\n")
		for _, c := range s.Contracts {
			fmt.Fprintf(&b, "  - path: %s\n", yamlScalar(c.Path))
			switch c.Kind {
			case contracts.JSONSchema:
				b.WriteString("    kind: jsonschema\n    mode: backward # readers on the new schema read data written with the old\n")
			default:
				b.WriteString("    kind: openapi\n")
				if api == "" {
					api = c.Path
				}
			}
		}
	}
	if api == "" {
		api = "api/openapi.yaml"
	}
	fmt.Fprintf(&b, `
# Client versions in the field, each pinned to the contract it was built
# against (a git tag or commit, or a file), for the compatibility matrix.
# clients:
#   - name: ios
#     platform: ios
#     contract: %[1]s
#     tolerance:
#       unknown_enum_values: false # generated Swift and Dart clients often reject them
#     versions:
#       - version: 3.1.0
#         ref: v3.1.0
#       - version: 2.9.0
#         ref: v2.9.0
#         supported: false
#
# Server versions the matrix compares clients with: git tags, or files.
# servers:
#   tags: v*
`, yamlScalar(api))
	return b.Bytes()
}

// WriteScaffold writes the starter configuration to path; an existing file
// is kept unless force is set.
func WriteScaffold(path string, s *Scaffold, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("%s already exists: edit it, or run 'schemacheck init --force' to overwrite it", path)
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := f.Write(s.Config()); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// yamlScalar quotes a path when YAML would read it as something else.
func yamlScalar(s string) string {
	if s == "" || strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") ||
		strings.TrimSpace(s) != s {
		return fmt.Sprintf("%q", s)
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
