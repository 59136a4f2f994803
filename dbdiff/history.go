package dbdiff

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/migration"
)

// byVersion reconciles the file changes with the migrations' identity,
// their version: a file deleted while an added file has its version (popx
// renaming 0001_x.up.sql to 0001_x.postgres.up.sql), or a file added for a
// version the base has (a dialect override beside the generic file), is
// the same migration run from another file, not a deletion and an
// addition. Databases that applied the version never run it again.
func byVersion(changes []FileChange, base, head *migration.Set) []FileChange {
	baseUp, headUp := upVersions(base), upVersions(head)
	version := map[string]string{} // path → version, both sides
	for v, f := range baseUp {
		version[f.Path] = v
	}
	for v, f := range headUp {
		version[f.Path] = v
	}
	kind := map[string]FileKind{}
	for _, fc := range changes {
		kind[fc.Path] = fc.Kind
	}
	replaced := map[string]FileChange{} // head path → its change
	gone := map[string]bool{}           // deleted base paths now replaced
	for _, fc := range changes {
		v, ok := version[fc.Path]
		if !ok || fc.Kind != FileAdded || baseUp[v] == nil || headUp[v] == nil || headUp[v].Path != fc.Path {
			continue
		}
		old := baseUp[v]
		if k := kind[old.Path]; k != FileDeleted && k != "" && k != FileEdited {
			continue
		}
		if kind[old.Path] == FileDeleted {
			gone[old.Path] = true
		}
		replaced[fc.Path] = FileChange{Kind: FileReplaced, Path: fc.Path, OldPath: old.Path, Edited: !sameStatements(old, headUp[v])}
	}
	var out []FileChange
	for _, fc := range changes {
		switch {
		case gone[fc.Path] && fc.Kind == FileDeleted:
			continue
		case replaced[fc.Path].Kind != "":
			out = append(out, replaced[fc.Path])
		default:
			out = append(out, fc)
		}
	}
	return out
}

// upVersions maps each migration's version to its up script.
func upVersions(set *migration.Set) map[string]*migration.File {
	out := map[string]*migration.File{}
	for _, m := range set.Migrations {
		if m.Up != nil && m.Version != "" {
			out[m.Version] = m.Up
		}
	}
	return out
}

// repeatables are the up scripts of repeatable migrations (Flyway R__),
// which the tool runs again whenever they change: editing one is a change
// to deploy, not a rewrite of history.
func repeatables(set *migration.Set) map[string]bool {
	out := map[string]bool{}
	for _, m := range set.Migrations {
		if m.Up != nil && strings.HasPrefix(m.Version, "~R__") {
			out[m.Up.Path] = true
		}
	}
	return out
}

// history judges what a change does to merged migrations.
type history struct {
	in         Input
	base, head map[string]*migration.File
	ups        map[string]bool // up scripts of the base
	repeatable map[string]bool
}

// squash recognises merged migrations squashed into a baseline: the change
// deletes merged migrations and adds others, and the head's migrations
// build the schema the base's do. It returns the added up scripts (the
// baseline), or nil when the change is not a squash.
func (h *history) squash(changes []FileChange, baseCat *catalog.Catalog) []string {
	var deleted, added []string
	for _, fc := range changes {
		switch {
		case fc.Kind == FileDeleted && h.ups[fc.Path]:
			deleted = append(deleted, fc.Path)
		case fc.Kind == FileAdded && h.head[fc.Path] != nil && h.head[fc.Path].Direction == migration.Up:
			added = append(added, fc.Path)
		}
	}
	if len(deleted) == 0 || len(added) == 0 {
		return nil
	}
	if len(catalog.Diff(baseCat, catalog.Replay(nil, catalog.UpFiles(h.in.Head), nil))) > 0 {
		return nil
	}
	return added
}

