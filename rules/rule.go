// Package rules holds schemacheck's migration rules. A rule is metadata (a
// finding.Rule: ID, name, severity, rationale, examples, fix) plus one check
// function that inspects a statement through a Pass. Rules never print or
// exit; the lint driver runs them and collects what they report.
package rules

import (
	"iter"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/locks"
	"github.com/schemacheck/schemacheck/migration"
)

// Rule is a migration rule: its metadata, how often it may report, and
// the check.
type Rule struct {
	finding.Rule
	// Once limits the rule to its first finding per transaction or per
	// file; the Runner keeps that state, so the check needs no flags.
	Once Scope
	// Given is the deployed schema the Bad and Good examples assume (a
	// test lints them on it); empty when they need none.
	Given string
	// State, when set, makes the rule's own state for one migration file,
	// or for the files of one migration that a layout splits over several
	// (File.Unit: popx's numbered parts, a temporal version directory),
	// which deploy together: the check reads it with Pass.State.
	State func() any
	// RunState, when set, makes the rule's own state for the whole run,
	// which later files see (Pass.RunState).
	RunState func() any
	Check    func(*Pass)
}

// Scope is how far a rule's Once reaches.
type Scope int

const (
	EveryStatement Scope = iota // no limit
	PerTransaction              // one finding per transaction (each autocommit statement is its own)
	PerFile                     // one finding per migration file
)

// Runner runs every rule over the statements of one lint run, in order,
// and keeps the rules' state for that run.
type Runner struct {
	rules    []*Rule
	reported map[*Rule]scopeKey // where each Once rule last reported
	states   map[*Rule]ruleState
	run      map[*Rule]any // each rule's RunState
}

// ruleState is a rule's State for one file.
type ruleState struct {
	file *migration.File
	v    any
}

// sameMigration reports whether files a and b are one migration: the same
// file, or parts of one deploy unit.
func sameMigration(a, b *migration.File) bool {
	return a == b || a != nil && b != nil && a.Unit != "" && a.Unit == b.Unit
}

type scopeKey struct {
	file *migration.File
	tx   int
	stmt *migration.Statement
}

// NewRunner returns a Runner of every rule, with fresh state.
func NewRunner() *Runner {
	return &Runner{rules: All(), reported: map[*Rule]scopeKey{}, states: map[*Rule]ruleState{}, run: map[*Rule]any{}}
}

// Check runs every rule on the statement p describes.
func (r *Runner) Check(p *Pass) {
	emit := p.Emit
	defer func() { p.Emit = emit }()
	var rule *Rule
	var key scopeKey
	var limited bool
	p.Emit = func(f finding.Finding) {
		if limited {
			r.reported[rule] = key
		}
		emit(f)
	}
	for _, rule = range r.rules {
		key, limited = p.scope(rule.Once)
		if last, ok := r.reported[rule]; limited && ok && last == key {
			continue
		}
		p.Rule, p.state, p.runState = rule, nil, nil
		if rule.RunState != nil {
			if _, ok := r.run[rule]; !ok {
				r.run[rule] = rule.RunState()
			}
			p.runState = r.run[rule]
		}
		if rule.State != nil {
			st, ok := r.states[rule]
			if !ok || !sameMigration(st.file, p.File) {
				st = ruleState{file: p.File, v: rule.State()}
				r.states[rule] = st
			}
			p.state = st.v
		}
		rule.Check(p)
	}
}

// scope returns the key of the statement's scope s, and whether s limits.
func (p *Pass) scope(s Scope) (scopeKey, bool) {
	switch s {
	case PerFile:
		return scopeKey{file: p.File}, true
	case PerTransaction:
		if p.Stmt.InTransaction() {
			return scopeKey{file: p.File, tx: p.Stmt.Tx}, true
		}
		return scopeKey{file: p.File, stmt: p.Stmt}, true
	}
	return scopeKey{}, false
}

