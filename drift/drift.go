// Package drift compares a live database with the schema its migrations
// build and reports each difference as a finding located at the migration
// statement that created (or last changed) the object.
package drift

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
)

// Input is what Compare needs.
type Input struct {
	// Files are the up scripts, in the order the migration tool applies them.
	Files []*migration.File
	// Live is the database's catalog, as introspect.Read returns it.
	Live *catalog.Catalog
	// Dir is the migration directory as reports show it; findings about
	// objects no migration creates point at it.
	Dir string
	// Constant, when set, returns the server's text of a literal of type
	// typ (Session.Constant): the server stores a default's constants as
	// their type prints them ('3 minutes'::interval becomes '00:03:00').
	Constant func(typ, lit string) (string, bool)
	// Replays, when not nil, shares the replay of Files with the run's
	// other checks.
	Replays *catalog.Replays
}

// Result is the findings and what the comparison left out, and why.
type Result struct {
	Findings []finding.Finding
	Notes    []string
	// Drifted names ("schema.name") the relations and types that differ
	// (or whose columns, constraints or indexes differ), so a caller that
	// reads their data (preflight) knows its assumptions do not hold there.
	Drifted map[string]bool
}

// Compare replays in.Files once, with its provenance, and compares the
// catalog they build with in.Live, which it normalizes in place.
func Compare(in Input) Result {
	rep := in.Replays.Replay(in.Files)
	want := rep.Catalog
	if in.Replays != nil {
		want = want.Clone() // normalized below
	}
	live := in.Live
	if in.Constant != nil {
		serverConstants(want, in.Constant)
	}
	normalize(want)
	normalize(live)
	var res Result
	uncertain := map[string]string{} // relation → where it first became uncertain
	for _, s := range rep.Steps {
		for _, ch := range s.Changes {
			if ch.Kind == catalog.Added && key(ch) == "relation "+ch.Name {
				delete(uncertain, ch.Name) // created (again): uncertain from here on, if at all
			}
		}
		for _, n := range s.Uncertain {
			if uncertain[n.String()] == "" {
				uncertain[n.String()] = s.Stmt.Pos.String()
			}
		}
	}
	for _, t := range want.Tables() {
		if !t.Uncertain {
			delete(uncertain, t.Name.String()) // created again since
		}
	}
	skipped := map[string]bool{}
	var drifted []catalog.Change
	for _, ch := range catalog.Diff(want, live) {
		if table := tableOf(ch); uncertain[table] != "" {
			if !skipped[table] {
				skipped[table] = true
				res.Notes = append(res.Notes, fmt.Sprintf("drift: %s is changed by statements the replay cannot follow (DO blocks, dynamic SQL, functions; the first at %s); differences on it are not reported", table, uncertain[table]))
			}
			continue
		}
		if ch.Kind == catalog.Added && toolTable(ch) {
			continue
		}
		if ch.Object == "domain" && ch.Kind == catalog.Changed {
			n, _ := parseName(ch.Name)
			var ok bool
			if ch.Detail, ok = domainDiff(want.Domain(n), live.Domain(n)); !ok {
				continue
			}
		}
		drifted = append(drifted, ch)
	}
	res.Drifted = map[string]bool{}
	for _, ch := range drifted {
		if t := tableOf(ch); t != "" {
			res.Drifted[t] = true
		} else {
			res.Drifted[ch.Name] = true
		}
	}
	if len(drifted) == 0 {
		return res
	}
	origins := originsOf(rep.Steps)
	for _, ch := range drifted {
		res.Findings = append(res.Findings, toFinding(ch, origins, in.Dir))
	}
	finding.Sort(res.Findings)
	return res
}

