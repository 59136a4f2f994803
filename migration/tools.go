package migration

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Tool is one migration tool's conventions, in one place: which files it
// runs and in what order (Classify), how it runs each file (its
// transaction model), whether it pairs migrations with down scripts, and
// the bookkeeping tables it keeps in the database it migrates. Adding a
// layout is adding one Tool to tools.
type Tool struct {
	Layout Layout
	// Detect recognizes a directory of this tool; nil only for plain
	// ordered files, the fallback. Detection tries tools in order.
	Detect func(*dirView) bool
	// Classify maps a file (path relative to the directory) to a script,
	// or reports false when the tool does not run that file.
	Classify classifier
	// OtherDatabase, when set, reports whether a file Classify refuses is
	// a migration the tool runs on other databases only (popx's
	// .mysql.up.sql): named as the tool names migrations, so not a
	// misnamed one to point out.
	OtherDatabase func(rel string) bool
	// Tx is how the tool runs a file; files may opt out (goose NO
	// TRANSACTION, dbmate transaction:false, atlas:txmode none).
	Tx TxModel
	// Settings, when set, reads what a file's own settings file says
	// (diesel's metadata.toml beside up.sql) into its options; read
	// returns a file of the directory, or nil.
	Settings func(read func(rel string) []byte, rel string, o *FileOptions)
	// Downs is true when the tool's convention pairs every migration with
	// a down (revert, undo) script, so a missing one is worth a finding.
	Downs bool
	// Bookkeeping is where the tool records what it applied.
	Bookkeeping Bookkeeping
	// Compare orders two versions as the tool applies them; nil is
	// compareVersions (numbers compared as numbers).
	Compare func(a, b string) int
}

// TxModel says how a tool sends a migration file to PostgreSQL.
type TxModel struct {
	// Wraps: the tool runs each file inside one transaction it opens.
	Wraps bool
	// OneQuery: the tool sends the whole file as one multi-statement
	// query; PostgreSQL runs it as one implicit transaction when it holds
	// more than one statement (golang-migrate, dbmate with
	// transaction:false, Prisma). It applies when the tool does not wrap.
	OneQuery bool
	// UnwrapNonTransactional: the tool runs a file whose statements all
	// refuse a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, …)
	// outside a transaction instead of wrapping it (Flyway).
	UnwrapNonTransactional bool
}

// Transactions are the runner models a config names (databases:
// transaction:), for a directory run by a program no layout describes,
// such as the plain layout's: each statement on its own (psql -f), one
// transaction the runner opens around each file, or each file sent as
// one query, which PostgreSQL runs as one implicit transaction.
var Transactions = map[string]TxModel{
	"none":      {},
	"per_file":  {Wraps: true},
	"one_query": {OneQuery: true},
}

// Bookkeeping names the tables a tool creates to record applied
// migrations: Tables in the schema it migrates (the search_path's first),
// and Schema when the tool keeps everything in a schema of its own.
// Applied reads them (bookkeeping.go).
type Bookkeeping struct {
	Tables []string
	Schema string
	// Applied is the query listing the tool's records, reading Tables[0]
	// only: one row per record, the version as text and a RecordState.
	Applied string
	// key is the text Applied returns for a migration of this layout.
	key func(m *Migration) string
	// cumulative: the tool records only the version it is at, so every
	// migration before a recorded version has run (golang-migrate, temporal).
	cumulative bool
}

// The text a directory's .sql files hold when goose or dbmate runs them;
// markers lists every such text: dirView.contains notes them all as it
// reads, so detection reads a file at most once.
const (
	gooseMarker        = "+goose"
	dbmateMarker       = "migrate:up"
	sqlMigrateMarker   = "-- +migrate Up"
	pgMigrationsMarker = "-- postgres-migrations disable-transaction"
)

var markers = []string{gooseMarker, dbmateMarker, sqlMigrateMarker, pgMigrationsMarker}

