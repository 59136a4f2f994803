// Package lint runs the migration rules over parsed migration files: it
// replays each statement into the catalog after the rules have seen the
// schema before it, tracks what the change creates (new objects are empty
// and unused, so most rules leave them alone), follows the transaction
// state. suppress.go applies schemacheck:ignore comments.
package lint

import (
	"slices"
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
	// Trace records the replay's provenance (Linter.Trace): what each
	// statement changed, and (a copy per file) the schema after each file.
	Trace bool
	// Session is what the migration tool's connection has set before each
	// file runs (lock_timeout: 5s from its connection options or the
	// database's config): a SET every file starts with.
	Session map[string]string
}

// Run lints the files in order and returns their findings, including the
// files' own input findings (parse errors and the like), with the files'
// schemacheck:ignore comments applied for the migration rules. A caller that
// adds findings of its own to the same files (the database diff, the
// cross-layer checks) uses Raw and applies Suppress once, over everything,
// with every rule it knows.
func Run(in Input) []finding.Finding {
	return Suppress(in.Files, Raw(in), append(rules.Rules(), migration.Rules()...))
}

// Raw lints like Run but leaves suppression to the caller.
func Raw(in Input) []finding.Finding {
	l := New(in)
	var out []finding.Finding
	for _, f := range in.Files {
		out = append(out, l.File(f)...)
	}
	return out
}

// Linter lints files one at a time, in order, carrying the schema and
// what the change created from one file to the next, so a caller can
// stream a directory: it need not hold every file's parse tree at once.
type Linter struct {
	cat     *catalog.Catalog
	trace   *catalog.Tracer // nil unless Input.Trace
	pg      int
	scope   Scope
	run     *rules.Runner
	created map[catalog.Name]bool
	unit    string            // the File.Unit of the last file linted
	session map[string]string // Input.Session
	// noted18 is set once a parse error has said that the parser is
	// PostgreSQL 17's while the target is 18.
	noted18 bool
}

// pg18Note is added to the first parse error of a run that targets
// PostgreSQL 18: the grammar is 17's (pg_query_go v6), so syntax new in 18
// fails to parse here though PostgreSQL 18 accepts it.
const pg18Note = " (schemacheck parses with PostgreSQL 17's grammar: syntax new in PostgreSQL 18 is rejected here; this note appears once per run)"

// New returns a Linter for in's base, scope and PostgreSQL version; in.Files
// is not read.
func New(in Input) *Linter {
	cat := catalog.New()
	if in.Base != nil {
		cat = in.Base.Clone()
	}
	pg := in.PGVersion
	if pg == 0 {
		pg = 16
	}
	l := &Linter{cat: cat, pg: pg, scope: in.Scope, run: rules.NewRunner(), created: map[catalog.Name]bool{}, session: in.Session}
	if in.Trace {
		l.trace = catalog.NewTracer(cat)
		l.trace.KeepSchemas()
	}
	return l
}

// Catalog is the schema after the files linted so far. The caller must not
// change it while it lints more.
func (l *Linter) Catalog() *catalog.Catalog { return l.cat }

// Trace is the provenance of the files linted so far, recorded when
// Input.Trace was set (else nil): the one replay lint makes serves the
// callers that need to know where each object changed.
func (l *Linter) Trace() *catalog.Tracer { return l.trace }

// File lints the next file and returns its findings, including the file's
// own input findings (parse errors and the like), without applying its
// schemacheck:ignore comments.
func (l *Linter) File(f *migration.File) []finding.Finding {
	out := slices.Clone(f.Findings)
	for i := range out {
		if l.pg >= 18 && !l.noted18 && out[i].RuleID == migration.RuleParseError.ID {
			out[i].Message += pg18Note
			l.noted18 = true
		}
	}
	if l.scope == ScopeFile && (f.Unit == "" || f.Unit != l.unit) {
		l.created = map[catalog.Name]bool{}
	}
	l.unit = f.Unit
	cat, created := l.cat, l.created
	tx := &rules.TxState{}
	tx.LockTimeout = rules.SessionTimeout(l.session, "lock_timeout")
	tx.StatementTimeout = rules.SessionTimeout(l.session, "statement_timeout")
	tx.TimeZone = rules.SessionTimeZone(l.session)
	lastTx := -1
	check := func(st *migration.Statement, later []*migration.Statement) {
		p := &rules.Pass{
			File: f, Stmt: st, Later: later, Catalog: cat, PGVersion: l.pg, Tx: tx,
			IsNew: func(n catalog.Name) bool { return created[n] },
			Emit: func(fd finding.Finding) {
				if st.Conditional {
					fd.Details = append(fd.Details, "the DO block runs this statement only under a condition: this is what it does when it runs")
				}
				out = append(out, fd)
			},
		}
		l.run.Check(p)
		p.Advance()
		if st.Conditional {
			return // what it creates may not exist
		}
		for _, n := range p.Created() {
			created[n] = true
		}
	}
	for i, st := range f.Statements {
		if st.Tx == 0 || st.Tx != lastTx {
			tx.NewTransaction()
			lastTx = st.Tx
		}
		check(st, nil)
		do := st.Do  // nil unless st is a DO block
		bodyAt := -1 // where its body is written in st.SQL
		if do != nil {
			bodyAt = strings.Index(st.SQL, do.Body())
		}
		// The statements a DO block runs are checked at the DO block,
		// inside its transaction: first those it always runs, like
		// top-level ones; then those it runs under a condition, for what
		// they would do if they ran (the catalog does not apply them).
		// Each is checked knowing the block's statements after it.
		var inner []*migration.Statement
		addInner := func(in migration.InnerStatement, conditional bool) {
			s := st.Within(in.Node, in.SQL, innerOffset(do.Body(), bodyAt, in))
			s.Conditional, s.Guarded = conditional, in.Guarded
			if s.Tx == 0 {
				s.Tx = -(i + 1) // the DO block's own transaction
			}
			inner = append(inner, s)
		}
		for _, in := range do.Statements() {
			addInner(in, false)
		}
		for _, in := range do.ConditionalStatements() {
			addInner(in, true)
		}
		for k, s := range inner {
			check(s, inner[k+1:])
			if !s.Conditional {
				_ = cat.ApplyStatement(s)
			}
		}
		// What the catalog cannot follow it marks uncertain; rules then
		// treat those objects as existing, which is the safe side.
		_ = cat.ApplyExceptInner(st.Node, do)
		if l.trace != nil {
			l.trace.Record(f, st)
		}
	}
	if l.trace != nil {
		l.trace.EndFile(f)
	}
	return out
}

// innerOffset is where, in a DO statement's text, the statement in of its
// body is written: the first place its text appears from line in.Line of
// body on, body being written at bodyAt. It is -1 when that is not found
// (a body in '…' with doubled quotes is not written verbatim).
func innerOffset(body string, bodyAt int, in migration.InnerStatement) int {
	if bodyAt < 0 || in.Line < 1 {
		return -1
	}
	line := 0 // byte offset of line in.Line in body
	for range in.Line - 1 {
		nl := strings.IndexByte(body[line:], '\n')
		if nl < 0 {
			return -1
		}
		line += nl + 1
	}
	k := strings.Index(body[line:], in.SQL)
	if k < 0 {
		return -1
	}
	return bodyAt + line + k
}