// domainDiff describes how two domains differ, comparing CHECK
// expressions as Expr normalizes them; ok is false when they do not.
func domainDiff(want, live *catalog.Domain) (detail string, ok bool) {
	var what []string
	if want.Base.String() != live.Base.String() {
		what = append(what, fmt.Sprintf("base type %s → %s", want.Base, live.Base))
	}
	if want.NotNull != live.NotNull {
		what = append(what, fmt.Sprintf("not null %v → %v", want.NotNull, live.NotNull))
	}
	norm := func(checks []string) []string {
		out := make([]string, len(checks))
		for i, c := range checks {
			out[i] = Expr(c)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(norm(want.Checks), norm(live.Checks)) {
		what = append(what, fmt.Sprintf("checks (%s) → (%s)", strings.Join(want.Checks, "; "), strings.Join(live.Checks, "; ")))
	}
	return strings.Join(what, "; "), len(what) > 0
}

// parseName splits "schema.name" (as catalog.Name.String prints it).
func parseName(s string) (catalog.Name, bool) {
	schema, name, ok := strings.Cut(s, ".")
	if !ok {
		return catalog.Name{Name: s}, false
	}
	return catalog.Name{Schema: schema, Name: name}, true
}

// origin is where an object was created and where it was last changed.
type origin struct{ created, changed finding.Location }

// originsOf reads, from the provenance of the replay, the statement that
// created each object (the last time, for one dropped and created again)
// and the one that last changed it, by key.
func originsOf(steps []*catalog.Step) map[string]*origin {
	origins := map[string]*origin{}
	for _, s := range steps {
		at := s.Stmt.Pos
		at.EndLine, at.EndColumn = 0, 0
		for _, ch := range s.Changes {
			k := key(ch)
			switch o := origins[k]; {
			case ch.Kind == catalog.Added || ch.Kind == catalog.Changed && o == nil:
				origins[k] = &origin{created: at, changed: at}
			case ch.Kind == catalog.Changed:
				o.changed = at
			}
		}
	}
	return origins
}

// key names an object independently of the change made to it. Relations
// share one key space because a kind change (table to view) is one object.
func key(ch catalog.Change) string {
	switch ch.Object {
	case "column", "constraint", "index", "enum", "domain", "sequence":
		return ch.Object + " " + ch.Name
	}
	return "relation " + ch.Name
}

// tableOf returns the relation a change is about, for columns, constraints
// and indexes as well as relations themselves.
func tableOf(ch catalog.Change) string {
	switch ch.Object {
	case "column", "constraint":
		return ch.Name[:strings.LastIndex(ch.Name, ".")]
	case "index":
		if on, ok := strings.CutPrefix(ch.Detail, "on "); ok {
			return on
		}
		return ""
	case "enum", "domain", "sequence":
		return ""
	}
	return ch.Name
}

// toolTables are the bookkeeping tables migration tools create in the
// database they migrate (each layout's, from migration.Tools, and those of
// tools schemacheck has no layout for: gorp, knex, Flyway's old name);
// they are never in the migrations themselves. toolSchemas hold nothing
// but such tables (sqitch, Atlas).
var toolTables, toolSchemas = func() ([]string, []string) {
	tables, schemas := migration.BookkeepingNames()
	return append(tables, "schema_version", "gorp_migrations", "knex_migrations", "knex_migrations_lock"), schemas
}()

// toolTable reports whether an object found only in the database belongs
// to a migration tool's bookkeeping.
func toolTable(ch catalog.Change) bool {
	table := tableOf(ch)
	if ch.Object == "sequence" {
		table = ch.Name
	}
	schema, name, _ := strings.Cut(table, ".")
	if slices.Contains(toolSchemas, schema) {
		return true
	}
	for _, t := range toolTables {
		if name == t || ch.Object == "sequence" && strings.HasPrefix(name, t+"_") {
			return true
		}
	}
	return false
}

func toFinding(ch catalog.Change, origins map[string]*origin, dir string) finding.Finding {
	loc, located := locate(ch, origins)
	if !located {
		loc = finding.Location{File: dir}
	}
	what := ch.Object + " " + ch.Name
	var f finding.Finding
	switch ch.Kind {
	case catalog.Removed:
		f = Missing.New(loc, "%s is created by the migrations but missing from the database", what)
	case catalog.Added:
		if located {
			f = Extra.New(loc, "%s is in the database but no migration creates it", what)
		} else {
			f = Extra.New(loc, "%s is in the database but no migration in %s creates it", what, dir)
		}
	default:
		r := DefinitionDiffers
		if ch.Object == "column" {
			r = ColumnDiffers
		}
		f = r.New(loc, "%s differs from the migrations (migrations → database): %s", what, ch.Detail)
	}
	if ch.Detail != "" && ch.Kind != catalog.Changed {
		f.Details = []string{ch.Detail}
	}
	f.Key = string(ch.Kind) + " " + what
	return f
}

// locate finds the statement a change is best reported at: the one that
// created a missing object, the one that last changed an object that
// differs, and, for objects only the database has, the one that created
// the table they belong to.
func locate(ch catalog.Change, origins map[string]*origin) (finding.Location, bool) {
	if ch.Kind != catalog.Added {
		if o := origins[key(ch)]; o != nil {
			if ch.Kind == catalog.Changed {
				return o.changed, true
			}
			return o.created, true
		}
	}
	if t := tableOf(ch); t != "" && t != ch.Name {
		if o := origins["relation "+t]; o != nil {
			return o.created, true
		}
	}
	return finding.Location{}, false
}

// normalize removes what the server and the replay legitimately print
// differently, so only real differences remain: expression text (casts,
// parentheses, case, spacing), index expressions, the result types of view
// columns (the replay knows their names only), and PostgreSQL 18's named
// NOT NULL constraints (nullability is compared on the column).
func normalize(c *catalog.Catalog) {
	for _, t := range c.Tables() {
		if t.Kind == catalog.RelView || t.Kind == catalog.RelMatView {
			for _, col := range t.Columns {
				col.Type, col.NotNull = catalog.Type{}, false
			}
		}
		for _, col := range t.Columns {
			if col.Default != nil {
				col.Default = &catalog.Default{Expr: Expr(col.Default.Expr)}
			}
			if col.Generated != "" {
				col.Generated = Expr(col.Generated)
			}
		}
		t.Constraints = slices.DeleteFunc(t.Constraints, func(k *catalog.Constraint) bool { return k.Kind == catalog.NotNull })
		for _, ix := range c.IndexesOn(t.Name) {
			for i, col := range ix.Columns {
				if strings.HasPrefix(col, "(") {
					ix.Columns[i] = "(expr)"
				}
			}
		}
	}
}

// serverConstants rewrites the literals in the replayed defaults as the
// server prints them: those with a cast ('3 minutes'::interval) as their
// cast type, a default that is one bare literal as its column's type.
func serverConstants(want *catalog.Catalog, constant func(typ, lit string) (string, bool)) {
	seen := map[[2]string]string{}
	canon := func(typ, lit string) string {
		k := [2]string{typ, lit}
		if out, ok := seen[k]; ok {
			return out
		}
		out := lit
		if text, ok := constant(typ, strings.ReplaceAll(lit, "''", "'")); ok {
			out = strings.ReplaceAll(text, "'", "''")
		}
		seen[k] = out
		return out
	}
	for _, t := range want.Tables() {
		for _, col := range t.Columns {
			if col.Default == nil {
				continue
			}
			expr := col.Default.Expr
			if parts := splitLiterals(expr); len(parts) == 3 && parts[0] == "" && parts[2] == "" {
				expr = "'" + canon(col.Type.String(), parts[1][1:len(parts[1])-1]) + "'"
			} else {
				expr = castLiteral.ReplaceAllStringFunc(expr, func(m string) string {
					sub := castLiteral.FindStringSubmatch(m)
					return "'" + canon(strings.TrimSpace(sub[2]), sub[1]) + "'::" + sub[2]
				})
			}
			col.Default = &catalog.Default{Expr: expr, Volatile: col.Default.Volatile}
		}
	}
}

const typePattern = `(?:"[^"]*"|[a-z_][a-z0-9_$]*)(?:\.(?:"[^"]*"|[a-z_][a-z0-9_$]*))?(?:\s+(?:varying|precision|with time zone|without time zone))*(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\s*\[\s*\])*`

var (
	nextvalQuotes = regexp.MustCompile(`nextval'[^']*'`)
	castLiteral   = regexp.MustCompile(`(?i)'((?:[^']|'')*)'::\s*(` + typePattern + `)`)
	casts         = regexp.MustCompile(`::\s*` + typePattern)
	quotedNums    = regexp.MustCompile(`'(-?[0-9]+(?:\.[0-9]+)?|true|false)'`)
)

// Expr reduces a default or generated expression to a form in which the
// server's text (pg_get_expr: "'x'::character varying", "nextval('s'::regclass)")
// and the replay's deparsed text compare equal: casts, parentheses, spacing
// and case outside string literals are dropped, and quoted numbers and
// booleans unquoted.
func Expr(s string) string {
	var b strings.Builder
	for i, part := range splitLiterals(s) {
		if i%2 == 1 { // a string literal, kept as written
			b.WriteString(part)
			continue
		}
		part = casts.ReplaceAllString(strings.ToLower(part), "")
		part = strings.NewReplacer("(", "", ")", "", " ", "", "\t", "", "\n", "").Replace(part)
		b.WriteString(part)
	}
	out := quotedNums.ReplaceAllString(b.String(), "$1")
	// nextval('"Order_id_seq"') and nextval('Order_id_seq') name the same
	// sequence here: the server quotes mixed case, the replay does not.
	return nextvalQuotes.ReplaceAllStringFunc(out, func(s string) string { return strings.ReplaceAll(s, `"`, "") })
}

// splitLiterals splits s into alternating code and single-quoted literal
// parts (the literals with their quotes), so code can be folded without
// touching the contents of strings.
func splitLiterals(s string) []string {
	var parts []string
	start, in := 0, false
	for i := 0; i < len(s); i++ {
		if s[i] != '\'' {
			continue
		}
		if in && i+1 < len(s) && s[i+1] == '\'' { // '' inside a literal
			i++
			continue
		}
		if in {
			parts = append(parts, s[start:i+1])
			start = i + 1
		} else {
			parts = append(parts, s[start:i])
			start = i
		}
		in = !in
	}
	if in { // an unterminated literal is treated as code
		parts[len(parts)-1] += s[start:]
		return parts
	}
	return append(parts, s[start:])
}
