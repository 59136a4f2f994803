package catalog

import "github.com/schemacheck/schemacheck/migration"

// Step is one statement of a replay and what it changed in the schema: the
// provenance of every object it created, changed or dropped.
type Step struct {
	File    *migration.File
	Stmt    *migration.Statement
	Changes []Change // Diff of the schema before and after the statement
}

// Tracer records, while a caller replays statements, where each object
// was created, changed and dropped (Steps) and the schema after each file
// (After), so the callers that need provenance (the database diff, the
// lint driver that replays anyway) share one replay instead of each
// replaying the same files again.
type Tracer struct {
	prev  *Catalog // the schema after the last statement that changed it
	steps []*Step
	after map[*migration.File]*Catalog
}

// NewTracer starts a trace of a replay on base (nil: an empty schema).
func NewTracer(base *Catalog) *Tracer {
	if base == nil {
		base = New()
	}
	return &Tracer{prev: base.Clone(), after: map[*migration.File]*Catalog{}}
}

// Record notes that st of f has just been applied to c. The schema is
// compared only after statements that may change it (INSERT, UPDATE,
// DELETE, a large share of real statements, cannot; a SELECT may call a
// function) and copied only after those that did.
func (t *Tracer) Record(f *migration.File, st *migration.Statement, c *Catalog) {
	s := &Step{File: f, Stmt: st}
	t.steps = append(t.steps, s)
	if n := st.Node; n.GetInsertStmt() != nil || n.GetUpdateStmt() != nil || n.GetDeleteStmt() != nil || n.GetMergeStmt() != nil {
		return
	}
	if s.Changes = Diff(t.prev, c); len(s.Changes) > 0 {
		t.prev = c.Clone()
	}
}

// EndFile notes that every statement of f has been applied to c.
func (t *Tracer) EndFile(f *migration.File, c *Catalog) { t.after[f] = t.prev }

// Steps returns every statement recorded, in order, with its changes.
func (t *Tracer) Steps() []*Step { return t.steps }

// After returns the schema right after file f, or nil when f was not
// traced. The caller must not change it.
func (t *Tracer) After(f *migration.File) *Catalog { return t.after[f] }

// Trace replays files on a copy of base, as Replay does, and returns the
// schema with the trace of the replay.
func Trace(base *Catalog, files []*migration.File) (*Catalog, *Tracer) {
	t := NewTracer(base)
	c := New()
	if base != nil {
		c = base.Clone()
	}
	for _, f := range files {
		for _, st := range f.Statements {
			_ = c.Apply(st.Node)
			t.Record(f, st, c)
		}
		t.EndFile(f, c)
	}
	return c, t
}
