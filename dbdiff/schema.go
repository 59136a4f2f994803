package dbdiff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/rules"
)

// step is one statement of the added migrations and what it changed in the
// schema (its catalog before against its catalog after).
type step struct {
	file    *migration.File
	stmt    *migration.Statement
	changes []catalog.Change
}

// renames says whether the statement renames or moves an object, so the
// object it removes and the one it adds are one object under a new name.
func (s *step) renames() bool {
	return s.stmt.Node.GetRenameStmt() != nil || s.stmt.Node.GetAlterObjectSchemaStmt() != nil
}

// stepsOf takes the statements of the added migrations, with what each
// changed, from the trace of the one replay the lint of the change made.
func stepsOf(trace *catalog.Tracer) []*step {
	var steps []*step
	for _, s := range trace.Steps() {
		steps = append(steps, &step{file: s.File, stmt: s.Stmt, changes: s.Changes})
	}
	return steps
}

// schemaFindings reports what the added migrations remove, rename or change
// in the base schema that running code may use: one finding per object (or
// per statement, when one statement takes dependent objects with it), at the
// statement that does it, unless a compatibility lint rule already reported
// that object at that statement.
func schemaFindings(base, head *catalog.Catalog, trace *catalog.Tracer, ups []*migration.File, linted []finding.Finding) []finding.Finding {
	if len(ups) == 0 {
		return nil
	}
	steps := stepsOf(trace)
	renames := renameChains(steps)
	byStep := map[*step][]item{}
	var order []*step
	var unplaced []item
	add := func(it item) {
		s := cause(steps, it.change, it.names)
		if s == nil {
			unplaced = append(unplaced, it)
			return
		}
		if byStep[s] == nil {
			order = append(order, s)
		}
		byStep[s] = append(byStep[s], it)
	}
	net := catalog.Diff(base, head)
	removedColumns, removedRelations := map[string]bool{}, map[string]bool{}
	for _, c := range net {
		if c.Kind == catalog.Removed && c.Object == "column" && renames["column "+c.Name] == nil {
			removedColumns[c.Name] = true
		}
		if c.Kind == catalog.Removed && c.Name == c.Table.String() && renames[c.Object+" "+c.Name] == nil { // a relation
			removedRelations[c.Name] = true
		}
	}
	// rename reports a renamed object: one finding for the rename, and
	// what else the change does to the object under its new name.
	var rename func(c catalog.Change, ch *chain)
	rename = func(c catalog.Change, ch *chain) {
		final := ch.names[len(ch.names)-1]
		dropped := !exists(head, c.Object, final)
		if !dropped && (c.Object == "index" || c.Object == "sequence") {
			// No running code names an index, and a default holds its
			// sequence by OID: the rename changes nothing it does.
			return
		}
		byStep[ch.step] = append(byStep[ch.step], item{change: c, renamedTo: final, dropped: dropped, names: ch.names[1:]})
		if len(byStep[ch.step]) == 1 {
			order = append(order, ch.step)
		}
		for _, it := range renamedChanges(c, ch, renames, base, head) {
			add(it)
		}
		// A renamed relation's columns renamed too: the net diff sees
		// only the relation.
		if t := base.Table(splitName(c.Name)); c.Object != "column" && t != nil {
			for _, col := range t.Columns {
				name := c.Name + "." + col.Name
				if cc := renames["column "+name]; cc != nil {
					rename(catalog.Change{Kind: catalog.Removed, Object: "column", Name: name, Detail: col.Type.String()}, cc)
				}
			}
		}
	}
	for _, c := range net {
		if !matters(c, base, head) || goesWithColumn(c, base, removedColumns) || goesWithRelation(c, base, removedRelations) || onlyColumnsRenamed(c, base, head, renames) {
			continue
		}
		if ch := renames[c.Object+" "+c.Name]; c.Kind == catalog.Removed && ch != nil {
			rename(c, ch)
		} else {
			add(item{change: c})
		}
	}
	var out []finding.Finding
	for _, s := range order {
		for _, f := range stepFindings(s, byStep[s], base, head) {
			if !slices.ContainsFunc(f.names, func(n string) bool { return reportedByLint(linted, s.stmt, n) }) {
				out = append(out, f.Finding)
			}
		}
	}
	for _, it := range unplaced {
		out = append(out, itemFinding(it, base, head, finding.Location{File: ups[0].Path}))
	}
	return out
}