// findings reports merged migrations edited, replaced by different
// statements or deleted, as errors when they shipped in a release and as
// warnings when they did not; a squash is one information finding. Down
// scripts are left alone: no database has applied one as part of its
// history, and fixing a rollback is welcome.
func (h *history) findings(changes []FileChange, squashed []string) []finding.Finding {
	var out, deleted []finding.Finding
	for _, fc := range changes {
		switch fc.Kind {
		case FileEdited:
			if !h.ups[fc.Path] || h.repeatable[fc.Path] {
				continue
			}
			old, cur := h.base[fc.Path], h.head[fc.Path]
			line := firstDifferentLine(old.Source, cur.Source)
			if h.neverRan(old) {
				continue
			}
			f := ruleMergedEdited.New(finding.Location{File: fc.Path, Line: line, Column: 1},
				"%s is already merged and was edited: databases that applied it keep the old version, new ones get this one", fc.Path)
			f.Key = fc.Path
			switch {
			case sameStatements(old, cur):
				f.Details = append(f.Details, "the statements are unchanged (comments, whitespace or formatting only), but tools that checksum applied migrations (Flyway, Atlas, sqitch) still refuse the edited file")
				f.Severity = finding.SeverityWarning
			case sameOutcome(old, cur):
				f.Details = append(f.Details, sameOutcomeDetail)
				f.Severity = finding.SeverityWarning
			default:
				h.shipped(&f, fc.Path)
			}
			out = append(out, f)
		case FileReplaced:
			if !fc.Edited {
				continue
			}
			cur := h.head[fc.Path]
			f := ruleMergedEdited.New(firstStatement(cur),
				"%s now runs migration %s instead of %s, which is already merged, with other statements: databases that applied it keep the old version, new ones get this one",
				fc.Path, versionName(fc.OldPath), fc.OldPath)
			f.Key = fc.Path
			f.Related = []finding.Location{{File: h.oldName(fc.OldPath)}}
			if old := h.base[fc.OldPath]; old != nil && cur != nil && sameOutcome(old, cur) {
				f.Details = append(f.Details, sameOutcomeDetail)
				f.Severity = finding.SeverityWarning
			} else {
				h.shipped(&f, fc.OldPath)
			}
			out = append(out, f)
		case FileDeleted:
			if !h.ups[fc.Path] || h.neverRan(h.base[fc.Path]) {
				continue
			}
			f := ruleMergedDeleted.New(h.inHead(fc.Path),
				"%s is already merged and was deleted: databases that applied it keep its changes, new databases will not have them", fc.Path)
			f.Key = fc.Path
			f.Related = []finding.Location{{File: h.oldName(fc.Path)}}
			h.shipped(&f, fc.Path)
			deleted = append(deleted, f)
		}
	}
	if squashed == nil {
		return append(out, deleted...)
	}
	f := ruleSquashed.New(firstStatement(h.head[squashed[0]]),
		"%d merged migrations are squashed into %s, which builds the same schema: databases that applied them are unchanged, new ones get the baseline",
		len(deleted), strings.Join(squashed, ", "))
	f.Key = strings.Join(squashed, " ")
	for _, d := range deleted {
		f.Related = append(f.Related, d.Related...)
	}
	return append(out, f)
}

// neverRan reports whether no database can have applied the merged
// migration f: PostgreSQL's parser rejects it, and its tool sends the file
// as one query (PostgreSQL parses the whole query string before it runs any
// of it) or runs it in one transaction, so the error left nothing behind
// and the tool recorded no version. Fixing or deleting such a file rewrites
// no history: it is what its authors must do (fider corrected `integer
// primary key serial` in its first migration). The parser is PostgreSQL
// 17's, so only a target of 17 or older is sure to reject what it rejects.
func (h *history) neverRan(f *migration.File) bool {
	if f == nil || h.in.Base == nil || h.in.PGVersion > 17 || f.NoTransaction {
		return false
	}
	// The file did not parse, so its own transaction facts are unknown:
	// the tool's are what it does with any file. One that runs a file
	// outside a transaction when its statements refuse one (Flyway) may
	// have applied part of it.
	tool := migration.ToolFor(h.in.Base.Layout)
	if tool == nil || tool.Tx.UnwrapNonTransactional || !tool.Tx.OneQuery && !tool.Tx.Wraps {
		return false
	}
	return slices.ContainsFunc(f.Findings, func(x finding.Finding) bool {
		// PostgreSQL's own messages: not the limits schemacheck sets its
		// parser, nor syntax a newer PostgreSQL takes.
		return x.RuleID == migration.RuleParseError.ID && !strings.Contains(x.Message, "PostgreSQL 18") &&
			(strings.HasPrefix(x.Message, "syntax error") || strings.HasPrefix(x.Message, "unterminated"))
	})
}

// shipped makes a rewrite of the merged migration at path an error when a
// release holds it, and a warning when none does yet.
func (h *history) shipped(f *finding.Finding, path string) {
	if h.in.Released == nil {
		return
	}
	if rel, ok := h.in.Released(path); ok {
		f.Details = append(f.Details, fmt.Sprintf("it shipped in %s", rel))
		return
	}
	f.Severity = finding.SeverityWarning
	f.Details = append(f.Details, "it is in no release yet: only environments that deploy merged, unreleased code (staging, previews) may have applied it")
}

func (h *history) oldName(path string) string {
	if h.in.OldName != nil {
		return h.in.OldName(path)
	}
	return path
}

