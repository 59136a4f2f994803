package catalog

import "github.com/schemacheck/schemacheck/migration"

// Step is one statement of a replay and what it did to the schema: the
// provenance of every object it created, changed, renamed or dropped.
type Step struct {
	File *migration.File
	Stmt *migration.Statement
	// Changes are what Diff of the schema before and after the statement
	// lists, computed from the objects the statement touched only.
	Changes []Change
	// Renames are the objects it renamed or moved (each also in Changes,
	// removed under its old name and added under its new one).
	Renames []Rename
	// Uncertain are the relations it made uncertain: a statement the
	// catalog cannot follow (a DO block, dynamic SQL, a function the
	// migrations created) may have changed them, or the statement used a
	// relation no replayed statement created.
	Uncertain []Name
	// Retargeted are the relations whose changes (in Changes) only follow
	// a rename of something they refer to: a sequence their defaults call,
	// a type their columns have, an enum label a default names. Their
	// meaning did not change.
	Retargeted []Name
}

// Tracer records, while a caller replays statements on one catalog, where
// each object was created, changed, renamed and dropped (Steps), and, when
// asked, the schema after each file (After). The callers that need
// provenance (lint, the database diff, drift, the cross-layer checks) read
// it from one replay instead of replaying the same files again with a
// tracker of their own.
//
// Recording costs what the statements cost: the catalog notes the state of
// each object a statement is about to change (journal.go), and only those
// objects are compared afterwards.
type Tracer struct {
	cat   *Catalog
	steps []*Step
	after map[*migration.File]*Catalog // nil unless KeepSchemas
}

// NewTracer starts recording what is applied to c from now on.
func NewTracer(c *Catalog) *Tracer {
	c.journal = newJournal()
	return &Tracer{cat: c}
}

// KeepSchemas makes EndFile keep a copy of the schema after each file,
// for After. It costs a copy of the schema per file.
func (t *Tracer) KeepSchemas() {
	if t.after == nil {
		t.after = map[*migration.File]*Catalog{}
	}
}

// Record notes that st of f has just been applied (DO blocks: with the
// statements they run) and returns its step.
func (t *Tracer) Record(f *migration.File, st *migration.Statement) *Step {
	s := &Step{File: f, Stmt: st}
	if j := t.cat.journal; j != nil && !j.empty() {
		s.Changes, s.Renames, s.Uncertain, s.Retargeted = j.settle(t.cat)
	}
	t.steps = append(t.steps, s)
	return s
}

// EndFile notes that every statement of f has been applied.
func (t *Tracer) EndFile(f *migration.File) {
	if t.after != nil {
		t.after[f] = t.cat.Clone()
	}
}

// Stop ends the recording: later changes to the catalog are not noted.
func (t *Tracer) Stop() { t.cat.journal = nil }

// Steps returns every statement recorded, in order, with its changes.
func (t *Tracer) Steps() []*Step { return t.steps }

// After returns the schema right after file f, or nil when f was not
// traced or schemas were not kept. The caller must not change it.
func (t *Tracer) After(f *migration.File) *Catalog { return t.after[f] }

// Trace replays files on a copy of base, as Replay does, and returns the
// schema with the trace of the replay.
func Trace(base *Catalog, files []*migration.File) (*Catalog, *Tracer) {
	c := New()
	if base != nil {
		c = base.Clone()
	}
	t := NewTracer(c)
	for _, f := range files {
		for _, st := range f.Statements {
			_ = c.ApplyStatement(st)
			t.Record(f, st)
		}
		t.EndFile(f)
	}
	t.Stop()
	return c, t
}
