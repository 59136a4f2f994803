package migration

import "slices"

// Tool is one migration tool's conventions, in one place: which files it
// runs and in what order (Classify), how it runs each file (its
// transaction model), whether it pairs migrations with down scripts, and
// the bookkeeping tables it keeps in the database it migrates. Adding a
// layout is adding one Tool to tools.
type Tool struct {
	Layout Layout
	// Classify maps a file (path relative to the directory) to a script,
	// or reports false when the tool does not run that file.
	Classify classifier
	// Tx is how the tool runs a file; files may opt out (goose NO
	// TRANSACTION, dbmate transaction:false, atlas:txmode none).
	Tx TxModel
	// Downs is true when the tool's convention pairs every migration with
	// a down (revert, undo) script, so a missing one is worth a finding.
	Downs bool
	// Bookkeeping is where the tool records what it applied.
	Bookkeeping Bookkeeping
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

// Bookkeeping names the tables a tool creates to record applied
// migrations: Tables in the schema it migrates (the search_path's first),
// and Schema when the tool keeps everything in a schema of its own.
type Bookkeeping struct {
	Tables []string
	Schema string
}

// tools lists every layout in detection order: the first whose Detect
// matches a directory's files names its layout (Plain always matches).
var tools = []*Tool{
	{Layout: LayoutSqitch, Classify: nil, // sqitch.plan orders the scripts
		Downs: true, Bookkeeping: Bookkeeping{Schema: "sqitch",
			Tables: []string{"changes", "dependencies", "events", "projects", "releases", "tags"}}},
	{Layout: LayoutTemporal, Classify: classifyTemporal,
		Bookkeeping: Bookkeeping{Tables: []string{"schema_version", "schema_update_history"}}},
	{Layout: LayoutPrisma, Classify: classifyPrisma, Tx: TxModel{OneQuery: true},
		Bookkeeping: Bookkeeping{Tables: []string{"_prisma_migrations"}}},
	{Layout: LayoutDiesel, Classify: classifyDiesel, Tx: TxModel{Wraps: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"__diesel_schema_migrations"}}},
	{Layout: LayoutFlyway, Classify: classifyFlyway, Tx: TxModel{Wraps: true, UnwrapNonTransactional: true},
		Bookkeeping: Bookkeeping{Tables: []string{"flyway_schema_history"}}},
	{Layout: LayoutPopx, Classify: classifyPopx, Tx: TxModel{Wraps: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"schema_migration"}}},
	{Layout: LayoutGolangMigrate, Classify: classifyGolangMigrate, Tx: TxModel{OneQuery: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"schema_migrations"}}},
	{Layout: LayoutGoose, Classify: versionedFile, Tx: TxModel{Wraps: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"goose_db_version"}}},
	{Layout: LayoutDbmate, Classify: versionedFile, Tx: TxModel{Wraps: true, OneQuery: true}, Downs: true,
		Bookkeeping: Bookkeeping{Tables: []string{"schema_migrations"}}},
	{Layout: LayoutAtlas, Classify: classifyAtlas, Tx: TxModel{Wraps: true},
		Bookkeeping: Bookkeeping{Schema: "atlas_schema_revisions", Tables: []string{"atlas_schema_revisions"}}},
	{Layout: LayoutPlain, Classify: classifyPlain},
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
// the file's own annotations and the classifier's per-file facts apply.
func (t *Tool) fileOptions(s script) FileOptions {
	o := s.fileOpts
	o.Wraps = o.Wraps || t.Tx.Wraps
	o.OneQuery = o.OneQuery || t.Tx.OneQuery
	o.UnwrapNonTransactional = o.UnwrapNonTransactional || t.Tx.UnwrapNonTransactional
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