// inHead is where a finding about a deleted migration goes: the first
// statement of the migration that followed it at the base and is still in
// the head, in the tool's order (temporal's v1.10 follows v1.2, though its
// path sorts before), else of the head's last one (a line of the head
// tree, which GitHub can show).
func (h *history) inHead(deleted string) finding.Location {
	var last *migration.File
	for _, m := range h.in.Head.Migrations {
		if m.Up != nil {
			last = m.Up
		}
	}
	if h.in.Base != nil {
		seen := false
		for _, m := range h.in.Base.Migrations {
			switch {
			case m.Up == nil:
			case m.Up.Path == deleted:
				seen = true
			case seen && h.head[m.Up.Path] != nil:
				return firstStatement(h.head[m.Up.Path])
			}
		}
	}
	if last != nil {
		return firstStatement(last)
	}
	return finding.Location{File: deleted}
}

// firstStatement is the position of a file's first statement, or its
// first line.
func firstStatement(f *migration.File) finding.Location {
	if len(f.Statements) > 0 {
		return f.Statements[0].Pos
	}
	return finding.Location{File: f.Path, Line: 1}
}

// versionName names a migration by its file, for messages.
func versionName(path string) string {
	i := strings.LastIndexByte(path, '/')
	return path[i+1:]
}

// firstDifferentLine is the 1-based line of b where it first differs from a.
func firstDifferentLine(a, b []byte) int {
	line := 1
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if b[i] == '\n' {
			line++
		}
	}
	return line
}

// sameOutcomeDetail says why an edit that only adds or drops IF [NOT]
// EXISTS or OR REPLACE rewrites no history.
const sameOutcomeDetail = "the statements differ only in IF [NOT] EXISTS, OR REPLACE or timeouts (SET lock_timeout, statement_timeout): every database that applied the old version ran it where the new one runs the same way, so both end with the same schema; tools that checksum applied migrations (Flyway, Atlas, sqitch) still refuse the edited file"

// sameStatements reports whether two versions of a file run the same
// statements: equal once comments, whitespace, keyword case and quoting
// are left out, as PostgreSQL's parser sees them (a reformatted file),
// inside the bodies of functions and DO blocks too.
func sameStatements(a, b *migration.File) bool {
	return equalStatements(a, b, false)
}

// sameOutcome reports whether b, an edit of the merged migration a, does
// what a did on every database that applied a: the statements are the same
// but for IF [NOT] EXISTS and OR REPLACE, and for the timeouts set around
// them (convoy raised every lock_timeout of its released migrations from 2s
// to 2min). A database that applied a ran each
// statement where the object was missing (or there, for a DROP or ALTER), and
// a new database meets the same schema at that point of the same history, so
// the tolerant statement does what the strict one did (river made `ADD COLUMN`
// `ADD COLUMN IF NOT EXISTS` for users who had built it by hand; those users
// never applied the strict one). Only where the strict statement failed do
// they differ, and a failed migration was not applied.
func sameOutcome(a, b *migration.File) bool {
	return equalStatements(a, b, true)
}

func equalStatements(a, b *migration.File, tolerant bool) bool {
	if bytes.Equal(a.Source, b.Source) {
		return true
	}
	if len(a.Findings) > 0 || len(b.Findings) > 0 {
		return false
	}
	as, bs := a.Statements, b.Statements
	if tolerant {
		as, bs = withoutTimeouts(as), withoutTimeouts(bs)
	}
	if len(as) != len(bs) {
		return false
	}
	for i := range as {
		if as[i].SQL != bs[i].SQL && canonical(as[i], tolerant) != canonical(bs[i], tolerant) {
			return false
		}
	}
	return true
}

// timeouts are the settings that decide how long a statement may wait or
// run, never what it does: a database that applied the statement ran it
// within the old limits, and one where the new limits stop it has not
// applied the migration.
var timeouts = []string{"lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout", "transaction_timeout"}

// withoutTimeouts leaves out the SET and RESET of timeouts.
func withoutTimeouts(sts []*migration.Statement) []*migration.Statement {
	var out []*migration.Statement
	for _, st := range sts {
		if v := st.Node.GetVariableSetStmt(); v != nil && slices.Contains(timeouts, strings.ToLower(v.Name)) {
			continue
		}
		out = append(out, st)
	}
	return out
}

// canonical is a statement as PostgreSQL's deparser prints its parse tree,
// with the bodies of functions and DO blocks (string constants to the
// parser) as their tokens, without comments and with keywords and plain
// identifiers in lower case, and without a column default's cast to the
// column's own type; tolerant also leaves out IF [NOT] EXISTS and OR
// REPLACE. "" (never equal) when it cannot be printed.
func canonical(st *migration.Statement, tolerant bool) string {
	node := st.Node
	if node != nil {
		node = pgtree.Clone(node)
		pgtree.Walk(node, func(m pgast.Message) bool {
			normalize(m, tolerant)
			return true
		})
	}
	out, err := catalog.Deparse(node)
	if err != nil || out == "" {
		return "\x00" + st.SQL
	}
	return out
}