// goesWithColumn says whether c is a key or index removed because one of
// its columns is removed: the column's removal is the break to report,
// even when the change drops the key first.
func goesWithColumn(c catalog.Change, base *catalog.Catalog, removed map[string]bool) bool {
	if c.Kind != catalog.Removed || len(removed) == 0 {
		return false
	}
	var table string
	var cols []string
	switch c.Object {
	case "index":
		ix := base.Index(splitName(c.Name))
		if ix == nil {
			return false
		}
		table, cols = ix.Table.String(), ix.Columns
	case "constraint":
		i := strings.LastIndexByte(c.Name, '.')
		if i < 0 {
			return false
		}
		k := constraintOf(base, c.Name[:i], c.Name[i+1:])
		if k == nil {
			return false
		}
		table, cols = c.Name[:i], k.Columns
	default:
		return false
	}
	return slices.ContainsFunc(cols, func(col string) bool { return removed[table+"."+col] })
}

// goesWithRelation says whether c is an index or constraint of a table,
// view or materialized view the change removes: the relation's removal is
// the break to report, even when the change drops the index first (convoy
// drops the unique index of each materialized view, then the view, where
// the index alone was reported as breaking INSERT … ON CONFLICT, which no
// one runs on a materialized view).
func goesWithRelation(c catalog.Change, base *catalog.Catalog, removed map[string]bool) bool {
	if c.Kind != catalog.Removed || len(removed) == 0 {
		return false
	}
	switch c.Object {
	case "index":
		ix := base.Index(splitName(c.Name))
		return ix != nil && removed[ix.Table.String()]
	case "constraint":
		i := strings.LastIndexByte(c.Name, '.')
		return i > 0 && removed[c.Name[:i]]
	}
	return false
}

// onlyColumnsRenamed says whether c, a changed constraint, names the same
// columns once the change's column renames are followed: the key or
// foreign key is the one running code knew, and the rename is reported on
// its own (openmeter drops a foreign key, renames its column and adds it
// back over the new name).
func onlyColumnsRenamed(c catalog.Change, base, head *catalog.Catalog, renames map[string]*chain) bool {
	if c.Kind != catalog.Changed || c.Object != "constraint" {
		return false
	}
	i := strings.LastIndexByte(c.Name, '.')
	if i < 0 {
		return false
	}
	table, name := c.Name[:i], c.Name[i+1:]
	ok, nk := constraintOf(base, table, name), constraintOf(head, table, name)
	if ok == nil || nk == nil || ok.Kind != nk.Kind || ok.NotValid != nk.NotValid {
		return false
	}
	cols := make([]string, len(ok.Columns))
	for j, col := range ok.Columns {
		cols[j] = col
		if ch := renames["column "+table+"."+col]; ch != nil {
			final := ch.names[len(ch.names)-1]
			cols[j] = final[strings.LastIndexByte(final, '.')+1:]
		}
	}
	return slices.Equal(cols, nk.Columns)
}

// constraintOf finds constraint name of table (schema.table) in c.
func constraintOf(c *catalog.Catalog, table, name string) *catalog.Constraint {
	if t := c.Table(splitName(table)); t != nil {
		return t.Constraint(name)
	}
	return nil
}

// item is one thing to report: a change of the base schema, under the
// names it had during the change (for renamed objects).
type item struct {
	change    catalog.Change
	names     []string // other names of the object, for finding its statement
	renamedTo string   // for a rename: the final name
	dropped   bool     // renamed, then removed by a later statement
	parts     []string // for changes found through a rename: what changed
}

// cause finds the statement that made change c: the first one that did
// the same to the object (removed it, for a removal) under any of its
// names, else the first that removed or changed it, or else the object it
// belongs to (a column's table dropped and recreated without it). A column
// changed and later dropped is dropped by the DROP, not by the change.
func cause(steps []*step, c catalog.Change, names []string) *step {
	names = append([]string{c.Name}, names...)
	for _, kind := range []catalog.ChangeKind{c.Kind, ""} {
		for _, s := range steps {
			for _, sc := range s.changes {
				if sc.Object == c.Object && sc.Kind != catalog.Added && (kind == "" || sc.Kind == kind) && slices.Contains(names, sc.Name) {
					return s
				}
			}
		}
	}
	for _, s := range steps {
		for _, sc := range s.changes {
			for _, n := range names {
				if strings.HasPrefix(n, sc.Name+".") {
					return s
				}
			}
		}
	}
	return nil
}

