package locks

import "fmt"

// Family is a statement family: the statement kind as the docs group them.
type Family string

const (
	AlterTable     Family = "ALTER TABLE"
	AlterIndex     Family = "ALTER INDEX"
	CreateTable    Family = "CREATE TABLE"
	CreateIndex    Family = "CREATE INDEX"
	DropIndex      Family = "DROP INDEX"
	DropTable      Family = "DROP TABLE"
	Truncate       Family = "TRUNCATE"
	Reindex        Family = "REINDEX"
	Rename         Family = "RENAME"
	Trigger        Family = "TRIGGER"
	Policy         Family = "POLICY"
	Comment        Family = "COMMENT"
	Statistics     Family = "CREATE STATISTICS"
	RefreshMatView Family = "REFRESH MATERIALIZED VIEW"
	Maintenance    Family = "VACUUM, CLUSTER, ANALYZE"
	LockTable      Family = "LOCK TABLE"
)

// Families lists the families in the order the docs show them.
var Families = []Family{AlterTable, CreateIndex, DropIndex, AlterIndex, Reindex, CreateTable, DropTable, Truncate,
	Rename, Trigger, Policy, Comment, Statistics, RefreshMatView, Maintenance, LockTable}

// Kind is the kind of the relation a statement names.
type Kind string

const (
	Table            Kind = "table"
	Partitioned      Kind = "partitioned table"
	Partition        Kind = "partition"
	MatView          Kind = "materialized view"
	Foreign          Kind = "foreign table"
	Index            Kind = "index"
	PartitionedIndex Kind = "partitioned index"
)

// Role is the part a relation plays in a statement.
type Role string

const (
	Target      Role = "the relation named"
	Referenced  Role = "the referenced table"                 // of a foreign key the statement adds or drops
	Referencing Role = "each table with a foreign key to it"  // of a table dropped or truncated with CASCADE
	TableOf     Role = "the index's table"                    // of an index the statement names
	Indexes     Role = "each index of the table"              // rebuilt by a rewrite, or REINDEX TABLE
	Partitions  Role = "each partition"                       // of the partitioned table named
	Parent      Role = "the partitioned table"                // of the partition named
	Attached    Role = "the partition attached or detached"   // ATTACH / DETACH PARTITION
	DefaultPart Role = "the default partition"                // of the partitioned table named
	InhParent   Role = "the inheritance parent"               // INHERIT / NO INHERIT
	IndexParent Role = "the partitioned index"                // ALTER INDEX … ATTACH PARTITION
	IndexChild  Role = "the partition's index attached to it" // ALTER INDEX … ATTACH PARTITION
	// ColumnIndexes are rebuilt by a type change that keeps the table's
	// storage but changes the column's operator class.
	ColumnIndexes Role = "each index on the column"
)

// Work is what a statement does to a relation's data.
type Work int

const (
	CatalogOnly Work = iota // changes the catalog only: instant once the lock is granted
	Scan                    // reads every row (validation, NOT NULL check, index build) under the lock
	Rewrite                 // writes a new copy of the relation (and rebuilds its indexes) under the lock
	Empty                   // swaps in new, empty storage (TRUNCATE): instant, but every row is gone
)

func (w Work) String() string {
	return [...]string{"catalog only", "scans", "rewrites", "empties"}[w]
}

// Versions is an inclusive range of PostgreSQL major versions; Max 0 means
// every later version.
type Versions struct{ Min, Max int }

// Contains reports whether major version v is in the range.
func (v Versions) Contains(pg int) bool { return pg >= v.Min && (v.Max == 0 || pg <= v.Max) }

func (v Versions) String() string {
	switch {
	case v.Max == 0:
		return fmt.Sprintf("%d+", v.Min)
	case v.Min == v.Max:
		return fmt.Sprint(v.Min)
	}
	return fmt.Sprintf("%d–%d", v.Min, v.Max)
}

// OldestSupported is the oldest PostgreSQL version schemacheck targets;
// the oracle checks rows from OracleMin on.
const (
	OldestSupported = 10
	OracleMin       = 12
)

