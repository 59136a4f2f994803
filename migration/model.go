// Package migration discovers migration directories, orders and pairs their
// files for each supported tool layout, splits them into statements parsed
// with the real PostgreSQL parser (keeping exact positions in the original
// file), and records which statements run inside one transaction.
package migration

import (
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
)

// Layout names a migration tool's directory convention.
type Layout string

const (
	LayoutGolangMigrate Layout = "golang-migrate"
	LayoutGoose         Layout = "goose"
	LayoutFlyway        Layout = "flyway"
	LayoutDbmate        Layout = "dbmate"
	LayoutPrisma        Layout = "prisma"
	LayoutAtlas         Layout = "atlas"
	LayoutDiesel        Layout = "diesel" // one directory per migration with up.sql/down.sql
	LayoutSqitch        Layout = "sqitch"
	LayoutPopx          Layout = "popx" // ory/popx, gobuffalo pop: .postgres. overrides generic files
	LayoutTemporal      Layout = "temporal"
	LayoutSQLMigrate    Layout = "sql-migrate"         // rubenv/sql-migrate: -- +migrate Up/Down sections
	LayoutPGMigrations  Layout = "postgres-migrations" // npm postgres-migrations: <id>-<name>.sql, one transaction each
	LayoutDrizzle       Layout = "drizzle"             // drizzle-kit: <idx>_<name>.sql and meta/_journal.json
	LayoutSqlx          Layout = "sqlx"                // Rust sqlx: <i64>_<name>[.up|.down].sql, -- no-transaction
	LayoutPlain         Layout = "plain"               // ordered .sql files
)

// Direction is whether a script applies or reverts a migration.
type Direction int

const (
	Up Direction = iota
	Down
)

func (d Direction) String() string {
	if d == Down {
		return "down"
	}
	return "up"
}

// Set is a discovered migration directory: its layout and its migrations in
// the order the tool applies them.
type Set struct {
	Dir        string // as given by the user or config
	Layout     Layout
	Migrations []*Migration
	// Findings are problems with the directory itself: atlas.sum mismatch,
	// unreadable files, duplicate versions, unpaired down scripts.
	Findings []finding.Finding
	// Unmatched are the .sql files (paths relative to Dir) that no file
	// name pattern of the layout matches, so they were not read: a caller
	// says so rather than pass them over in silence.
	Unmatched []string
	// NotSQL are migrations in another language (paths relative to Dir): a
	// file the layout would read as a migration were it .sql (concourse's
	// 1516643303_update_auth_providers.up.go, Flyway's V2__fix.java, a goose
	// .go migration). Their changes are missing from the replay, and a
	// caller says so.
	NotSQL []string
}

// Migration is one version: its up script and, when the tool has one, the
// paired down script.
type Migration struct {
	Version string // the tool's version key, as written (e.g. "20240101120000", "1.2")
	Name    string // descriptive part of the name, may be empty
	Up      *File
	Down    *File // nil when there is no down script
}

// File is one parsed script (or one direction of a file that holds both, as
// goose and dbmate files do).
type File struct {
	Path      string // path as reported in findings (slash-separated, relative when possible)
	Direction Direction
	Source    []byte // the original bytes, unmodified, for code frames
	// Statements in source order. Statements that failed to parse are absent;
	// their error is in Findings.
	Statements []*Statement
	// Findings from reading and parsing: parse errors at the parser's
	// position, unsubstituted template placeholders, PG18-only syntax.
	Findings []finding.Finding
	// NoTransaction is true when the tool runs this file without wrapping it
	// in a transaction (goose NO TRANSACTION, dbmate transaction:false, atlas
	// txmode none, popx .autocommit., …).
	NoTransaction bool
	// ToolWraps is true when the migration tool itself runs the file in one
	// transaction, so an explicit BEGIN inside it nests.
	ToolWraps bool
	// OneQuery is true when that transaction is the implicit one PostgreSQL
	// runs a multi-statement query in: the tool sends the whole file as one
	// query (golang-migrate, Prisma, dbmate with transaction:false).
	OneQuery bool
	// Ignores are the `-- schemacheck:ignore-file` suppressions of the file.
	Ignores []Suppression
	// Unit is shared by the files of one migration that a layout splits
	// over several files, which deploy together: popx's numbered parts of
	// one timestamp, the files of one temporal version directory. A table
	// one of them creates is new, and empty, in the others. Empty: the
	// file is a migration of its own.
	Unit string
}

// Statement is one SQL statement with its exact place in File.Source.
type Statement struct {
	Node *pgast.Node // the parsed statement (RawStmt.Stmt)
	SQL  string      // the statement text as executed (after substitution)
	// Pos is where the statement starts and ends in the original file:
	// 1-based line and column (bytes), end inclusive of the last character.
	Pos finding.Location
	// Offset and End are byte offsets of the statement in File.Source.
	Offset, End int
	// Tx identifies the transaction the statement runs in: statements with
	// the same non-zero Tx run in one transaction; 0 means autocommit (each
	// statement on its own). Explicit BEGIN/COMMIT in the file start and end
	// transactions; tools that wrap a whole file give all statements one Tx.
	Tx int
	// Ignores are the rule names or IDs suppressed for this statement by
	// `-- schemacheck:ignore` comments directly above it.
	Ignores []Suppression
	// Conditional is set on a statement a DO block runs only under a
	// condition (an IF, CASE, loop or exception handler): it may not run,
	// and a guard such as IF NOT EXISTS may be what keeps it from failing.
	Conditional bool
	// Guarded is set on a statement a DO block runs inside a BEGIN …
	// EXCEPTION block: an error it raises may be handled (kestra adds a
	// column that may exist and catches duplicate_column).
	Guarded bool
	// Do is what the statement runs when it is a DO block (ReadDo), nil
	// otherwise. It is read where the file is parsed, off the thread
	// that lints and replays in order: reading a body parses it twice.
	Do *DoBlock
	// sqlStart is the offset of SQL in the text the parser read, which
	// the parse tree's locations count from.
	sqlStart int
}

// InToolTransaction reports whether s runs in the transaction the tool
// wraps f in: f is wrapped and no explicit COMMIT or ROLLBACK ended that
// transaction before s.
func (f *File) InToolTransaction(s *Statement) bool { return f.ToolWraps && s.Tx == toolTx }

// InTransaction reports whether the statement runs inside a transaction block.
func (s *Statement) InTransaction() bool { return s.Tx != 0 }

// Suppression is one rule named in a `-- schemacheck:ignore` or
// `-- schemacheck:ignore-file` comment, with where it was written so unknown
// or unused suppressions can be reported there.
type Suppression struct {
	Rule   string // as written: an ID (SC-DB101) or a name
	Reason string
	Pos    finding.Location
	File   bool // ignore-file: applies to the whole file
}
