// Package lint runs the migration rules over parsed migration files: it
// replays each statement into the catalog after the rules have seen the
// schema before it, tracks what the change creates (new objects are empty
// and unused, so most rules leave them alone), follows the transaction
// state, and applies schemacheck:ignore suppressions.
package lint

import (
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/rules"
)

// Scope says which earlier statements make an object new.
type Scope int

const (
	// ScopeFile: objects created earlier in the same file are new. Used when
	// linting a whole history, where an earlier file has long been deployed.
	ScopeFile Scope = iota
	// ScopeChange: objects created anywhere in Files are new. Used for the
	// files a pull request adds, which deploy together.
	ScopeChange
)

// Input is what Run lints.
type Input struct {
	Base      *catalog.Catalog // schema before the first file; nil means empty
	Files     []*migration.File
	Scope     Scope
	PGVersion int // 0 means 16
}

// Run lints the files in order and returns their findings, including the
// files' own input findings (parse errors and the like).
func Run(in Input) []finding.Finding {
	cat := catalog.New()
	if in.Base != nil {
		cat = in.Base.Clone()
	}
	pg := in.PGVersion
	if pg == 0 {
		pg = 16
	}
	all := rules.All()
	created := map[catalog.Name]bool{}
	var out []finding.Finding
	for _, f := range in.Files {
		out = append(out, f.Findings...)
		if in.Scope == ScopeFile {
			created = map[catalog.Name]bool{}
		}
		var raised []raisedFinding
		tx := &rules.TxState{NotValid: map[string]bool{}}
		lastTx := -1
		for _, st := range f.Statements {
			if st.Tx == 0 || st.Tx != lastTx {
				// A new transaction: locks and NOT VALID adds of the previous
				// one are over. Session settings (lock_timeout) persist.
				tx.ExclusiveLock, tx.ExclusiveLockReported, tx.NotValid = nil, false, map[string]bool{}
				lastTx = st.Tx
			}
			p := &rules.Pass{
				File: f, Stmt: st, Catalog: cat, PGVersion: pg, Tx: tx,
				IsNew: func(n catalog.Name) bool { return created[n] },
				Emit:  func(fd finding.Finding) { raised = append(raised, raisedFinding{fd, st}) },
			}
			for _, r := range all {
				p.Rule = r
				r.Check(p)
			}
			p.Advance()
			for _, n := range p.Created() {
				created[n] = true
			}
			// What the catalog cannot follow it marks uncertain; rules then
			// treat those objects as existing, which is the safe side.
			_ = cat.Apply(st.Node)
		}
		out = append(out, suppress(f, raised)...)
	}
	return out
}

type raisedFinding struct {
	finding.Finding
	stmt *migration.Statement
}

// suppress drops findings matched by the file's ignore comments and reports
// comments that name unknown rules or match nothing.
func suppress(f *migration.File, raised []raisedFinding) []finding.Finding {
	used := map[*migration.Suppression]bool{}
	matches := func(s *migration.Suppression, fd finding.Finding) bool {
		return strings.EqualFold(s.Rule, fd.RuleID) || s.Rule == fd.RuleName
	}
	var out []finding.Finding
	for _, r := range raised {
		suppressed := false
		for i := range f.Ignores {
			if matches(&f.Ignores[i], r.Finding) {
				used[&f.Ignores[i]], suppressed = true, true
			}
		}
		for i := range r.stmt.Ignores {
			if matches(&r.stmt.Ignores[i], r.Finding) {
				used[&r.stmt.Ignores[i]], suppressed = true, true
			}
		}
		if !suppressed {
			out = append(out, r.Finding)
		}
	}
	check := func(s *migration.Suppression) {
		if _, ok := rules.Lookup(s.Rule); !ok {
			fd := rules.UnknownSuppression.New(s.Pos, "schemacheck:ignore names unknown rule %q%s", s.Rule, suggestion(s.Rule))
			fd.Key = s.Rule
			out = append(out, fd)
			return
		}
		if !used[s] {
			fd := rules.UnusedSuppression.New(s.Pos, "schemacheck:ignore %s suppresses nothing here; remove it", s.Rule)
			fd.Key = s.Rule
			out = append(out, fd)
		}
	}
	for i := range f.Ignores {
		check(&f.Ignores[i])
	}
	for _, st := range f.Statements {
		for i := range st.Ignores {
			check(&st.Ignores[i])
		}
	}
	return out
}