// stepFinding is a finding of one statement with every name its object
// had during the change: a lint rule at the statement keys its finding
// about the object by the name it had there.
type stepFinding struct {
	finding.Finding
	names []string
}

// stepFindings turns what one statement did into findings. Indexes,
// constraints and sequences that go with a dropped or renamed relation or
// column are details of that finding, not findings of their own.
func stepFindings(s *step, items []item, base, head *catalog.Catalog) []stepFinding {
	loc := s.stmt.Pos
	var out []stepFinding
	var dependents []item
	primary := slices.ContainsFunc(items, func(it item) bool { return isPrimary(it.change) })
	renaming := slices.ContainsFunc(items, func(it item) bool { return it.renamedTo != "" })
	for _, it := range items {
		if isDependent(it.change) && primary || renaming && it.renamedTo == "" && it.change.Kind == catalog.Changed || backsConstraint(it.change, items) {
			dependents = append(dependents, it)
			continue
		}
		if it.change.Kind == catalog.Changed && it.change.Object == "column" {
			if it.parts == nil {
				it.parts = changedParts(it.change, base, head)
			}
			if it.parts = typeJudgedByLint(s, it.change.Name, it.parts); len(it.parts) == 0 {
				continue
			}
		}
		out = append(out, stepFinding{itemFinding(it, base, head, loc), append([]string{it.change.Name}, it.names...)})
	}
	if len(dependents) > 0 && len(out) > 0 {
		for _, d := range dependents {
			c := d.change
			if c.Kind != catalog.Changed {
				out[0].Details = append(out[0].Details, "with it: "+describe(c, base)+" is removed")
				continue
			}
			what := d.parts
			if what == nil {
				what = changedParts(c, base, head)
			}
			out[0].Details = append(out[0].Details, fmt.Sprintf("with it: %s %s changes: %s", c.Object, c.Name, strings.Join(what, "; ")))
		}
	}
	return out
}

// typeJudgedByLint drops the type part of a column's changes when the
// statement is the ALTER COLUMN … TYPE that made it: the linter judges that
// statement (narrowing or a change of kind is SC-DB208), and a widening it
// lets pass (varchar(16) to varchar(64), integer to bigint) breaks no
// running code.
func typeJudgedByLint(s *step, column string, parts []string) []string {
	at := s.stmt.Node.GetAlterTableStmt()
	if at == nil {
		return parts
	}
	name := column[strings.LastIndexByte(column, '.')+1:]
	for _, cmd := range at.Cmds {
		c := cmd.GetAlterTableCmd()
		if c != nil && c.Subtype == pgast.AlterTableType_AT_AlterColumnType && c.Name == name {
			return slices.DeleteFunc(parts, func(p string) bool { return strings.HasPrefix(p, "type ") })
		}
	}
	return parts
}

// itemFinding reports one removed, renamed or changed object.
func itemFinding(it item, base, head *catalog.Catalog, loc finding.Location) finding.Finding {
	c := it.change
	var f finding.Finding
	switch {
	case it.renamedTo != "" && c.Object == "constraint" && !it.dropped:
		// Queries name columns; only ON CONFLICT ON CONSTRAINT names a
		// constraint, and the constraint still holds under its new name.
		f = ruleObjectRenamed.New(loc, "constraint %s is renamed to %s: code deployed before this change that names it in ON CONFLICT ON CONSTRAINT fails",
			c.Name, it.renamedTo)
		f.Severity = finding.SeverityWarning
	case it.renamedTo != "":
		f = ruleObjectRenamed.New(loc, "%s %s is renamed to %s: code deployed before this change, which still uses the old name during a rolling deploy and after a rollback, fails",
			c.Object, c.Name, it.renamedTo)
		if it.dropped {
			f.Details = append(f.Details, fmt.Sprintf("a later statement of the change removes %s", it.renamedTo))
		}
	case c.Kind == catalog.Removed:
		if key := keyColumns(c, base); len(key) > 0 {
			// No query names a key or a unique index; what code relies on
			// is that it exists.
			f = ruleObjectRemoved.New(loc, "%s is removed: an INSERT … ON CONFLICT (%s) of code deployed before this change, which still runs during a rolling deploy and after a rollback, fails, and rows it kept unique can now repeat",
				describe(c, base), strings.Join(key, ", "))
			break
		}
		f = ruleObjectRemoved.New(loc, "%s is removed: code deployed before this change, which still uses it during a rolling deploy and after a rollback, fails", describe(c, base))
	default:
		parts := it.parts
		if parts == nil {
			parts = changedParts(c, base, head)
		}
		f = ruleObjectChanged.New(loc, "%s %s changes: %s", c.Object, c.Name, strings.Join(parts, "; "))
	}
	f.Key = c.Name // the object's qualified name: what lint rules key theirs by
	return f
}