// tools lists every layout in detection order: the first whose Detect
// matches a directory's files names its layout (Plain always matches).
var tools = []*Tool{
	{Layout: LayoutSqitch, Detect: func(d *dirView) bool { return d.named("sqitch.plan") },
		Classify: nil, // sqitch.plan orders the scripts
		Downs:    true, Bookkeeping: Bookkeeping{Schema: "sqitch",
			Tables:  []string{"changes", "dependencies", "events", "projects", "releases", "tags"},
			Applied: `SELECT change, 'applied' FROM sqitch.changes`, key: func(m *Migration) string { return m.Name }}},
	{Layout: LayoutTemporal, Detect: func(d *dirView) bool { return d.has(isTemporal) },
		Classify: classifyTemporal,
		Bookkeeping: Bookkeeping{Tables: []string{"schema_version", "schema_update_history"},
			// A temporal migration is one file of a versioned directory
			// (version "1.9/file.sql"); the table records the directory.
			Applied: `SELECT curr_version, 'applied' FROM schema_version`, key: directoryVersion, cumulative: true}},
	{Layout: LayoutPrisma, Detect: func(d *dirView) bool { return d.named("migration_lock.toml") || d.has(rePrisma.MatchString) },
		Classify: classifyPrisma, Tx: TxModel{OneQuery: true},
		Bookkeeping: Bookkeeping{Tables: []string{"_prisma_migrations"},
			Applied: `SELECT migration_name, CASE WHEN finished_at IS NULL THEN 'failed' ELSE 'applied' END FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
			key:     versionKey}}, // the folder name, as classifyPrisma keeps it
	{Layout: LayoutDiesel, Detect: func(d *dirView) bool { return d.has(reDiesel.MatchString) },
		Classify: classifyDiesel, Tx: TxModel{Wraps: true, OneQuery: true}, Downs: true, Settings: dieselSettings,
		Bookkeeping: Bookkeeping{Tables: []string{"__diesel_schema_migrations"},
			// diesel records 2017-11-12-000000_users as 20171112000000.
			Applied: `SELECT version, 'applied' FROM __diesel_schema_migrations`,
			key:     func(m *Migration) string { return strings.ReplaceAll(m.Version, "-", "") }}},
	{Layout: LayoutFlyway, Detect: func(d *dirView) bool {
		return d.has(func(f string) bool { return reFlyway.MatchString(f) && !strings.Contains(f, "/") })
	},
		Classify: classifyFlyway, Tx: TxModel{Wraps: true, UnwrapNonTransactional: true},
		Bookkeeping: Bookkeeping{Tables: []string{"flyway_schema_history"},
			Applied: `SELECT coalesce(version, script), CASE WHEN NOT success THEN 'failed' WHEN type LIKE '%BASELINE' THEN 'through' ELSE 'applied' END ` +
				`FROM flyway_schema_history WHERE type NOT IN ('SCHEMA', 'DELETE', 'UNDO_SQL') AND coalesce(version, script) IS NOT NULL`,
			key: flywayKey}},
	{Layout: LayoutPopx, Detect: func(d *dirView) bool { return d.has(rePopxDialect.MatchString) },
		Classify: classifyPopx, OtherDatabase: popxOtherDialect, Tx: TxModel{Wraps: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"schema_migration"},
			Applied: `SELECT version, 'applied' FROM schema_migration`, key: versionKey}},
	// Rust sqlx (sqlx-cli, sqlx::migrate!): the files of the directory
	// itself named <i64>_<description>.sql (.up.sql/.down.sql for
	// reversible ones), in version order (source.rs resolve_blocking).
	// Each runs inside a transaction of its own with its bookkeeping row,
	// unless the file starts with "-- no-transaction"; either way the file
	// goes as one simple-protocol query (sqlx-postgres migrate.rs apply),
	// so an unwrapped file of several statements is one implicit
	// transaction. Its names are golang-migrate's and goose's too, so it
	// is known only by its own text (sqlxEvidence), before golang-migrate.
	{Layout: LayoutSqlx, Detect: func(d *dirView) bool { return d.has(isSqlxName) && d.sqlxEvidence() },
		Classify: classifySqlx, Tx: TxModel{Wraps: true, OneQuery: true}, Settings: sqlxSettings,
		Bookkeeping: Bookkeeping{Tables: []string{"_sqlx_migrations"},
			// sqlx records the version as a BIGINT (0001 as 1); success is
			// false only in rows older sqlx wrote before a failed run.
			Applied: `SELECT version::text, CASE WHEN success THEN 'applied' ELSE 'failed' END FROM _sqlx_migrations`,
			key:     numberKey}},
	{Layout: LayoutGolangMigrate, Detect: func(d *dirView) bool {
		return d.has(reGolangMigrate.MatchString) && (d.has(isGolangMigrateDown) || !d.has(versionedWithoutDirection))
	},
		Classify: classifyGolangMigrate, Tx: TxModel{OneQuery: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"schema_migrations"},
			Applied: `SELECT version::text, CASE WHEN dirty THEN 'failed' ELSE 'applied' END FROM schema_migrations`,
			key:     versionKey, cumulative: true}},
	{Layout: LayoutGoose, Detect: func(d *dirView) bool { return d.contains(gooseMarker) },
		Classify: versionedFile, Tx: TxModel{Wraps: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"goose_db_version"},
			// The latest row of a version says whether it is applied (goose
			// down inserts a row with is_applied = false).
			Applied: `SELECT version_id::text, 'applied' FROM (SELECT DISTINCT ON (version_id) version_id, is_applied ` +
				`FROM goose_db_version ORDER BY version_id, id DESC) v WHERE is_applied AND version_id > 0`,
			key: versionKey}},
	{Layout: LayoutDbmate, Detect: func(d *dirView) bool { return d.contains(dbmateMarker) },
		Classify: versionedFile, Tx: TxModel{Wraps: true, OneQuery: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"schema_migrations"},
			Applied: `SELECT version::text, 'applied' FROM schema_migrations`, key: versionKey}},
	// rubenv/sql-migrate: every .sql file of the directory (not below it)
	// is a migration whose `-- +migrate Up` and `-- +migrate Down` sections
	// hold its two directions; each direction runs in a transaction unless
	// one of its annotations says notransaction (sqlparse.ParseMigration).
	{Layout: LayoutSQLMigrate, Detect: func(d *dirView) bool { return d.contains(sqlMigrateMarker) },
		Classify: classifySQLMigrate, Tx: TxModel{Wraps: true}, Downs: true, Compare: compareSQLMigrate,
		Bookkeeping: Bookkeeping{Tables: []string{"gorp_migrations"},
			// The id is the file name (1_init.sql), as classifySQLMigrate keeps it.
			Applied: `SELECT id, 'applied' FROM gorp_migrations`, key: versionKey}},
	// postgres-migrations (npm): files named by a number, sent as one query
	// between START TRANSACTION and COMMIT, unless the file holds the
	// disable-transaction comment (runMigration); the one query is then
	// an implicit transaction of its own. Known by that comment.
	{Layout: LayoutPGMigrations, Detect: func(d *dirView) bool { return d.contains(pgMigrationsMarker) },
		Classify: classifyPGMigrations, Tx: TxModel{Wraps: true, OneQuery: true},
		Bookkeeping: Bookkeeping{Tables: []string{"migrations"},
			Applied: `SELECT id::text, 'applied' FROM migrations WHERE id > 0`, key: numberKey}}, // 0: the tool's own table
	// drizzle-kit: the files its journal (meta/_journal.json) lists, run
	// by drizzle-orm's migrate() one statement (between `--> statement-
	// breakpoint` comments) at a time, every pending migration inside one
	// transaction (PgDialect.migrate). It records each file's sha256 and
	// the journal's timestamp in drizzle.__drizzle_migrations.
	{Layout: LayoutDrizzle, Detect: func(d *dirView) bool { return d.named("meta/_journal.json") },
		Classify: classifyDrizzle, Tx: TxModel{Wraps: true},
		Bookkeeping: Bookkeeping{Schema: "drizzle", Tables: []string{"__drizzle_migrations"},
			Applied: `SELECT hash, 'applied' FROM drizzle.__drizzle_migrations`, key: sourceHash}},
	{Layout: LayoutAtlas, Detect: func(d *dirView) bool { return d.named("atlas.sum") },
		Classify: classifyAtlas, Tx: TxModel{Wraps: true},
		Bookkeeping: Bookkeeping{Schema: "atlas_schema_revisions", Tables: []string{"atlas_schema_revisions"},
			// type 1 is a baseline; applied < total is a partly applied file.
			Applied: `SELECT version, CASE WHEN type & 1 = 1 THEN 'through' WHEN applied < total OR error IS NOT NULL AND error <> '' THEN 'failed' ELSE 'applied' END ` +
				`FROM atlas_schema_revisions.atlas_schema_revisions WHERE version NOT LIKE '.%'`,
			key: versionKey}},
	{Layout: LayoutPlain, Classify: classifyPlain},
}

// versionedWithoutDirection reports whether f, a file of the directory
// itself, is named as a versioned migration (`<version>_<name>.sql`) but
// without the .up or .down golang-migrate needs: golang-migrate never runs
// it. A directory holding such files and no down script is another tool's,
// one that runs them (fider's own runner takes every `<version>_<name>.sql`,
// its older files named x.up.sql, its newer ones x.sql; goose and dbmate
// name theirs so): read as golang-migrate, its newer migrations would be
// skipped, and a pull request adding one would pass unchecked. Down
// scripts are golang-migrate's own convention: beside them such a file is
// a stray one (a seed, a dump), which the note on unread files names.
func versionedWithoutDirection(f string) bool {
	return !strings.Contains(f, "/") && reVersioned.MatchString(f) && !reGolangMigrate.MatchString(f)
}

// isGolangMigrateDown reports whether f is a golang-migrate down script.
func isGolangMigrateDown(f string) bool {
	m := reGolangMigrate.FindStringSubmatch(f)
	return m != nil && m[3] == "down"
}

// ToolFor returns the conventions of layout, or nil for an unknown one.
func ToolFor(layout Layout) *Tool {
	i := slices.IndexFunc(tools, func(t *Tool) bool { return t.Layout == layout })
	if i < 0 {
		return nil
	}
	return tools[i]
}

// Tools returns every supported tool, in detection order.
func Tools() []*Tool { return slices.Clone(tools) }

// fileOptions are the options a file of this tool is parsed with before
// the file's own annotations and the classifier's per-file facts apply;
// runner, when not nil, is how the config says the files are run
// (FileOptions.Runner).
func (t *Tool) fileOptions(s script, runner *TxModel) FileOptions {
	o := s.fileOpts
	o.Wraps = o.Wraps || t.Tx.Wraps
	o.OneQuery = o.OneQuery || t.Tx.OneQuery
	o.UnwrapNonTransactional = o.UnwrapNonTransactional || t.Tx.UnwrapNonTransactional
	o.Runner = runner
	return o
}

// BookkeepingNames returns the bookkeeping table names of every tool
// (without schema) and the schemas tools keep to themselves, sorted, so
// drift can tell a tool's tables from objects the migrations forgot.
func BookkeepingNames() (tables, schemas []string) {
	for _, t := range tools {
		if t.Bookkeeping.Schema != "" {
			schemas = append(schemas, t.Bookkeeping.Schema)
			continue
		}
		tables = append(tables, t.Bookkeeping.Tables...)
	}
	slices.Sort(tables)
	slices.Sort(schemas)
	return slices.Compact(tables), slices.Compact(schemas)
}

// dieselRunInTransaction is metadata.toml's opt-out of the transaction.
var dieselRunInTransaction = regexp.MustCompile(`(?m)^\s*run_in_transaction\s*=\s*false\b`)

// dieselSettings reads the metadata.toml beside a diesel script: with
// run_in_transaction = false diesel runs the file unwrapped, still as one
// batch (one multi-statement query, so one implicit transaction).
func dieselSettings(read func(string) []byte, rel string, o *FileOptions) {
	if b := read(path.Join(path.Dir(rel), "metadata.toml")); b != nil && dieselRunInTransaction.Match(b) {
		o.NoTransaction = true
	}
}

// sqlxNoTransaction is sqlx's opt-out of its transaction: the file's
// text must start with it (source.rs: sql.starts_with("-- no-transaction")),
// not one byte (a BOM, a blank line) before it.
const sqlxNoTransaction = "-- no-transaction"

// sqlxSettings reads a sqlx file's first bytes for the opt-out.
func sqlxSettings(read func(string) []byte, rel string, o *FileOptions) {
	if bytes.HasPrefix(read(rel), []byte(sqlxNoTransaction)) {
		o.NoTransaction = true
	}
}