func since(v int) Versions  { return Versions{v, 0} }
func before(v int) Versions { return Versions{OldestSupported, v - 1} }

var always = Versions{OldestSupported, 0}

// Touch is what a statement does to one relation it touches.
type Touch struct {
	Role Role
	Mode Mode
	Work Work
	// Rel names the oracle fixture's relation playing the role when it is
	// not the role's default (see the oracle's fixture).
	Rel string
}

// Row is one fact of the lock table: what a statement of Family and
// Command does, on a relation of kind On, on the PostgreSQL versions PG.
type Row struct {
	Family  Family
	Command string // the subcommand or variant, as the docs show it
	On      Kind
	PG      Versions
	Touches []Touch
	// Rejected is set when PostgreSQL refuses the statement here: a
	// fragment of its error message. Touches is then empty.
	Rejected string
	// Why explains the work for messages ("a volatile default is computed
	// for every row"); empty when it only changes the catalog.
	Why string
	// Example is the statement the oracle runs on its fixture.
	Example Example
}

// Example is how the oracle shows a row on real PostgreSQL.
type Example struct {
	Setup  string // SQL run (and committed) on the standard fixture first
	SQL    string // the statement; a classifier test maps it back to the row
	Target string // the fixture relation the statement names; default "t"
	// NoTx is set for statements PostgreSQL runs only outside a
	// transaction block (CONCURRENTLY, VACUUM): the oracle then observes the
	// lock on the target while another session makes the statement wait.
	NoTx bool
	// ScanUncounted is set for statements that read the table without
	// counting a sequential scan (VACUUM, ANALYZE): the oracle cannot see
	// their reads, so it does not check the scan claim.
	ScanUncounted bool
	// Session is the session the statement runs in, when its row depends
	// on it: the oracle sets it before the statement.
	Session Session
	// Note explains anything unusual about the example, for the docs.
	Note string
}

// Key identifies a row without its version range.
type Key struct {
	Family  Family
	Command string
	On      Kind
}

func (r *Row) Key() Key { return Key{r.Family, r.Command, r.On} }

// Name is the row as the docs and test names show it.
func (r *Row) Name() string {
	return fmt.Sprintf("%s %s on a %s, PostgreSQL %s", r.Family, r.Command, r.On, r.PG)
}

// TouchOf returns the row's touch of role, if any.
func (r *Row) TouchOf(role Role) (Touch, bool) {
	for _, t := range r.Touches {
		if t.Role == role {
			return t, true
		}
	}
	return Touch{}, false
}

// Strongest is the row's strongest lock and the role it is on.
func (r *Row) Strongest() Touch {
	var best Touch
	for _, t := range r.Touches {
		if t.Mode > best.Mode {
			best = t
		}
	}
	return best
}

// as names the fixture relation playing the touch's role.
func (t Touch) as(rel string) Touch { t.Rel = rel; return t }

// Describe renders the row's touches for docs: "ACCESS EXCLUSIVE, scans".
func (t Touch) Describe() string {
	s := t.Mode.String()
	if t.Work != CatalogOnly {
		s += ", " + t.Work.String()
	}
	return s
}

// Lookup returns the row for key on PostgreSQL pg. A partition or a
// partitioned table without a row of its own behaves as a plain table.
func Lookup(k Key, pg int) *Row {
	for _, on := range []Kind{k.On, Table} {
		for i := range table {
			r := &table[i]
			if r.Family == k.Family && r.Command == k.Command && r.On == on && r.PG.Contains(pg) {
				return r
			}
		}
		if k.On != Partition && k.On != Partitioned {
			break
		}
	}
	return nil
}

// Rows returns every row of the table.
func Rows() []*Row {
	out := make([]*Row, len(table))
	for i := range table {
		out[i] = &table[i]
	}
	return out
}

// Does reports whether the row does w to any relation it touches.
func (r *Row) Does(w Work) bool {
	for _, t := range r.Touches {
		if t.Work == w {
			return true
		}
	}
	return false
}