// describe names a removed object with what identifies it to a reader.
func describe(c catalog.Change, base *catalog.Catalog) string {
	switch c.Object {
	case "column":
		return fmt.Sprintf("column %s (%s)", c.Name, c.Detail)
	case "constraint":
		return fmt.Sprintf("%s constraint %s", c.Detail, c.Name)
	case "index":
		if ix := base.Index(splitName(c.Name)); ix != nil && ix.Unique {
			return fmt.Sprintf("unique index %s %s", c.Name, c.Detail)
		}
		return fmt.Sprintf("index %s %s", c.Name, c.Detail)
	}
	return c.Object + " " + c.Name
}

// keyColumns returns the columns of a unique index, or of a primary key or
// unique constraint, that c removes from base; nil for anything else.
func keyColumns(c catalog.Change, base *catalog.Catalog) []string {
	switch c.Object {
	case "index":
		if ix := base.Index(splitName(c.Name)); ix != nil && ix.Unique {
			return ix.Columns
		}
	case "constraint":
		i := strings.LastIndexByte(c.Name, '.')
		if i < 0 {
			return nil
		}
		if k := constraintOf(base, c.Name[:i], c.Name[i+1:]); k != nil && (k.Kind == catalog.Unique || k.Kind == catalog.PrimaryKey) {
			return k.Columns
		}
	}
	return nil
}

// isPrimary: a change whose statement takes dependent objects with it.
func isPrimary(c catalog.Change) bool {
	if c.Kind != catalog.Removed {
		return false
	}
	switch c.Object {
	case "index", "constraint", "sequence", "enum", "domain":
		return false
	}
	return true // a relation or a column
}

// backsConstraint says whether c is the removal of the index behind a
// primary key or unique constraint that the same statement removes.
func backsConstraint(c catalog.Change, items []item) bool {
	if c.Kind != catalog.Removed || c.Object != "index" {
		return false
	}
	ix := splitName(c.Name)
	return slices.ContainsFunc(items, func(it item) bool {
		k := it.change
		return k.Kind == catalog.Removed && k.Object == "constraint" &&
			strings.HasPrefix(k.Name, ix.Schema+".") && strings.HasSuffix(k.Name, "."+ix.Name)
	})
}

func isDependent(c catalog.Change) bool {
	switch c.Object {
	case "index", "constraint", "sequence":
		return true
	}
	return false
}

// matters says whether running code can notice change c: removals of what
// it reads and writes, and changes that reject its writes or change what
// its reads return. Added objects, dropped CHECK and FOREIGN KEY
// constraints and ordinary indexes change nothing it relies on.
func matters(c catalog.Change, base, head *catalog.Catalog) bool {
	switch c.Kind {
	case catalog.Added:
		return false
	case catalog.Removed:
		switch c.Object {
		case "index":
			ix := base.Index(splitName(c.Name))
			return ix != nil && ix.Unique
		case "constraint":
			// Dropping a CHECK or FOREIGN KEY only lets more writes through.
			return c.Detail != string(catalog.Check) && c.Detail != string(catalog.NotNull) && c.Detail != string(catalog.ForeignKey)
		}
		return true
	}
	switch c.Object {
	case "index":
		ix := base.Index(splitName(c.Name))
		return ix != nil && ix.Unique
	case "constraint":
		return !strings.HasPrefix(c.Detail, string(catalog.Check)+" ")
	case "enum":
		oe, ne := base.Enum(splitName(c.Name)), head.Enum(splitName(c.Name))
		if oe == nil || ne == nil {
			return true
		}
		for _, l := range oe.Labels {
			if !slices.Contains(ne.Labels, l) {
				return true
			}
		}
		return false // labels only added: the linter's enum rules speak for that
	case "column":
		return len(changedParts(c, base, head)) > 0
	}
	return true
}

