// Package preflight checks pending migrations against the data of a live
// database, read-only: the rows a new NOT NULL, CHECK, UNIQUE or FOREIGN
// KEY would reject, the values a narrower type cannot hold, the data and
// objects a DROP or an enum label rename still meets, and the size of every
// table a lock, rewrite or scan finding of the linter touches.
//
// Every pending statement is replayed against the catalog the migrations
// build, in order, while a model of the database's rows follows along:
// which live relation holds a relation's rows, and, for each column, the
// expression over live columns that gives its value in those rows (a
// column renamed earlier in the change is the old live column; one added
// with a constant default is that constant). A statement's check is a
// bounded query built from those expressions; rows the change itself
// alters first (UPDATE, DO blocks) cannot be seen and are reported as not
// checked, never as passing. Nothing of the migration is executed.
package preflight

import (
	"context"
	"fmt"
	"time"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/migration"
)

// Querier runs one read-only query in the session's snapshot, with its own
// statement_timeout, and returns at most limit rows (drift.Session.Query).
// A failed query must leave the session usable.
type Querier interface {
	Query(ctx context.Context, timeout time.Duration, limit int, sql string, args ...any) ([][]any, error)
}

// Options bound what the checks may cost.
type Options struct {
	// Timeout is each check query's statement_timeout (default 30s). A
	// query that exceeds it is a "not checked" finding.
	Timeout time.Duration
	// SmallTableRows: lock, rewrite and scan findings on tables estimated
	// below it become infos (default 10,000; negative: never).
	SmallTableRows int64
	// Sample, when positive, checks tables estimated above Sample rows on
	// a TABLESAMPLE SYSTEM of about Sample rows, and says so.
	Sample int64
	// TimedOut reports whether a query error is a timeout (statement or
	// lock), for the message; nil treats no error as one.
	TimedOut func(error) bool
}

// DefaultSmallTableRows is preflight.small_table_rows' default.
const DefaultSmallTableRows = 10_000

// DefaultTimeout is preflight.statement_timeout's default.
const DefaultTimeout = 30 * time.Second

// Input is what Run checks.
type Input struct {
	DB Querier
	// Applied are the up scripts the database has run, in order; Pending
	// the ones it has not, in the order they will run.
	Applied, Pending []*migration.File
	// Live is the database's catalog (introspected): which relations and
	// types exist there.
	Live *catalog.Catalog
	// Drifted names the relations and types ("schema.name") that differ
	// from the applied migrations (drift.Result.Drifted): their data is not
	// checked, since the checks would be built for another definition.
	Drifted map[string]bool
	// Replays, when not nil, shares the replay of Applied with the run's
	// other checks (drift replays the same files).
	Replays *catalog.Replays
	Options
}

// Result is what Run found.
type Result struct {
	Findings []finding.Finding
	Notes    []string
	// sizes are the live relations each pending statement takes locks on
	// or scans, with their sizes, by statement position.
	sizes map[position][]tableSize
	opts  Options
}

// position identifies a statement by where it starts.
type position struct {
	file         string
	line, column int
}

func positionOf(l finding.Location) position { return position{l.File, l.Line, l.Column} }

// Run checks in.Pending against in.DB.
func Run(ctx context.Context, in Input) *Result {
	if in.Timeout <= 0 {
		in.Timeout = DefaultTimeout
	}
	if in.SmallTableRows == 0 {
		in.SmallTableRows = DefaultSmallTableRows
	}
	if in.TimedOut == nil {
		in.TimedOut = func(error) bool { return false }
	}
	r := &runner{
		in:      in,
		res:     &Result{sizes: map[position][]tableSize{}, opts: in.Options},
		base:    in.Replays.Schema(in.Applied),
		rels:    map[catalog.Name]*relation{},
		types:   map[catalog.Name]string{},
		sizes:   map[string]*tableSize{},
		skipped: map[string]bool{},
	}
	catalog.Replay(r.base, in.Pending, func(f *migration.File, st *migration.Statement, cat *catalog.Catalog) {
		if ctx.Err() != nil {
			return
		}
		r.statement(ctx, st, cat)
	})
	if err := ctx.Err(); err != nil {
		r.res.Notes = append(r.res.Notes, fmt.Sprintf("preflight stopped early: %v; later statements were not checked", err))
		r.res.Findings = append(r.res.Findings, NotChecked.New(finding.Location{File: firstPath(in.Pending)},
			"preflight stopped before checking every pending statement: %v", err))
	}
	finding.Sort(r.res.Findings)
	return r.res
}

