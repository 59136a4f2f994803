package migration

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// Options control how a directory is read.
type Options struct {
	Layout       Layout // "" detects it from the files
	Placeholders map[string]string
	// Runner, when set, is how the program that runs the migrations
	// sends each file, in place of the layout tool's own model: a
	// directory of plain .sql files says nothing of it (config:
	// transaction). Each file's FileOptions.Runner.
	Runner *TxModel
	// Listing is the directory's files as DetectListing found them, so
	// that Stream does not list the directory a second time.
	Listing *Listing
	// Merged holds the paths (relative to the directory) of the files the
	// base of a change already has. Of two files of one version and
	// direction, a merged one is the migration and the other the
	// duplicate, whatever their names' order: a change that adds a second
	// version 99 (ente's 99_add_upgraded_at beside 99_alter_file_data_column_type)
	// is reported at the file it adds, not at the merged one.
	Merged map[string]bool
}

// Listing is what DetectListing found in a directory: its files, as
// paths relative to it, sorted.
type Listing struct{ files []string }

// script is one file of a directory, classified by a layout.
type script struct {
	path      string // relative to the directory
	version   string
	name      string
	direction Direction
	fileOpts  FileOptions
	// priority breaks ties between files of the same version and direction:
	// the higher wins (popx: a .postgres. file overrides the generic one).
	priority int
}

// classifier maps a file (path relative to the directory) to a script, or
// reports false when the layout does not run that file.
type classifier func(rel string, src func() []byte) (script, bool)

var (
	reGolangMigrate = regexp.MustCompile(`^(\d+)_(.*)\.(up|down)\.sql$`)
	reVersioned     = regexp.MustCompile(`^(\d+)_(.*)\.sql$`)
	reFlyway        = regexp.MustCompile(`^([VUR])([0-9][0-9._]*)?__(.+)\.sql$`)
	rePrisma        = regexp.MustCompile(`^(\d+)_([^/]*)/migration\.sql$`)
	reDiesel        = regexp.MustCompile(`^([^/]+)/(up|down)\.sql$`)
	rePopx          = regexp.MustCompile(`^(\d+)_(.+?)(\.(postgres|mysql|sqlite3|sqlite|cockroach|mssql))?(\.autocommit)?\.(up|down)\.sql$`)
	rePopxDialect   = regexp.MustCompile(`\.(postgres|mysql|sqlite3|cockroach)\.(autocommit\.)?(up|down)\.sql$`)
	reTemporal      = regexp.MustCompile(`^(?:.*/)?versioned/v(\d+(?:\.\d+)*)/([^/]+\.sql)$`)
	reDieselDirName = regexp.MustCompile(`^(\d[\d-]*)_?(.*)$`)
	rePGMigrations  = regexp.MustCompile(`^(\d+)[-_]?([^/]*)\.sql$`)
	reDrizzle       = regexp.MustCompile(`^(\d+)_([^/]*)\.sql$`)
)

// isTemporal reports whether f is a temporal migration's path. The
// substring test first: detection tries the pattern on every file of a
// directory of another tool, and its leading (?:.*/)? backtracks.
func isTemporal(f string) bool {
	return strings.Contains(f, "versioned/v") && reTemporal.MatchString(f)
}

func direction(s string) Direction {
	if s == "down" || s == "U" {
		return Down
	}
	return Up
}

func classifyGolangMigrate(rel string, _ func() []byte) (script, bool) {
	m := reGolangMigrate.FindStringSubmatch(rel)
	if m == nil {
		return script{}, false
	}
	return script{version: m[1], name: m[2], direction: direction(m[3])}, true
}

// classifyAtlas: golang-migrate style pairs when the directory uses them
// (format golang-migrate), else one versioned file per migration.
func classifyAtlas(rel string, _ func() []byte) (script, bool) {
	if m := reGolangMigrate.FindStringSubmatch(rel); m != nil {
		return script{version: m[1], name: m[2], direction: direction(m[3])}, true
	}
	m := reVersioned.FindStringSubmatch(rel)
	if m == nil {
		return script{}, false
	}
	return script{version: m[1], name: m[2]}, true
}