// changedParts says, for a changed object, what running code notices.
func changedParts(c catalog.Change, base, head *catalog.Catalog) []string {
	if c.Object != "column" {
		if c.Object == "enum" {
			oe, ne := base.Enum(splitName(c.Name)), head.Enum(splitName(c.Name))
			if oe != nil && ne != nil {
				var gone []string
				for _, l := range oe.Labels {
					if !slices.Contains(ne.Labels, l) {
						gone = append(gone, fmt.Sprintf("%q", l))
					}
				}
				return []string{"labels " + strings.Join(gone, ", ") + " are gone: code that writes them fails"}
			}
		}
		return []string{c.Detail}
	}
	oc, nc := columnOf(base, c.Name), columnOf(head, c.Name)
	if oc == nil || nc == nil {
		return []string{c.Detail}
	}
	return columnParts(oc, nc)
}

// columnParts says what running code notices of a column's change.
func columnParts(oc, nc *catalog.Column) []string {
	var out []string
	if o, n := oc.Type.String(), nc.Type.String(); o != n {
		out = append(out, fmt.Sprintf("type %s → %s: code decoding or writing the old type may fail", o, n))
	}
	switch {
	case !oc.NotNull && nc.NotNull && (nc.Default != nil || nc.Identity != "" || nc.Generated != ""):
		out = append(out, "becomes NOT NULL: writes of NULL fail (INSERTs that omit it still get its default)")
	case !oc.NotNull && nc.NotNull:
		out = append(out, "becomes NOT NULL: INSERTs that omit it or write NULL fail")
	case oc.NotNull && !nc.NotNull:
		out = append(out, "may now be NULL: readers that assume a value fail")
	}
	if oc.Default != nil && nc.Default == nil && nc.Identity == "" {
		out = append(out, fmt.Sprintf("loses its default %s: INSERTs that omit it get NULL or fail", oc.Default.Expr))
	}
	switch {
	case oc.Identity != "" && nc.Identity == "" && nc.Default == nil:
		out = append(out, "is no longer an identity column: INSERTs that omit it get NULL or fail")
	case oc.Identity == "by default" && nc.Identity == "always":
		out = append(out, "becomes GENERATED ALWAYS AS IDENTITY: INSERTs that give a value fail")
	}
	switch {
	case oc.Generated == "" && nc.Generated != "":
		out = append(out, "becomes a generated column: writes to it fail")
	case oc.Generated != "" && nc.Generated == "":
		out = append(out, "is no longer generated: nothing fills it any more")
	}
	return out
}

// splitName parses a relation-level name as Change prints it (schema.name).
func splitName(s string) catalog.Name {
	schema, name, ok := strings.Cut(s, ".")
	if !ok {
		return catalog.Name{Name: s}
	}
	return catalog.Name{Schema: schema, Name: name}
}

// columnOf finds the column a Change names (schema.table.column); the
// table name may itself hold dots, so every split is tried.
func columnOf(c *catalog.Catalog, s string) *catalog.Column {
	schema, rest, ok := strings.Cut(s, ".")
	if !ok {
		return nil
	}
	for i := strings.LastIndexByte(rest, '.'); i > 0; i = strings.LastIndexByte(rest[:i], '.') {
		if t := c.Table(catalog.Name{Schema: schema, Name: rest[:i]}); t != nil {
			return t.Column(rest[i+1:])
		}
	}
	return nil
}

// reportedByLint says whether a compatibility lint rule already reported
// the object name ("public.users.email") at the statement, so the
// same break is not reported twice.
func reportedByLint(linted []finding.Finding, st *migration.Statement, name string) bool {
	for _, f := range linted {
		if f.Location != st.Pos {
			continue
		}
		r, ok := rules.Lookup(f.RuleID)
		if !ok || r.Category != finding.CategoryCompatibility {
			continue
		}
		if covers(f.Key, name) {
			return true
		}
	}
	return false
}

// covers says whether a lint finding's key ("public.users.email", "mood
// sad", "public" for a schema) is about the object name or what holds it.
func covers(key, name string) bool {
	k, _, _ := strings.Cut(key, " ")
	if k == "" {
		return false
	}
	if k == name || strings.HasPrefix(name, k+".") {
		return true
	}
	_, unqualified, ok := strings.Cut(name, ".")
	return ok && k == unqualified
}