// normalize rewrites one message of a cloned tree for canonical.
func normalize(m pgast.Message, tolerant bool) {
	switch x := m.(type) {
	case *pgast.CreateFunctionStmt:
		bodies(x.Options)
		if tolerant {
			x.Replace = false
		}
	case *pgast.DoStmt:
		bodies(x.Args)
	case *pgast.ColumnDef:
		// DEFAULT 'available'::river_job_state on a river_job_state column
		// is DEFAULT 'available': PostgreSQL coerces the constant to the
		// column's type either way and stores the same default.
		for _, c := range x.Constraints {
			if con := c.GetConstraint(); con != nil && con.Contype == pgast.ConstrType_CONSTR_DEFAULT {
				if tc := con.RawExpr.GetTypeCast(); tc != nil && tc.Arg.GetAConst() != nil && sameTypeName(tc.TypeName, x.TypeName) {
					con.RawExpr = tc.Arg
				}
			}
		}
	}
	if !tolerant {
		return
	}
	switch x := m.(type) {
	case *pgast.CreateStmt:
		x.IfNotExists = false
	case *pgast.IndexStmt:
		x.IfNotExists = false
	case *pgast.CreateSeqStmt:
		x.IfNotExists = false
	case *pgast.CreateExtensionStmt:
		x.IfNotExists = false
	case *pgast.CreateSchemaStmt:
		x.IfNotExists = false
	case *pgast.CreateTableAsStmt:
		x.IfNotExists = false
	case *pgast.CreateStatsStmt:
		x.IfNotExists = false
	case *pgast.DefineStmt:
		x.IfNotExists = false
	case *pgast.AlterEnumStmt:
		x.SkipIfNewValExists = false
	case *pgast.AlterTableStmt:
		x.MissingOk = false
	case *pgast.AlterTableCmd:
		x.MissingOk = false
	case *pgast.AlterSeqStmt:
		x.MissingOk = false
	case *pgast.AlterDomainStmt:
		x.MissingOk = false
	case *pgast.AlterObjectSchemaStmt:
		x.MissingOk = false
	case *pgast.RenameStmt:
		x.MissingOk = false
	case *pgast.DropStmt:
		x.MissingOk = false
	case *pgast.ViewStmt:
		x.Replace = false
	case *pgast.CreateTrigStmt:
		x.Replace = false
	}
}

// sameTypeName reports whether a cast's type is a column's type, without
// modifiers (a cast to varchar(3) truncates where assignment fails).
func sameTypeName(cast, column *pgast.TypeName) bool {
	if cast == nil || column == nil || len(cast.Typmods) > 0 || len(column.Typmods) > 0 ||
		len(cast.ArrayBounds) != len(column.ArrayBounds) || cast.Setof || column.Setof || cast.PctType || column.PctType {
		return false
	}
	names := func(t *pgast.TypeName) []string {
		var out []string
		for _, n := range t.Names {
			out = append(out, strings.ToLower(n.GetString_().GetSval()))
		}
		return out
	}
	return slices.Equal(names(cast), names(column))
}

// bodies replaces the body of a function (`AS '…'`, `AS $$…$$`) or DO
// block in options with its tokens.
func bodies(options []*pgast.Node) {
	for _, o := range options {
		d := o.GetDefElem()
		if d == nil || d.Defname != "as" {
			continue
		}
		if s := d.Arg.GetString_(); s != nil {
			s.Sval = bodyTokens(s.Sval)
		}
		for _, n := range d.Arg.GetList().GetItems() {
			if s := n.GetString_(); s != nil {
				s.Sval = bodyTokens(s.Sval)
			}
		}
	}
}

// bodyTokens is the body of a function or DO block as its tokens separated
// by one space: SQL and PL/pgSQL share PostgreSQL's lexer, which keeps
// string constants whole and comments apart. A body it cannot split is
// kept as it is.
func bodyTokens(body string) string {
	scan, err := pgtree.Scan(body)
	if err != nil {
		return body
	}
	var b strings.Builder
	for _, tok := range scan.Tokens {
		if tok.Token == pgast.Token_SQL_COMMENT || tok.Token == pgast.Token_C_COMMENT {
			continue
		}
		if tok.Start < 0 || tok.End > int32(len(body)) || tok.Start > tok.End {
			return body
		}
		text := body[tok.Start:tok.End]
		if tok.KeywordKind != pgast.KeywordKind_NO_KEYWORD || tok.Token == pgast.Token_IDENT && !strings.HasPrefix(text, `"`) {
			text = strings.ToLower(text)
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(text)
	}
	return b.String()
}