// Pass is what a rule sees of one statement.
type Pass struct {
	Rule *Rule // the rule being run; Report uses it
	File *migration.File
	Stmt *migration.Statement
	// Later are, for a statement a DO block runs, the statements the
	// block runs after it (in the order they are checked), which no file
	// statement holds; nil for any other statement.
	Later     []*migration.Statement
	Catalog   *catalog.Catalog // the schema before this statement
	PGVersion int
	Tx        *TxState
	// IsNew reports whether a relation was created earlier in this file or
	// change: it is empty when the change deploys, so locking, scanning or
	// rewriting it harms nobody and no running code depends on it yet.
	IsNew func(catalog.Name) bool
	Emit  func(finding.Finding)

	effects  *[]locks.Effect // the lock table's answer, once computed
	state    any             // the running rule's State for this file
	runState any             // the running rule's RunState
}

// State returns the running rule's state for the current file (see
// Rule.State); nil for a rule without one.
func (p *Pass) State() any { return p.state }

// RunState returns the running rule's state for the run (see
// Rule.RunState); nil for a rule without one.
func (p *Pass) RunState() any { return p.runState }

// TxState is what the driver knows about the transaction and session the
// statement runs in.
type TxState struct {
	// LockTimeout and StatementTimeout are the timeouts the statements so
	// far have set, for the session or (SET LOCAL) this transaction.
	LockTimeout      Setting[bool]
	StatementTimeout Setting[bool]
	// TimeZone is the session's TimeZone as the statements or the
	// migration tool's connection set it; empty when unknown.
	TimeZone Setting[string]
	// ExclusiveLock is the earlier statement of this transaction that took
	// ACCESS EXCLUSIVE on an existing relation, and which relation.
	ExclusiveLock      *migration.Statement
	ExclusiveLockTable catalog.Name
	// Holds is the strongest lock the earlier statements of this
	// transaction took on each existing relation, kept until it commits.
	Holds map[catalog.Name]Held
	// NotValid lists constraints added NOT VALID in this transaction, with
	// the lock the ADD took.
	NotValid map[string]locks.Mode
	// ExplicitBegin is set inside a BEGIN … COMMIT block of the file.
	ExplicitBegin *migration.Statement
}

// Held is a lock an earlier statement of the transaction took.
type Held struct {
	Mode locks.Mode
	By   *migration.Statement
}

// NewTransaction forgets what the previous transaction held: its locks,
// its NOT VALID additions and its SET LOCAL settings. Session settings
// (SET lock_timeout) persist.
func (t *TxState) NewTransaction() {
	t.ExclusiveLock, t.ExclusiveLockTable, t.NotValid = nil, catalog.Name{}, map[string]locks.Mode{}
	t.Holds = map[catalog.Name]Held{}
	t.LockTimeout.endTransaction()
	t.StatementTimeout.endTransaction()
	t.TimeZone.endTransaction()
}

// Report records a finding of the running rule at the statement, with the
// rule's default fix unless the caller sets a more specific one.
func (p *Pass) Report(key, format string, args ...any) {
	f := p.Rule.New(p.Stmt.Pos, format, args...)
	f.Key = key
	p.Emit(f)
}

// ReportFix is Report with a statement-specific fix (the safe recipe).
func (p *Pass) ReportFix(key, fix, format string, args ...any) {
	f := p.Rule.New(p.Stmt.Pos, format, args...)
	f.Key, f.Fix = key, fix
	p.Emit(f)
}

// Existing reports whether n is a relation that may hold data and be in
// use: anything not created in this file or change. Unknown relations (made
// outside the migrations) count as existing.
func (p *Pass) Existing(n catalog.Name) bool { return !p.IsNew(n) }

// Resolve qualifies a relation name with the catalog's search_path.
func (p *Pass) Resolve(rv *pgast.RangeVar) catalog.Name { return p.Catalog.Resolve(rv) }