func classifyPlain(rel string, _ func() []byte) (script, bool) {
	if !strings.HasSuffix(rel, ".sql") {
		return script{}, false
	}
	base := strings.TrimSuffix(rel, ".sql")
	s := script{version: base, name: base}
	if strings.HasSuffix(base, ".down") {
		s.version, s.direction = strings.TrimSuffix(base, ".down"), Down
	}
	s.version = strings.TrimSuffix(s.version, ".up")
	return s, true
}

func classifyFlyway(rel string, _ func() []byte) (script, bool) {
	m := reFlyway.FindStringSubmatch(rel)
	if m == nil {
		return script{}, false
	}
	s := script{version: strings.ReplaceAll(m[2], "_", "."), name: m[3], direction: direction(m[1])}
	if m[1] == "R" {
		// Repeatable migrations run after all versioned ones, by name.
		s.version = "~R__" + m[3]
	}
	return s, true
}

// classifyPrisma: one folder per migration, applied in folder-name order;
// two folders may share a timestamp prefix, so the whole folder name is
// the version.
func classifyPrisma(rel string, _ func() []byte) (script, bool) {
	m := rePrisma.FindStringSubmatch(rel)
	if m == nil {
		return script{}, false
	}
	return script{version: m[1] + "_" + m[2], name: m[2]}, true
}

func classifyDiesel(rel string, _ func() []byte) (script, bool) {
	m := reDiesel.FindStringSubmatch(rel)
	if m == nil {
		return script{}, false
	}
	v := reDieselDirName.FindStringSubmatch(m[1])
	s := script{version: m[1], name: m[1], direction: direction(m[2])}
	if v != nil {
		s.version, s.name = v[1], v[2]
	}
	return s, true
}

func classifyPopx(rel string, _ func() []byte) (script, bool) {
	m := rePopx.FindStringSubmatch(rel)
	if m == nil || (m[4] != "" && m[4] != "postgres") {
		return script{}, false // another dialect's file
	}
	s := script{version: m[1], name: m[2], direction: direction(m[6]),
		fileOpts: FileOptions{NoTransaction: m[5] != ""}}
	if m[4] == "postgres" {
		s.priority = 1
	}
	return s, true
}

// popxOtherDialect reports whether rel is a popx migration for another
// database than PostgreSQL.
func popxOtherDialect(rel string) bool {
	m := rePopx.FindStringSubmatch(rel)
	return m != nil && m[4] != "" && m[4] != "postgres"
}

// versionAndName classifies by a pattern whose first group is the
// version and second the name, reading nothing but the path.
func versionAndName(re *regexp.Regexp) classifier {
	return func(rel string, _ func() []byte) (script, bool) {
		m := re.FindStringSubmatch(rel)
		if m == nil {
			return script{}, false
		}
		return script{version: m[1], name: m[2]}, true
	}
}

var (
	// classifyTemporal: a versioned/v<version>/<file>.sql of temporal's tree.
	classifyTemporal = versionAndName(reTemporal)
	// classifyDrizzle: drizzle-kit writes its migrations beside meta/,
	// named by their journal index and tag (0003_hesitant_lionheart.sql),
	// in the journal's order.
	classifyDrizzle = versionAndName(reDrizzle)
	// classifyPGMigrations: postgres-migrations runs the .sql files of its
	// directory whose names start with their number (0001-initial.sql).
	classifyPGMigrations = versionAndName(rePGMigrations)
)

// classifySqlx is sqlx's resolve_blocking: a file of the directory
// itself (sqlx reads no folder below it) whose name, split at its first
// "_", is an integer version and a description ending in .sql;
// .up.sql and .down.sql are the two directions of a reversible one.
// sqlx refuses to run at all when the part before the "_" is not an
// integer; such a file is left unread here, and named so.
func classifySqlx(rel string, _ func() []byte) (script, bool) {
	if !isSqlxName(rel) {
		return script{}, false
	}
	version, rest, _ := strings.Cut(rel, "_")
	s := script{version: version}
	switch {
	case strings.HasSuffix(rest, ".up.sql"):
		s.name = strings.TrimSuffix(rest, ".up.sql")
	case strings.HasSuffix(rest, ".down.sql"):
		s.name, s.direction = strings.TrimSuffix(rest, ".down.sql"), Down
	default:
		s.name = strings.TrimSuffix(rest, ".sql")
	}
	return s, true
}

