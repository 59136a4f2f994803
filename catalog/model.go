// Package catalog is the schema model that replaying migrations builds:
// schemas, tables, columns, constraints, indexes, types, sequences, views.
// It follows what it can and marks as uncertain what it cannot (DO blocks,
// dynamic SQL, function bodies); it never guesses.
package catalog

// Name is a schema-qualified object name, folded as PostgreSQL folds
// identifiers (unquoted names lowercased).
type Name struct {
	Schema string
	Name   string
}

func (n Name) String() string {
	if n.Schema == "" {
		return n.Name
	}
	return n.Schema + "." + n.Name
}

// RelKind is the kind of a relation.
type RelKind string

const (
	RelTable       RelKind = "table"
	RelPartitioned RelKind = "partitioned table"
	RelView        RelKind = "view"
	RelMatView     RelKind = "materialized view"
	RelForeign     RelKind = "foreign table"
)

// Type is a normalized column type: the canonical PostgreSQL name as
// format_type() prints it without modifiers ("integer", "character varying",
// "timestamp with time zone", "numeric", "public.mood"), the type modifiers
// (varchar length, numeric precision and scale, timestamp precision) and the
// number of array dimensions.
type Type struct {
	Name      string
	Mods      []int
	ArrayDims int
}

// Default is a column default expression.
type Default struct {
	Expr string // deparsed expression
	// Volatile is true when the expression calls a volatile function (now()
	// is stable, random() and nextval() are volatile): adding a column with a
	// volatile default rewrites the table.
	Volatile bool
}

// Column is one table column.
type Column struct {
	Name      string
	Type      Type
	NotNull   bool
	Default   *Default // nil when there is none
	Identity  string   // "", "always" or "by default"
	Generated string   // expression of a STORED generated column, else ""
	Comment   string
}

// ConstraintKind is pg_constraint.contype spelled out.
type ConstraintKind string

const (
	PrimaryKey ConstraintKind = "primary key"
	Unique     ConstraintKind = "unique"
	Check      ConstraintKind = "check"
	ForeignKey ConstraintKind = "foreign key"
	Exclusion  ConstraintKind = "exclusion"
	NotNull    ConstraintKind = "not null" // PG18 named NOT NULL constraints
)

// Constraint is a table constraint.
type Constraint struct {
	Name     string
	Kind     ConstraintKind
	Columns  []string
	NotValid bool   // added NOT VALID and not validated since
	Expr     string // CHECK expression, deparsed
	RefTable Name   // foreign key target
	RefCols  []string
	// NullsNotDistinct is set on a UNIQUE constraint whose rows may not
	// repeat a key that holds NULLs either (PostgreSQL 15).
	NullsNotDistinct bool
}

// Index is an index (including those backing PK/UNIQUE constraints).
type Index struct {
	Name    Name // schema is the table's schema
	Table   Name
	Unique  bool
	Columns []string // column names; expressions deparsed in parentheses
	Method  string   // btree, gin, …
	Where   string   // partial index predicate, deparsed
	// Uses lists the columns that index expressions and the predicate
	// read: dropping one of them drops the index too.
	Uses []string
}

// Table is a relation with columns: table, partitioned table, view,
// materialized view or foreign table.
type Table struct {
	Name        Name
	Kind        RelKind
	Columns     []*Column
	Constraints []*Constraint
	Comment     string
	// DependsOn lists, for views, the columns the view reads, so dropping or
	// retyping them can be traced to the view.
	DependsOn []ColumnRef
	// Uncertain is set when a statement the catalog cannot follow may have
	// changed this relation; facts about it may be stale.
	Uncertain bool
	// PartitionOf is the partitioned table this relation is a partition
	// of (CREATE TABLE … PARTITION OF, ATTACH PARTITION); zero otherwise.
	// DefaultPartition is set for its DEFAULT partition.
	PartitionOf      Name
	DefaultPartition bool
	// External is set for a table that statements use (alter, index) but
	// that no replayed statement creates: it exists, its columns are
	// unknown beyond what later statements add. Always Uncertain.
	External bool
}

// ColumnRef names one column of one relation.
type ColumnRef struct {
	Table  Name
	Column string
}

// Enum is an enum type with labels in their sort order.
type Enum struct {
	Name   Name
	Labels []string
}

// Domain is a domain over a base type.
type Domain struct {
	Name    Name
	Base    Type
	NotNull bool
	Checks  []string
}

// Sequence is a sequence; OwnedBy is set for serial/identity sequences.
type Sequence struct {
	Name    Name
	Type    string // smallint, integer or bigint
	OwnedBy *ColumnRef
}