func firstPath(files []*migration.File) string {
	if len(files) == 0 {
		return ""
	}
	return files[0].Path
}

// runner walks the pending statements.
type runner struct {
	in   Input
	res  *Result
	base *catalog.Catalog // the schema the applied migrations build
	// rels follows each relation of the replayed schema: by its name at
	// the current statement.
	rels map[catalog.Name]*relation
	// types are the types the change creates or renames, with the
	// statement that did it: the database does not know them by that name.
	types map[catalog.Name]string
	// rowsChangedBy is the statement that may have changed the rows of any
	// table (a DO block, a function call), "" while none did.
	rowsChangedBy string
	catAt         *catalog.Catalog      // the schema just before the statement
	sizes         map[string]*tableSize // by live relation
	skipped       map[string]bool       // drifted objects already noted
}

// relation is what the change has done so far to one relation's rows.
type relation struct {
	// live is the quoted name of the relation holding the rows in the
	// database; "" when the change creates the relation (then it has no
	// existing rows) or dropped it.
	live    string
	display string // the live name as reports show it
	gone    bool   // dropped or renamed away: the name means nothing now
	empty   bool   // created or truncated by the change: no existing rows
	// rowsChangedBy is the statement that inserted or deleted rows.
	rowsChangedBy string
	// createdAfter is runner.rowsChangedBy when the change created the
	// relation: code run before that cannot have touched it.
	createdAfter string
	cols         map[string]value // by the column's current name
	drifted      bool
}

// value is a column's value in the existing rows.
type value struct {
	expr *pgast.Node // over live columns; nil when unknown
	why  string      // why it is unknown
}

// rel returns the state of the relation named n at the statement, creating
// it from the applied schema (or the live database) on first use; nil for
// a relation neither knows.
func (r *runner) rel(n catalog.Name) *relation {
	if rel, ok := r.rels[n]; ok {
		if rel.gone {
			return nil
		}
		return rel
	}
	var cols []string
	if t := r.base.Table(n); t != nil {
		for _, c := range t.Columns {
			cols = append(cols, c.Name)
		}
	} else if t := r.in.Live.Table(n); t != nil {
		for _, c := range t.Columns {
			cols = append(cols, c.Name)
		}
	} else {
		return nil
	}
	rel := &relation{live: ident(n.Schema) + "." + ident(n.Name), display: n.String(), cols: map[string]value{},
		drifted: r.in.Drifted[n.String()] || r.in.Live.Table(n) == nil}
	for _, c := range cols {
		rel.cols[c] = value{expr: columnRef(c)}
	}
	r.rels[n] = rel
	return rel
}

// value returns a column's value expression in rel's existing rows.
func (rel *relation) value(col string) (*pgast.Node, error) {
	v, ok := rel.cols[col]
	switch {
	case !ok:
		return nil, fmt.Errorf("column %s is not known in %s", col, rel.display)
	case v.expr == nil:
		return nil, fmt.Errorf("%s", v.why)
	}
	return v.expr, nil
}

// newRelation records a relation the change creates: no existing rows.
func (r *runner) newRelation(n catalog.Name) *relation {
	rel := &relation{display: n.String(), empty: true, cols: map[string]value{}, createdAfter: r.rowsChangedBy}
	r.rels[n] = rel
	return rel
}

// forget records that n no longer names a relation.
func (r *runner) forget(n catalog.Name) { r.rels[n] = &relation{gone: true} }

// at describes a statement's position for messages.
func at(st *migration.Statement) string { return st.Pos.String() }
