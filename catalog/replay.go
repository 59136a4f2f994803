package catalog

import "github.com/schemacheck/schemacheck/migration"

// Replay applies the statements of files, in order, to a copy of base (an
// empty catalog when base is nil) and returns the schema they build. It is
// the one way to get "the catalog a migration directory builds": the linter,
// the database diff, drift and the cross-layer checks all need it.
//
// before, when not nil, is called for every statement with the catalog as
// it stands just before the statement runs, so a caller can see what a
// statement is about to change (which column it drops, say) and where.
// Statements the catalog cannot follow are marked uncertain, as in Apply;
// their errors are not reported here (the linter reports parse errors).
func Replay(base *Catalog, files []*migration.File, before func(*migration.File, *migration.Statement, *Catalog)) *Catalog {
	c := New()
	if base != nil {
		c = base.Clone()
	}
	for _, f := range files {
		for _, st := range f.Statements {
			if before != nil {
				before(f, st, c)
			}
			_ = c.ApplyStatement(st)
		}
	}
	return c
}

// UpFiles returns the up scripts of set in the order its tool applies them.
func UpFiles(set *migration.Set) []*migration.File {
	var out []*migration.File
	for _, m := range set.Migrations {
		if m.Up != nil {
			out = append(out, m.Up)
		}
	}
	return out
}