// AlterExisting returns the table an ALTER TABLE statement changes and its
// subcommands of the given kind, when that table existed before this file
// or change; for a new table (or another statement) no commands.
func (p *Pass) AlterExisting(kind pgast.AlterTableType) (catalog.Name, []*pgast.AlterTableCmd) {
	s, cmds := p.AlterCmds()
	if s == nil {
		return catalog.Name{}, nil
	}
	t := p.Resolve(s.Relation)
	if p.IsNew(t) {
		return t, nil
	}
	var out []*pgast.AlterTableCmd
	for _, c := range cmds {
		if c.Subtype == kind {
			out = append(out, c)
		}
	}
	return t, out
}

// AlterCmds returns the ALTER TABLE statement and its subcommands, or nil.
func (p *Pass) AlterCmds() (*pgast.AlterTableStmt, []*pgast.AlterTableCmd) {
	return alterCmds(p.Stmt.Node)
}

// altersOn returns the subcommands of statement s when it is an ALTER
// TABLE of t, else nil.
func (p *Pass) altersOn(s *migration.Statement, t catalog.Name) []*pgast.AlterTableCmd {
	a, cmds := alterCmds(s.Node)
	if a == nil || p.Resolve(a.Relation) != t {
		return nil
	}
	return cmds
}

// following yields the file's statements from p's on: with self, p's own
// (for a statement a DO block runs, the DO statement); then, for such a
// statement, those the block runs after it (they share its transaction);
// then the later ones, only those of p's transaction when sameTx (none
// when p's statement runs outside one).
func (p *Pass) following(self, sameTx bool) iter.Seq[*migration.Statement] {
	return func(yield func(*migration.Statement) bool) {
		later := p.Later
		for _, s := range p.File.Statements {
			switch {
			case s.Offset < p.Stmt.Offset, s.Offset == p.Stmt.Offset && !self:
				continue
			case s.Offset > p.Stmt.Offset:
				for _, l := range later {
					if !yield(l) {
						return
					}
				}
				later = nil
				if sameTx && (!p.Stmt.InTransaction() || s.Tx != p.Stmt.Tx) {
					continue
				}
			}
			if !yield(s) {
				return
			}
		}
		for _, l := range later {
			if !yield(l) {
				return
			}
		}
	}
}

// alterCmds returns ALTER TABLE statement n and its subcommands, or nil.
func alterCmds(n *pgast.Node) (*pgast.AlterTableStmt, []*pgast.AlterTableCmd) {
	s := n.GetAlterTableStmt()
	if s == nil {
		return nil, nil
	}
	var cmds []*pgast.AlterTableCmd
	for _, c := range s.Cmds {
		if cmd := c.GetAlterTableCmd(); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	return s, cmds
}

// All returns every rule, in ID order.
func All() []*Rule {
	out := slices.Concat(safetyRules, compatibilityRules, conventionRules, transactionRules)
	slices.SortFunc(out, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Rules returns every rule's metadata, in ID order, including the
// suppression meta rules the driver reports.
func Rules() []finding.Rule {
	var out []finding.Rule
	for _, r := range All() {
		out = append(out, r.Rule)
	}
	out = append(out, UnknownSuppression, UnusedSuppression)
	slices.SortFunc(out, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Lookup finds a rule's metadata by ID (any case) or name, including the
// input rules of the migration package, so suppressions can name any rule.
func Lookup(idOrName string) (finding.Rule, bool) {
	for _, r := range append(Rules(), migration.Rules()...) {
		if strings.EqualFold(r.ID, idOrName) || r.Name == idOrName {
			return r, true
		}
	}
	return finding.Rule{}, false
}

// meta is the one constructor of migration rule metadata: the rule names
// every field (a test checks none is empty); meta adds the layer they share.
func meta(r finding.Rule) finding.Rule {
	r.Layer = finding.LayerDB
	return r
}

const (
	errorSev   = finding.SeverityError
	warningSev = finding.SeverityWarning
	infoSev    = finding.SeverityInfo
)