// isSqlxName reports whether rel is named as sqlx names a migration:
// in the directory itself, <digits>_<description>.sql with the digits an
// i64.
func isSqlxName(rel string) bool {
	version, rest, ok := strings.Cut(rel, "_")
	if !ok || strings.Contains(rel, "/") || !strings.HasSuffix(rest, ".sql") || version == "" ||
		strings.TrimLeft(version, "0123456789") != "" {
		return false
	}
	_, err := strconv.ParseInt(version, 10, 64)
	return err == nil
}

// classifySQLMigrate: sql-migrate runs every .sql file directly in its
// directory, known by its file name, which is the version it records.
func classifySQLMigrate(rel string, _ func() []byte) (script, bool) {
	if !strings.HasSuffix(rel, ".sql") || strings.Contains(rel, "/") {
		return script{}, false
	}
	return script{version: rel, name: strings.TrimSuffix(rel, ".sql")}, true
}

// reNumberPrefix is sql-migrate's numberPrefixRegex.
var reNumberPrefix = regexp.MustCompile(`^(\d+)`)

// compareSQLMigrate is sql-migrate's Migration.Less: file names with a
// number prefix first, by that number (as an int64), then by name; then
// the others by name.
func compareSQLMigrate(a, b string) int {
	na, aok := sqlMigrateNumber(a)
	nb, bok := sqlMigrateNumber(b)
	switch {
	case aok && bok && na != nb:
		return cmp.Compare(na, nb)
	case aok != bok:
		if aok {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

func sqlMigrateNumber(id string) (int64, bool) {
	m := reNumberPrefix.FindString(id)
	if m == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(m, 10, 64)
	return n, err == nil // sql-migrate panics on a prefix past int64
}

// versionedFile classifies `<version>_<name>.sql` files holding both
// directions (goose, dbmate); ParseFile splits them by annotation.
func versionedFile(rel string, _ func() []byte) (script, bool) {
	m := reVersioned.FindStringSubmatch(rel)
	if m == nil || strings.Contains(rel, "/") {
		return script{}, false
	}
	return script{version: m[1], name: m[2]}, true
}

// Detect guesses the layout of dir: the first tool, in the order tools
// lists them, whose Detect recognizes its file names (and, for goose and
// dbmate, the annotations in its files); plain ordered files otherwise.
func Detect(fsys fs.FS, dir string) (Layout, error) {
	layout, _, err := DetectListing(fsys, dir)
	return layout, err
}

// DetectListing is Detect, also returning the directory's files for a
// Stream of it (Options.Listing).
func DetectListing(fsys fs.FS, dir string) (Layout, *Listing, error) {
	files, err := listFiles(fsys, dir)
	if err != nil {
		return "", nil, err
	}
	return detect(fsys, dir, files), &Listing{files: files}, nil
}

// detect is Detect for the files listFiles found in dir.
func detect(fsys fs.FS, dir string, files []string) Layout {
	view := &dirView{files: files, read: func(f string) ([]byte, error) { return ReadFile(fsys, path.Join(dir, f)) },
		head: func(f string, n int) []byte { return readHead(fsys, path.Join(dir, f), n) }}
	for _, t := range tools {
		if t.Detect != nil && t.Detect(view) {
			return t.Layout
		}
	}
	return LayoutPlain
}

// dirView is what layout detection looks at: a directory's files
// (relative paths) and, when a file name cannot tell, their contents.
type dirView struct {
	files []string
	read  func(rel string) ([]byte, error)
	// head returns at most the first n bytes of a file (nil when it
	// cannot be read).
	head func(rel string, n int) []byte
	// found holds the markers seen in the .sql files read so far, and
	// scanned how many of files have been looked at for them.
	found   map[string]bool
	scanned int
}

// has reports whether some file's path satisfies pred.
func (d *dirView) has(pred func(string) bool) bool { return slices.ContainsFunc(d.files, pred) }

// named reports whether the directory holds a file of that path.
func (d *dirView) named(rel string) bool { return slices.Contains(d.files, rel) }

// sqlxHeads are the first lines only sqlx writes or reads: its opt-out
// of the transaction, and the text `sqlx migrate add` puts in a new
// file (migration_type.rs file_content), which stays its first line.
var sqlxHeads = []string{sqlxNoTransaction, "-- Add migration script here", "-- Add up migration script here", "-- Add down migration script here"}

// sqlxEvidence reports whether a file named as sqlx names migrations
// starts with one of sqlxHeads. It reads the first bytes of each such
// file only, and only of directories whose names sqlx would run.
func (d *dirView) sqlxEvidence() bool {
	if d.head == nil {
		return false
	}
	for _, f := range d.files {
		if !isSqlxName(f) {
			continue
		}
		b := d.head(f, 64)
		for _, h := range sqlxHeads {
			if bytes.HasPrefix(b, []byte(h)) {
				return true
			}
		}
	}
	return false
}

// contains reports whether some .sql file holds marker, which must be one
// of markers.
// It reads files only until one holds it, noting every marker each file
// holds on the way, so a tool asking next resumes where this one stopped:
// a goose directory is known by its first file, and the files of a plain
// one are read once for all tools, not once per tool.
func (d *dirView) contains(marker string) bool {
	if d.found == nil {
		d.found = map[string]bool{}
	}
	for !d.found[marker] && d.scanned < len(d.files) {
		f := d.files[d.scanned]
		d.scanned++
		if !strings.HasSuffix(f, ".sql") {
			continue
		}
		b, err := d.read(f)
		if err != nil {
			continue
		}
		for _, m := range markers {
			if bytes.Contains(b, []byte(m)) {
				d.found[m] = true
			}
		}
	}
	return d.found[marker]
}

// Load reads every migration of dir in the order its tool applies them,
// pairing up and down scripts. Per-file problems are findings in the Set;
// the error is only for a directory that cannot be read at all.
func Load(fsys fs.FS, dir string, opts Options) (*Set, error) {
	var migrations []*Migration
	set, err := Stream(fsys, dir, opts, func(m *Migration) { migrations = append(migrations, m) })
	if err != nil {
		return nil, err
	}
	set.Migrations = migrations
	return set, nil
}

// Stream reads dir as Load does but hands each migration to fn, in order,
// as soon as it is parsed, and keeps none: a caller that lets go of each
// migration holds the parse trees of a few files at a time, not of the
// whole directory. Files are parsed ahead on all CPUs. The returned Set
// has the directory's findings and no Migrations.
func Stream(fsys fs.FS, dir string, opts Options, fn func(*Migration)) (*Set, error) {
	layout := opts.Layout
	var files []string // listed once, for detection and for the tool
	switch {
	case opts.Listing != nil:
		files = opts.Listing.files
	case layout != LayoutSqitch:
		var err error
		if files, err = listFiles(fsys, dir); err != nil {
			return nil, err
		}
	}
	if layout == "" {
		layout = detect(fsys, dir, files)
	}
	set := &Set{Dir: dir, Layout: layout}
	if layout == LayoutSqitch {
		scripts, err := sqitchScripts(fsys, dir, opts)
		if err != nil {
			return nil, err
		}
		assemble(fsys, dir, set, scripts, opts.Merged, fn)
		return set, nil
	}
	tool := ToolFor(layout)
	if tool == nil || tool.Classify == nil {
		return nil, fmt.Errorf("unknown migration layout %q", layout)
	}
	var scripts []script
	for _, rel := range files {
		s, ok := tool.Classify(rel, nil)
		if !ok {
			if tool.OtherDatabase != nil && tool.OtherDatabase(rel) {
				continue
			}
			if strings.HasSuffix(rel, ".sql") {
				set.Unmatched = append(set.Unmatched, rel)
			} else if ext := path.Ext(rel); codeExtensions[ext] {
				if _, asSQL := tool.Classify(strings.TrimSuffix(rel, ext)+".sql", nil); asSQL {
					set.NotSQL = append(set.NotSQL, rel)
				}
			}
			continue
		}
		s.path = rel
		s.fileOpts = tool.fileOptions(s, opts.Runner)
		if tool.Settings != nil {
			tool.Settings(func(rel string) []byte {
				if _, listed := slices.BinarySearch(files, rel); !listed {
					return nil // most scripts have no settings file: no open to learn that
				}
				b, err := readlimit.ReadFile(fsys, path.Join(dir, rel), 1<<16)
				if err != nil {
					return nil
				}
				return b
			}, rel, &s.fileOpts)
		}
		s.fileOpts.Placeholders = opts.Placeholders
		scripts = append(scripts, s)
	}
	if layout == LayoutTemporal {
		scripts = orderTemporal(fsys, dir, scripts)
	}
	if slices.Contains(files, "atlas.sum") {
		set.Findings = append(set.Findings, verifyAtlasSum(fsys, dir, files)...)
	}
	assemble(fsys, dir, set, scripts, opts.Merged, fn)
	return set, nil
}

// codeExtensions are the source files migration tools run as migrations
// beside SQL ones: goose's Go migrations, Flyway's Java-based ones,
// knex's and refinery's. Data files beside migrations (temporal's
// manifest.json) are not migrations, however they are named.
var codeExtensions = map[string]bool{
	".go": true, ".java": true, ".kt": true, ".scala": true, ".groovy": true, ".js": true, ".mjs": true, ".cjs": true,
	".ts": true, ".py": true, ".rb": true, ".rs": true, ".php": true, ".cs": true,
}

// assemble groups scripts by version, orders the versions (numbers
// compared as numbers), then reads and parses the scripts and hands each
// migration to fn in that order.
func assemble(fsys fs.FS, dir string, set *Set, scripts []script, merged map[string]bool, fn func(*Migration)) {
	byVersion := map[string][]int{}
	var order []string
	for i, s := range scripts {
		if _, ok := byVersion[s.version]; !ok {
			order = append(order, s.version)
		}
		byVersion[s.version] = append(byVersion[s.version], i)
	}
	if len(merged) > 0 {
		// Merged files first: of two of one version and priority, the
		// first read is the migration.
		for _, ix := range byVersion {
			slices.SortStableFunc(ix, func(a, b int) int {
				return boolRank(merged[scripts[b].path]) - boolRank(merged[scripts[a].path])
			})
		}
	}
	if set.Layout != LayoutTemporal {
		compare := compareVersions
		if t := ToolFor(set.Layout); t != nil && t.Compare != nil {
			compare = t.Compare
		}
		slices.SortStableFunc(order, compare)
	}
	var queue []int // scripts in the order they are consumed
	for _, v := range order {
		queue = append(queue, byVersion[v]...)
	}
	var m *Migration
	var priority [2]int
	left := 0 // scripts of m still to come
	parseInOrder(fsys, dir, scripts, queue, func(i int, parsed parsedScript) {
		s := scripts[i]
		if m == nil {
			m, priority, left = &Migration{Version: s.version, Name: s.name}, [2]int{-1, -1}, len(byVersion[s.version])
		}
		defer func() {
			if left--; left == 0 {
				fn(m)
				m = nil
			}
		}()
		if priority[s.direction] > s.priority {
			return // shadowed by a dialect-specific file
		}
		full := path.Join(dir, s.path)
		if parsed.err != nil {
			set.Findings = append(set.Findings, RuleUnreadable.New(finding.Location{File: full}, "cannot read: %v", parsed.err))
			return
		}
		if priority[s.direction] == s.priority {
			// At line 1: the whole file is the duplicate, and a line is
			// what a pull request annotation needs.
			set.Findings = append(set.Findings, RuleDuplicateVersion.New(finding.Location{File: full, Line: 1, Column: 1},
				"version %s already has a %s script", s.version, s.direction))
			return
		}
		priority[s.direction] = s.priority
		for _, f := range parsed.files {
			f.Unit = unitOf(set.Layout, s.version)
			if s.direction == Down && f.Direction == Up {
				f.Direction = Down // a file the layout names as down (diesel down.sql, Flyway U)
			}
			if f.Direction == Up {
				m.Up = f
			} else {
				m.Down = f
			}
		}
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// unitOf is the File.Unit of a migration of the layout: popx numbers the
// files a migration is written as by appending six digits to its 14-digit
// timestamp (kratos creates identity_verification_tokens in
// 20200830154602000000 and indexes it in …000001); temporal applies a
// version directory's files as one upgrade.
func unitOf(layout Layout, version string) string {
	switch layout {
	case LayoutPopx:
		if len(version) == 20 && strings.Trim(version, "0123456789") == "" {
			return version[:14]
		}
	case LayoutTemporal:
		if dir, _, ok := strings.Cut(version, "/"); ok {
			return dir
		}
	}
	return ""
}

type parsedScript struct {
	files []*File
	err   error
	size  int // bytes read, for the window
}

// parseInOrder reads and parses scripts[queue[0]], scripts[queue[1]], …
// on all CPUs (parsing, in libpg_query, is most of the time a large
// directory takes) and calls fn with each in queue order. Workers stay
// within a window ahead of fn (see window), so memory stays bounded
// whatever the directory holds. Output does not depend on scheduling.
func parseInOrder(fsys fs.FS, dir string, scripts []script, queue []int, fn func(int, parsedScript)) {
	workers := runtime.GOMAXPROCS(0)
	done := make([]chan parsedScript, len(queue))
	for k := range done {
		done[k] = make(chan parsedScript, 1)
	}
	ahead := newWindow(aheadFiles, aheadBytes)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for k := range next {
				s := scripts[queue[k]]
				full := path.Join(dir, s.path)
				src, err := ReadFile(fsys, full)
				ahead.hold(len(src))
				if f := Refused(full, err); f != nil {
					done[k] <- parsedScript{files: []*File{f}, size: len(src)}
					continue
				}
				if err != nil {
					done[k] <- parsedScript{err: err, size: len(src)}
					continue
				}
				done[k] <- parsedScript{files: ParseFile(full, src, s.fileOpts), size: len(src)}
			}
		})
	}
	go func() {
		for k := range queue {
			ahead.admit()
			next <- k
		}
		close(next)
	}()
	for k := range queue {
		p := <-done[k]
		done[k] = nil
		fn(queue[k], p)
		ahead.release(p.size)
	}
	wg.Wait()
}

// How far parsing runs ahead of its consumer: files read but not yet
// handed over, and their bytes. Migration files are mostly small (a
// median of 200 bytes in the corpus), so a window of many files keeps
// both CPUs busy when one file takes long; the byte bound keeps a
// directory of large scripts (PostgreSQL's regression SQL: a median of
// 9 KB, up to 300 KB; a parse tree is many times its text) to a few.
const (
	aheadFiles = 16
	aheadBytes = 64 << 10
)

// window admits a file to be read while fewer than maxFiles are out and
// the bytes of those already read stay under maxBytes; the first file is
// always admitted, however large.
type window struct {
	mu                 sync.Mutex
	room               sync.Cond
	files, bytes       int
	maxFiles, maxBytes int
}

func newWindow(maxFiles, maxBytes int) *window {
	w := &window{maxFiles: maxFiles, maxBytes: maxBytes}
	w.room.L = &w.mu
	return w
}

// admit waits for room for one more file.
func (w *window) admit() {
	w.mu.Lock()
	for w.files > 0 && (w.files >= w.maxFiles || w.bytes >= w.maxBytes) {
		w.room.Wait()
	}
	w.files++
	w.mu.Unlock()
}

// hold counts n bytes read for an admitted file.
func (w *window) hold(n int) {
	w.mu.Lock()
	w.bytes += n
	w.mu.Unlock()
}

// release returns a consumed file's room.
func (w *window) release(n int) {
	w.mu.Lock()
	w.files--
	w.bytes -= n
	w.mu.Unlock()
	w.room.Signal()
}

// orderTemporal orders temporal's versioned directories by version and the
// files inside each by its manifest.json.
func orderTemporal(fsys fs.FS, dir string, scripts []script) []script {
	rank := map[string]int{}
	for _, s := range scripts {
		if _, ok := rank[s.version]; ok {
			continue
		}
		var manifest struct{ SchemaUpdateCqlFiles []string }
		vdir := path.Dir(path.Join(dir, s.path))
		if b, err := readlimit.ReadFile(fsys, path.Join(vdir, "manifest.json"), MaxFileSize); err == nil {
			_ = json.Unmarshal(b, &manifest)
		}
		for i, f := range manifest.SchemaUpdateCqlFiles {
			rank[path.Join(path.Dir(s.path), f)] = i
		}
		rank[s.version] = 0
	}
	slices.SortStableFunc(scripts, func(a, b script) int {
		if c := compareVersions(a.version, b.version); c != 0 {
			return c
		}
		return rank[a.path] - rank[b.path]
	})
	for i := range scripts {
		// Each file is its own migration, in manifest order.
		scripts[i].version = scripts[i].version + "/" + scripts[i].name
	}
	return scripts
}

// sqitchScripts reads sqitch.plan: one change per line, deploy/ and
// revert/ scripts named after it.
func sqitchScripts(fsys fs.FS, dir string, opts Options) ([]script, error) {
	plan, err := readlimit.ReadFile(fsys, path.Join(dir, "sqitch.plan"), MaxFileSize)
	if err != nil {
		return nil, err
	}
	var scripts []script
	n := 0
	for _, line := range strings.Split(string(plan), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "%") || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "@") {
			continue
		}
		name := strings.Fields(line)[0]
		n++
		v := fmt.Sprintf("%06d", n)
		opts := FileOptions{Placeholders: opts.Placeholders, Runner: opts.Runner}
		scripts = append(scripts,
			script{path: "deploy/" + name + ".sql", version: v, name: name, fileOpts: opts},
			script{path: "revert/" + name + ".sql", version: v, name: name, direction: Down, fileOpts: opts})
	}
	var present []script
	for _, s := range scripts {
		if _, err := fs.Stat(fsys, path.Join(dir, s.path)); err == nil {
			present = append(present, s)
		}
	}
	return present, nil
}

// listFiles returns every regular file below dir, relative to it, sorted.
// A symbolic link to a file is a file (the file system decides whether it
// may be followed: one that leaves the repository, or dangles, is listed so
// that reading it reports why); fs.WalkDir does not descend into linked
// directories, so link loops cannot hang it.
func listFiles(fsys fs.FS, dir string) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		file := d.Type().IsRegular()
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			file = err != nil || !info.IsDir()
		}
		if file {
			rel := strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
			if dir == "." {
				rel = p
			}
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read migration directory %s: %w", dir, err)
	}
	slices.Sort(files)
	return files, nil
}

// compareVersions compares version strings chunk by chunk, digit runs as
// numbers, so 10 sorts after 9 and 1.10 after 1.9.
func compareVersions(a, b string) int {
	for a != "" && b != "" {
		ca, ra := chunk(a)
		cb, rb := chunk(b)
		if c := compareChunk(ca, cb); c != 0 {
			return c
		}
		a, b = ra, rb
	}
	return len(a) - len(b)
}

func chunk(s string) (string, string) {
	digit := s[0] >= '0' && s[0] <= '9'
	i := 1
	for i < len(s) && (s[i] >= '0' && s[i] <= '9') == digit {
		i++
	}
	return s[:i], s[i:]
}

func compareChunk(a, b string) int {
	isDigit := func(s string) bool { return s[0] >= '0' && s[0] <= '9' }
	if isDigit(a) && isDigit(b) {
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(a) != len(b) {
			return len(a) - len(b)
		}
	}
	return strings.Compare(a, b)
}
