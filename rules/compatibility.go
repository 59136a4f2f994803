package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/locks"
	"github.com/schemacheck/schemacheck/migration"
)

var compatibilityRules = []*Rule{
	dropTable, dropColumn, renameTable, renameColumn, addNotNullColumnWithoutDefault, dropDefault, dropNotNull,
	incompatibleTypeChange, enumValueRenamed, enumAddValueWithoutPosition, dropSchema,
	truncateTable, dropDatabase, newConstraintMayRejectWrites, dropType,
}

// stillUsed says who breaks: the code deployed before the migration.
func stillUsed(what string) string {
	return "code deployed before this migration, which still uses " + what + " during a rolling deploy and after a rollback"
}

var dropTable = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB201",
		Name:      "drop-table",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "DROP TABLE (or VIEW, MATERIALIZED VIEW) of a relation created by an earlier migration.",
		Rationale: "During a rolling deploy, and after a rollback of the application, the previous version of the code still reads and writes the table: its queries fail with \"relation does not exist\".",
		Bad:       "DROP TABLE legacy_sessions;",
		Good:      "-- release 1 stopped using legacy_sessions; every instance runs it now:\n-- schemacheck:ignore drop-table no deployed code uses it since release 1\nDROP TABLE legacy_sessions;",
		Fix:       "Expand/contract: first deploy code that no longer uses the table, then drop it in a later release.",
	}),
	State:    func() any { return renamedHere{} },
	RunState: func() any { return replacedCopies{} },
	Check: func(p *Pass) {
		renamed, copies := p.State().(renamedHere), p.RunState().(replacedCopies)
		renamed.record(p)
		copies.record(p)
		s := p.Stmt.Node.GetDropStmt()
		if s == nil || (s.RemoveType != pgast.ObjectType_OBJECT_TABLE && s.RemoveType != pgast.ObjectType_OBJECT_VIEW && s.RemoveType != pgast.ObjectType_OBJECT_MATVIEW) {
			return
		}
		for _, obj := range s.Objects {
			t := relationNamed(p, obj)
			if p.IsNew(t) || renamed[t] || copies[t] || (s.MissingOk && p.Catalog.Table(t) == nil) {
				continue
			}
			cascade := ""
			if s.Behavior == pgast.DropBehavior_DROP_CASCADE {
				cascade = " with CASCADE, which also drops the views and foreign keys that depend on it,"
			}
			kind := map[pgast.ObjectType]string{pgast.ObjectType_OBJECT_TABLE: "table",
				pgast.ObjectType_OBJECT_VIEW: "view", pgast.ObjectType_OBJECT_MATVIEW: "materialized view"}[s.RemoveType]
			if again, ok := namedAgainBelow(p, t, pgast.ObjectType_OBJECT_TABLE); ok && s.RemoveType == pgast.ObjectType_OBJECT_TABLE {
				p.Report(t.String(), "dropping table %s%s and %s loses every row it holds, and code deployed before this migration meets the new definition during a rolling deploy and after a rollback",
					t, cascade, again.how(t))
				continue
			}
			p.Report(t.String(), "dropping %s %s%s breaks %s", kind, t, cascade, stillUsed("the "+kind))
		}
	},
}

// namedAgain is a later statement of the file that gives a dropped or
// renamed-away table's or type's name to another: it creates one of that
// name, or renames another to it (a table or enum replaced in place).
type namedAgain struct {
	*migration.Statement
	from string // the name the other had before; "" when created
}

// how says what the statement does with name, for a message.
func (a namedAgain) how(name catalog.Name) string {
	if a.from == "" {
		return fmt.Sprintf("creating %s again at line %d", name, a.Pos.Line)
	}
	return fmt.Sprintf("renaming %s to %s at line %d", a.from, name.Name, a.Pos.Line)
}

// namedAgainBelow returns the first statement after p's in the file that
// gives name n to another table (kind OBJECT_TABLE) or type (OBJECT_TYPE),
// or ok false.
func namedAgainBelow(p *Pass, n catalog.Name, kind pgast.ObjectType) (again namedAgain, ok bool) {
	for st := range p.following(false, false) {
		node := st.Node
		switch {
		case kind == pgast.ObjectType_OBJECT_TABLE && node.GetCreateStmt() != nil:
			if p.Resolve(node.GetCreateStmt().Relation) == n {
				return namedAgain{st, ""}, true
			}
		case kind == pgast.ObjectType_OBJECT_TYPE && node.GetCreateEnumStmt() != nil:
			if names := stringList(node.GetCreateEnumStmt().TypeName); len(names) > 0 && p.Resolve(&pgast.RangeVar{Relname: names[len(names)-1]}) == n {
				return namedAgain{st, ""}, true
			}
		case node.GetRenameStmt() != nil && node.GetRenameStmt().RenameType == kind:
			r := node.GetRenameStmt()
			var old catalog.Name
			if kind == pgast.ObjectType_OBJECT_TABLE && r.Relation != nil {
				old = p.Resolve(r.Relation)
			} else if names := stringList(r.Object.GetList().GetItems()); len(names) > 0 {
				old = p.Resolve(&pgast.RangeVar{Relname: names[len(names)-1]})
			}
			if old.Name != "" && old.Schema == n.Schema && r.Newname == n.Name {
				return namedAgain{st, old.Name}, true
			}
		}
	}
	return namedAgain{}, false
}

var dropColumn = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB202",
		Name:      "drop-column",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "DROP COLUMN of an existing column.",
		Rationale: "Code deployed before the migration still selects or inserts the column; with explicit column lists its queries fail, and ORMs that list every mapped column fail on every query of the table.",
		Bad:       "ALTER TABLE users DROP COLUMN nickname;",
		Good:      "-- release 1 removed nickname from code and ORM mappings; every instance runs it now:\n-- schemacheck:ignore drop-column no deployed code uses it since release 1\nALTER TABLE users DROP COLUMN nickname;",
		Fix:       "Expand/contract: deploy code that no longer reads or writes the column first; drop it in a later release.",
	}),
	State: func() any { return renamedHere{} },
	Check: func(p *Pass) {
		renamed := p.State().(renamedHere)
		renamed.record(p)
		t, cmds := p.AlterExisting(pgast.AlterTableType_AT_DropColumn)
		for _, cmd := range cmds {
			if p.columnIsNew(t, cmd.Name) || renamed[catalog.Name{Schema: t.Schema, Name: t.Name + "." + cmd.Name}] ||
				cmd.MissingOk && p.Catalog.ColumnRemoved(t, cmd.Name) { // dropped before: IF EXISTS drops nothing
				continue
			}
			if line, from, ok := columnAddedAgain(p, t, cmd.Name); ok {
				const meets = "code deployed before this migration meets the new definition during a rolling deploy and after a rollback"
				if from != "" {
					// A swap: the renamed column may have been filled from
					// this one first, so its values are not said to be lost.
					p.Report(t.String()+"."+cmd.Name, "dropping column %s.%s and renaming %s to it at line %d replaces it: "+meets, t, cmd.Name, from, line)
				} else {
					p.Report(t.String()+"."+cmd.Name, "dropping column %s.%s and adding it again at line %d loses every value it holds, and "+meets, t, cmd.Name, line)
				}
				continue
			}
			p.Report(t.String()+"."+cmd.Name, "dropping column %s.%s breaks %s", t, cmd.Name, stillUsed("the column"))
		}
	},
}

// columnAddedAgain returns the line of the first statement, this one or a
// later one of the file, that gives table t a column named col again (ADD
// COLUMN, or RENAME COLUMN from … TO col, when from names the column
// renamed): the column is replaced, not gone (kestra drops logs.fulltext
// and adds it back as a generated column; Prisma writes DROP COLUMN c, ADD
// COLUMN c in one statement; a type change by swap copies c into c_new,
// drops c and renames c_new to c).
func columnAddedAgain(p *Pass, t catalog.Name, col string) (line int, from string, ok bool) {
	for st := range p.following(true, false) {
		if r := st.Node.GetRenameStmt(); r != nil && st.Offset > p.Stmt.Offset && r.RenameType == pgast.ObjectType_OBJECT_COLUMN &&
			r.Relation != nil && p.Resolve(r.Relation) == t && r.Newname == col {
			return st.Pos.Line, r.Subname, true
		}
		for _, cmd := range p.altersOn(st, t) {
			if cmd.Subtype == pgast.AlterTableType_AT_AddColumn && cmd.Def.GetColumnDef().GetColname() == col {
				return st.Pos.Line, "", true
			}
		}
	}
	return 0, "", false
}

// renamedHere holds the names that renames earlier in the file gave to
// existing tables, views and types (or, as "table.column", columns).
// Dropping one is not reported: no deployed code knows the name, and the
// rename already reported that code using the old one breaks (a table
// replaced by renaming it away, creating it anew and dropping the old
// copy). Tables and types cannot share a name: both are in pg_type.
type renamedHere map[catalog.Name]bool

// replacedCopies holds the names of tables renamed away while a new table
// took their old name in the same file (authelia's V0002 keeps
// _bkp_UP_V0002_totp_configurations so): code deployed since uses the new
// table, and none ever used the copy's name, so a later migration may drop
// it. Unlike renamedHere it lasts the whole run.
type replacedCopies map[catalog.Name]bool

// record remembers the new name when p's statement renames an existing
// table and the same file gives the old name to another table below.
func (copies replacedCopies) record(p *Pass) {
	r := p.Stmt.Node.GetRenameStmt()
	if r == nil || r.RenameType != pgast.ObjectType_OBJECT_TABLE || r.Relation == nil {
		return
	}
	if t := p.Resolve(r.Relation); !p.IsNew(t) {
		if _, ok := namedAgainBelow(p, t, pgast.ObjectType_OBJECT_TABLE); ok {
			copies[catalog.Name{Schema: t.Schema, Name: r.Newname}] = true
		}
	}
}

// record remembers the new name when p's statement renames an existing
// relation, column or type.
func (renamed renamedHere) record(p *Pass) {
	r := p.Stmt.Node.GetRenameStmt()
	if r == nil {
		return
	}
	var t catalog.Name
	if r.Relation != nil {
		t = p.Resolve(r.Relation)
	}
	switch r.RenameType {
	case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW:
		if r.Relation != nil && !p.IsNew(t) {
			renamed[catalog.Name{Schema: t.Schema, Name: r.Newname}] = true
		}
	case pgast.ObjectType_OBJECT_COLUMN:
		if r.Relation != nil && !p.IsNew(t) && !p.columnIsNew(t, r.Subname) {
			renamed[catalog.Name{Schema: t.Schema, Name: t.Name + "." + r.Newname}] = true
		}
	case pgast.ObjectType_OBJECT_TYPE:
		if parts := stringList(r.Object.GetList().GetItems()); len(parts) > 0 {
			if old := p.Resolve(&pgast.RangeVar{Relname: parts[len(parts)-1]}); !p.IsNew(old) {
				renamed[catalog.Name{Schema: old.Schema, Name: r.Newname}] = true
			}
		}
	}
}

// columnIsNew reports whether column col of t was added in this change;
// the driver records additions as relation names "table.column".
func (p *Pass) columnIsNew(t catalog.Name, col string) bool {
	return p.IsNew(columnKey(t, col))
}

var renameTable = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB203",
		Name:      "rename-table",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "RENAME of an existing table or view.",
		Rationale: "The previous version of the code still uses the old name while the deploy rolls out (and after a rollback): its queries fail.",
		Bad:       "ALTER TABLE customers RENAME TO clients;",
		Good:      "CREATE VIEW clients AS SELECT * FROM customers; -- expand; move code over; later rename and drop the view",
		Fix:       "Create the new name alongside the old (a view, or a new table kept in sync), move the code over, then remove the old name in a later release.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetRenameStmt()
		if s == nil || (s.RenameType != pgast.ObjectType_OBJECT_TABLE && s.RenameType != pgast.ObjectType_OBJECT_VIEW) {
			return
		}
		t := p.Resolve(s.Relation)
		if p.IsNew(t) {
			return
		}
		if again, ok := namedAgainBelow(p, t, pgast.ObjectType_OBJECT_TABLE); ok {
			p.Report(t.String(), "renaming %s to %s and %s: code deployed before this migration meets the new definition, "+
				"and the rows stay in %s unless the migration copies them", t, s.Newname, again.how(t), s.Newname)
			return
		}
		p.Report(t.String(), "renaming %s to %s breaks %s", t, s.Newname, stillUsed("the old name"))
	},
}

var renameColumn = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB204",
		Name:      "rename-column",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "RENAME COLUMN of an existing column.",
		Rationale: "The previous version of the code still reads and writes the old column name during a rolling deploy and after a rollback: its queries fail.",
		Bad:       "ALTER TABLE customers RENAME COLUMN name TO full_name;",
		Good:      "ALTER TABLE customers ADD COLUMN full_name text;\n-- write both, backfill, move readers, then drop name in a later release",
		Fix:       "Add the new column, write to both, backfill, move readers over, and drop the old column in a later release.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetRenameStmt()
		if s == nil || s.RenameType != pgast.ObjectType_OBJECT_COLUMN {
			return
		}
		t := p.Resolve(s.Relation)
		if p.IsNew(t) || p.columnIsNew(t, s.Subname) {
			return
		}
		p.Report(t.String()+"."+s.Subname, "renaming column %s.%s to %s breaks %s", t, s.Subname, s.Newname, stillUsed("the old name"))
	},
}

var addNotNullColumnWithoutDefault = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB205",
		Name:      "add-not-null-column-without-default",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "ADD COLUMN … NOT NULL without a default on an existing table, or a column the migration adds made NOT NULL without one.",
		Rationale: "On a table with rows the statement fails outright (existing rows would be NULL). On an empty table it succeeds, but every INSERT from code deployed before the migration, which does not know the column, then fails. Adding the column nullable, backfilling it and setting NOT NULL in the same migration avoids the first failure, not the second.",
		Bad:       "ALTER TABLE orders ADD COLUMN placed_by text NOT NULL;",
		Good:      "ALTER TABLE orders ADD COLUMN placed_by text NOT NULL DEFAULT 'unknown';",
		Fix:       "Give the column a default, or add it nullable, backfill, and set NOT NULL once all writers fill it.",
	}),
	State: func() any { return droppedColumns{} },
	Check: func(p *Pass) {
		dropped := p.State().(droppedColumns)
		defer dropped.record(p)
		t, cmds := p.AlterExisting(pgast.AlterTableType_AT_AddColumn)
		for _, cmd := range cmds {
			def := cmd.Def.GetColumnDef()
			if def == nil {
				continue
			}
			notNull, hasDefault := def.IsNotNull, def.RawDefault != nil
			for _, c := range def.Constraints {
				switch c.GetConstraint().GetContype() {
				case pgast.ConstrType_CONSTR_NOTNULL, pgast.ConstrType_CONSTR_PRIMARY:
					notNull = true
				case pgast.ConstrType_CONSTR_DEFAULT, pgast.ConstrType_CONSTR_IDENTITY, pgast.ConstrType_CONSTR_GENERATED:
					hasDefault = true
				}
			}
			if notNull && !hasDefault && !catalog.IsSerial(def.TypeName) {
				p.ReportFix(t.String()+"."+def.Colname, addNullableThenNotNull(t, def),
					"adding NOT NULL column %s to %s without a default fails if the table has rows, and INSERTs from code that does not know the column fail after it", def.Colname, t)
			}
		}
		// The same column added nullable, backfilled and made NOT NULL by
		// the same change (memos adds memo.resource_name so, trigger.dev
		// RuntimeEnvironment.title): the backfill keeps the statement from
		// failing, but code deployed before the change still omits the
		// column from its INSERTs, which then fail.
		_, sets := p.AlterExisting(pgast.AlterTableType_AT_SetNotNull)
		for _, cmd := range sets {
			if (p.columnIsNew(t, cmd.Name) || addedWithoutValue(cmds, cmd.Name)) && !valueGiven(p, t, cmd.Name) && !takesOverWrittenColumn(p, t, cmd.Name, dropped) {
				p.Report(t.String()+"."+cmd.Name, "column %s, which this migration adds to %s without a default, is made NOT NULL: INSERTs from code that does not know the column fail after it",
					cmd.Name, t)
			}
		}
	},
}

// droppedColumns holds the columns of existing tables that the file's
// statements so far dropped, as they were, by columnKey.
type droppedColumns map[catalog.Name]*catalog.Column

// record notes the columns p's statement drops from an existing table.
func (d droppedColumns) record(p *Pass) {
	t, cmds := p.AlterExisting(pgast.AlterTableType_AT_DropColumn)
	for _, cmd := range cmds {
		if col := columnOf(p, t, cmd.Name); col != nil && !p.columnIsNew(t, cmd.Name) {
			d[columnKey(t, cmd.Name)] = col
		}
	}
}

// takesOverWrittenColumn reports whether new column col of t ends the
// file under the name of a column the file drops that code deployed
// before it always wrote (NOT NULL without a default, identity or
// generated value): that code's INSERTs name the column and give it a
// value, so making it NOT NULL rejects none of them. ente swaps
// entity_data.id for a text column so: add id_text, backfill, SET NOT
// NULL, drop id, rename id_text to id.
func takesOverWrittenColumn(p *Pass, t catalog.Name, col string, dropped droppedColumns) bool {
	to := col
	for st := range p.following(false, false) {
		if r := st.Node.GetRenameStmt(); r != nil && r.RenameType == pgast.ObjectType_OBJECT_COLUMN && r.Relation != nil &&
			p.Resolve(r.Relation) == t && r.Subname == to {
			to = r.Newname
		}
	}
	old := dropped[columnKey(t, to)]
	if c := columnOf(p, t, to); to != col && c != nil && !p.columnIsNew(t, to) {
		old = c // dropped later in the file, before the rename
	}
	return old != nil && old.NotNull && old.Default == nil && old.Identity == "" && old.Generated == ""
}

// addedWithoutValue reports whether one of cmds, the ADD COLUMN
// subcommands of a statement, adds column col as a plain column: no
// default, identity or generated value, and not NOT NULL already (that
// one is reported as added NOT NULL).
func addedWithoutValue(cmds []*pgast.AlterTableCmd, col string) bool {
	for _, cmd := range cmds {
		if def := cmd.Def.GetColumnDef(); def != nil && def.Colname == col {
			if def.RawDefault != nil || def.IsNotNull || catalog.IsSerial(def.TypeName) {
				return false
			}
			for _, c := range def.Constraints {
				switch c.GetConstraint().GetContype() {
				case pgast.ConstrType_CONSTR_NOTNULL, pgast.ConstrType_CONSTR_PRIMARY, pgast.ConstrType_CONSTR_DEFAULT,
					pgast.ConstrType_CONSTR_IDENTITY, pgast.ConstrType_CONSTR_GENERATED:
					return false
				}
			}
			return true
		}
	}
	return false
}

// valueGiven reports whether column col of t gets a value when an INSERT
// omits it: it has a default, identity or generated expression before the
// statement, or the statement or a later one of the file gives it one.
func valueGiven(p *Pass, t catalog.Name, col string) bool {
	if c := columnOf(p, t, col); c != nil && (c.Default != nil || c.Identity != "" || c.Generated != "") {
		return true
	}
	for st := range p.following(true, false) {
		for _, cmd := range p.altersOn(st, t) {
			if cmd.Name == col && (cmd.Subtype == pgast.AlterTableType_AT_ColumnDefault && cmd.Def != nil || cmd.Subtype == pgast.AlterTableType_AT_AddIdentity) {
				return true
			}
		}
	}
	return false
}

var dropDefault = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB206",
		Name:      "drop-default",
		Severity:  warningSev,
		Category:  "compatibility",
		Summary:   "DROP DEFAULT on an existing column.",
		Rationale: "Writers that omit the column relied on the default; after the change their INSERTs store NULL, or fail if the column is NOT NULL.",
		Bad:       "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;",
		Good:      "-- release 1 made every writer set status explicitly; every instance runs it now:\n-- schemacheck:ignore drop-default every writer sets status since release 1\nALTER TABLE orders ALTER COLUMN status DROP DEFAULT;",
		Fix:       "Make every writer set the column explicitly before dropping the default.",
	}),
	State: func() any { return defaultsAddedHere{} },
	Check: func(p *Pass) {
		added := p.State().(defaultsAddedHere)
		t, cmds := p.AlterExisting(pgast.AlterTableType_AT_ColumnDefault)
		for _, cmd := range cmds {
			if added.record(p, t, cmd) || cmd.Def != nil || p.columnIsNew(t, cmd.Name) || defaultRestored(p, t, cmd.Name) {
				continue
			}
			consequence := "store NULL"
			if col := columnOf(p, t, cmd.Name); col != nil && col.NotNull && !notNullDropped(p, t, cmd.Name) {
				consequence = "fail, since the column is NOT NULL"
			}
			p.Report(t.String()+"."+cmd.Name, "dropping the default of %s.%s: INSERTs that omit the column will %s", t, cmd.Name, consequence)
		}
	},
}

// defaultsAddedHere holds the columns ("table.column") that had no
// default before this file and to which a statement of it gave one:
// dropping that default again takes nothing from code deployed before the
// file, which never saw it (river sets args' default to '{}', backfills,
// sets NOT NULL and drops the default in one migration).
type defaultsAddedHere map[catalog.Name]bool

// record notes, at the file's first statement that sets or drops the
// default of a column of t, whether the column had none before the file:
// the catalog knows it has none and cmd sets one. It reports whether the
// default cmd drops is one the file added.
func (added defaultsAddedHere) record(p *Pass, t catalog.Name, cmd *pgast.AlterTableCmd) bool {
	k := columnKey(t, cmd.Name)
	if had, seen := added[k]; seen {
		return cmd.Def == nil && had
	}
	added[k] = false
	if table := p.Catalog.Table(t); cmd.Def != nil && table != nil && !table.Uncertain {
		c := table.Column(cmd.Name)
		added[k] = c != nil && c.Default == nil && c.Identity == "" && c.Generated == ""
	}
	return false
}

func columnKey(t catalog.Name, col string) catalog.Name {
	return catalog.Name{Schema: t.Schema, Name: t.Name + "." + col}
}

// notNullDropped reports whether the statement, or a later one of its
// transaction, drops NOT NULL from column col of t: writers that omit the
// column then store NULL (formbricks drops both from Display.status in
// one statement).
func notNullDropped(p *Pass, t catalog.Name, col string) bool {
	for st := range p.following(true, true) {
		for _, cmd := range p.altersOn(st, t) {
			if cmd.Subtype == pgast.AlterTableType_AT_DropNotNull && cmd.Name == col {
				return true
			}
		}
	}
	return false
}

// defaultRestored reports whether a later statement of the statement's
// transaction gives column col of t a value again: a default, or an
// identity. No other session sees the column without one: Prisma drops an
// enum column's default to retype it and sets it again in the same
// transaction; ente replaces its serials' defaults with identities.
func defaultRestored(p *Pass, t catalog.Name, col string) bool {
	for st := range p.following(false, true) {
		for _, cmd := range p.altersOn(st, t) {
			if cmd.Name == col && (cmd.Subtype == pgast.AlterTableType_AT_ColumnDefault && cmd.Def != nil || cmd.Subtype == pgast.AlterTableType_AT_AddIdentity) {
				return true
			}
		}
	}
	return false
}

func columnOf(p *Pass, t catalog.Name, col string) *catalog.Column {
	if table := p.Catalog.Table(t); table != nil {
		return table.Column(col)
	}
	return nil
}

var dropNotNull = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB207",
		Name:      "drop-not-null",
		Severity:  infoSev,
		Category:  "compatibility",
		Summary:   "DROP NOT NULL on an existing column.",
		Rationale: "Readers written against the old schema assume the column is never NULL; once writers may store NULL, that code (and generated clients with non-optional fields) can fail.",
		Bad:       "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
		Good:      "-- every reader handles NULL since the last release:\n-- schemacheck:ignore drop-not-null readers handle NULL since release 4\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
		Fix:       "Make readers handle NULL before allowing it.",
	}),
	Check: func(p *Pass) {
		t, cmds := p.AlterExisting(pgast.AlterTableType_AT_DropNotNull)
		for _, cmd := range cmds {
			if p.columnIsNew(t, cmd.Name) {
				continue
			}
			p.Report(t.String()+"."+cmd.Name, "%s.%s may now be NULL: readers that assume a value can fail", t, cmd.Name)
		}
	},
}

var incompatibleTypeChange = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB208",
		Name:      "incompatible-type-change",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "ALTER COLUMN TYPE that narrows the column or changes its kind.",
		Rationale: "Values the previous code writes may no longer fit (varchar(200) to varchar(100), bigint to integer, numeric scale reduced), and readers that decode the old type (e.g. integer as text) break.",
		Bad:       "ALTER TABLE orders ALTER COLUMN note TYPE varchar(100); -- was varchar(200)",
		Good:      "-- keep the wider type, or validate in the application first and add a CHECK (length(note) <= 100) NOT VALID",
		Fix:       "Keep the wider type, or add a new column and migrate readers and writers over.",
	}),
	Given: "CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(200));",
	Check: func(p *Pass) {
		t, cmds := p.AlterExisting(pgast.AlterTableType_AT_AlterColumnType)
		for _, cmd := range cmds {
			if p.columnIsNew(t, cmd.Name) {
				continue
			}
			col := columnOf(p, t, cmd.Name)
			if col == nil {
				continue
			}
			to := catalog.TypeOf(cmd.Def.GetColumnDef().GetTypeName())
			why := narrowing(col.Type, to)
			if from, into := p.Catalog.EnumOf(col.Type), p.Catalog.EnumOf(to); from != nil && into != nil && col.Type.ArrayDims == to.ArrayDims {
				// One enum for another: what matters is the labels.
				why = enumChange(from, into, castsOnly(cmd.Def.GetColumnDef().GetRawDefault(), cmd.Name))
			}
			if why != "" {
				p.Report(t.String()+"."+cmd.Name, "changing %s.%s from %s to %s %s", t, cmd.Name, col.Type, to, why)
			}
		}
	},
}

// castsOnly reports whether an ALTER COLUMN TYPE's USING expression is
// the column itself, or casts of it (Prisma's col::text::new_enum): a
// conversion that maps no value to another.
func castsOnly(using *pgast.Node, column string) bool {
	for using.GetTypeCast() != nil {
		using = using.GetTypeCast().Arg
	}
	if using == nil {
		return true
	}
	ref := using.GetColumnRef().GetFields()
	return len(ref) > 0 && ref[len(ref)-1].GetString_().GetSval() == column
}

// enumChange says how retyping a column from one enum to another can
// break existing code, or "" when both hold the same labels (Prisma
// recreates an enum under its own name to reorder or drop labels).
// castsOnly: the conversion casts each label as it is, so it fails on a
// row holding a dropped one (a USING that maps labels may not).
func enumChange(from, to *catalog.Enum, castsOnly bool) string {
	var gone, added []string
	for _, l := range from.Labels {
		if !slices.Contains(to.Labels, l) {
			gone = append(gone, "'"+l+"'")
		}
	}
	for _, l := range to.Labels {
		if !slices.Contains(from.Labels, l) {
			added = append(added, "'"+l+"'")
		}
	}
	switch {
	case len(gone) > 0 && castsOnly:
		return "drops the labels " + strings.Join(gone, ", ") + ": the conversion fails on rows holding them, and code that writes them is rejected"
	case len(gone) > 0:
		return "drops the labels " + strings.Join(gone, ", ") + ": code that writes them is rejected"
	case len(added) > 0:
		return "adds the labels " + strings.Join(added, ", ") + ": code that decodes the column into the old labels fails on them"
	}
	return ""
}

// narrowing says how changing from → to can break existing code, or "".
func narrowing(from, to catalog.Type) string {
	if locks.BinaryCoercible(from, to) {
		return ""
	}
	if why, numeric := numericNarrowing(from, to); numeric {
		return why
	}
	if from.ArrayDims == to.ArrayDims {
		if fromLimit, ok := stringLimit(from); ok {
			if toLimit, ok := stringLimit(to); ok {
				return stringChange(from.Name, fromLimit, to.Name, toLimit)
			}
		}
	}
	if from.Name == to.Name {
		return ""
	}
	return "changes its kind: code that reads or writes the old type may fail to encode or decode values"
}

// stringLimit returns the length limit of a character string type (-1 for
// none) and whether t is one: text, character varying and character are
// one kind, which every driver reads and writes as a string.
func stringLimit(t catalog.Type) (int, bool) {
	limit := -1
	if len(t.Mods) > 0 {
		limit = t.Mods[0]
	}
	switch t.Name {
	case "text":
		return -1, true
	case "character varying":
		return limit, true
	case "character":
		return max(limit, 1), true // character alone is character(1)
	}
	return 0, false
}

// stringChange says how retyping between string types of those limits
// (-1: none) can break existing code, or "". Dropping character(n)'s
// trailing blanks is not a break: PostgreSQL itself treats them as
// insignificant (in comparisons, and in the cast to text).
func stringChange(from string, fromLimit int, to string, toLimit int) string {
	switch {
	case toLimit >= 0 && (fromLimit < 0 || toLimit < fromLimit):
		return "narrows it: values longer than the new limit, which running code may write, are rejected"
	case to == "character" && from != "character":
		return fmt.Sprintf("pads values shorter than %d characters with trailing blanks: code that reads them gets the padded text", toLimit)
	}
	return ""
}

// numeric is what a numeric type holds exactly: integer types their
// range (as decimal digits, and bits for floats), numeric(p,s) p-s digits
// before the point and s after; -1 is unlimited.
type numeric struct {
	intDigits, scale int
	float            bool
	mantissa         int // bits a float represents exactly
	maxDigits        int // for integers: the digits of the largest value
}

var numericTypes = map[string]numeric{
	"smallint":         {intDigits: 4, maxDigits: 5, mantissa: 15},
	"integer":          {intDigits: 9, maxDigits: 10, mantissa: 31},
	"bigint":           {intDigits: 18, maxDigits: 19, mantissa: 63},
	"real":             {intDigits: -1, scale: -1, float: true, mantissa: 24},
	"double precision": {intDigits: -1, scale: -1, float: true, mantissa: 53},
}

// numericNarrowing compares two numeric types: whether every value of
// from is exactly a value of to (no overflow, no lost fraction, no lost
// precision). ok is false unless both are numeric types.
func numericNarrowing(from, to catalog.Type) (why string, ok bool) {
	of := func(t catalog.Type) (numeric, bool) {
		if t.ArrayDims > 0 {
			return numeric{}, false
		}
		if t.Name == "numeric" {
			if len(t.Mods) == 0 {
				return numeric{intDigits: -1, scale: -1}, true
			}
			scale := 0
			if len(t.Mods) > 1 {
				scale = t.Mods[1]
			}
			return numeric{intDigits: t.Mods[0] - scale, scale: scale}, true
		}
		n, ok := numericTypes[t.Name]
		return n, ok
	}
	f, fok := of(from)
	n, nok := of(to)
	if !fok || !nok {
		return "", false
	}
	_, fromInt := numericTypes[from.Name]
	_, toInt := numericTypes[to.Name]
	fromInt, toInt = fromInt && !f.float, toInt && !n.float
	switch {
	case toInt && (f.float || f.scale != 0):
		return "can lose values: fractional digits are rounded away, and large values no longer fit", true
	case toInt && fromInt:
		if n.maxDigits < f.maxDigits {
			return "narrows it: values the old type holds may no longer fit", true
		}
		return "", true
	case toInt: // from numeric(p,0)
		if f.intDigits < 0 || f.intDigits > n.intDigits {
			return "narrows it: values the old type holds may no longer fit", true
		}
		return "", true
	case n.float:
		bits := f.mantissa
		if !f.float && !fromInt {
			// numeric(p,0) holds integers up to 10^p: about 3.33 bits a digit.
			bits = 1 << 30
			if f.scale == 0 && f.intDigits >= 0 {
				bits = f.intDigits * 10 / 3
			}
		}
		if bits > n.mantissa {
			return "can lose precision: the floating-point type cannot represent every value of the old type exactly", true
		}
		return "", true
	}
	// to is numeric.
	switch {
	case f.float && (n.intDigits >= 0):
		return "can lose values: a float outside the new precision or scale does not fit", true
	case n.intDigits < 0:
		return "", true
	case fromInt && n.intDigits < f.maxDigits:
		return "narrows it: values the old type holds may no longer fit", true
	case !fromInt && (f.intDigits < 0 || n.intDigits < f.intDigits || n.scale < f.scale):
		return "narrows its precision or scale: stored and written values may no longer fit", true
	}
	return "", true
}

var enumValueRenamed = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB209",
		Name:      "enum-value-renamed",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "ALTER TYPE … RENAME VALUE on an enum.",
		Rationale: "Running code still writes the old label, which PostgreSQL now rejects, and clients that decode labels do not know the new one.",
		Bad:       "ALTER TYPE order_status RENAME VALUE 'shipped' TO 'dispatched';",
		Good:      "ALTER TYPE order_status ADD VALUE 'dispatched' AFTER 'shipped';\n-- move writers to the new label, migrate rows, stop using the old label",
		Fix:       "Add the new label, move writers and rows over, and leave the old label unused.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetAlterEnumStmt()
		if s == nil || s.OldVal == "" {
			return
		}
		p.Report(enumName(s.TypeName)+" "+s.OldVal, "renaming enum label %q to %q of %s: running code that writes %q fails", s.OldVal, s.NewVal, enumName(s.TypeName), s.OldVal)
	},
}

func enumName(names []*pgast.Node) string {
	var parts []string
	for _, n := range names {
		parts = append(parts, n.GetString_().GetSval())
	}
	return strings.Join(parts, ".")
}

var enumAddValueWithoutPosition = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB210",
		Name:      "enum-add-value-without-position",
		Severity:  infoSev,
		Category:  "compatibility",
		Summary:   "ALTER TYPE … ADD VALUE without BEFORE or AFTER.",
		Rationale: "Enum labels sort in declaration order, and ORDER BY and comparisons on the column use it. Appending is often right, but saying where the label goes records the intent, and clients that switch over every label need updating either way.",
		Bad:       "ALTER TYPE order_status ADD VALUE 'refunded';",
		Good:      "ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';",
		Fix:       "State the position with BEFORE or AFTER, and make sure clients tolerate the new label before writers use it.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetAlterEnumStmt()
		if s == nil || s.OldVal != "" || s.NewValNeighbor != "" {
			return
		}
		p.Report(enumName(s.TypeName)+" "+s.NewVal, "label %q is appended to %s without BEFORE/AFTER: it sorts last; clients that reject unknown labels must be updated before it is written", s.NewVal, enumName(s.TypeName))
	},
}

var enumAddValueInTransaction = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB211",
		Name:      "enum-add-value-in-transaction",
		Severity:  errorSev,
		Category:  "transactions",
		Summary:   "ALTER TYPE … ADD VALUE inside a transaction block before PostgreSQL 12.",
		Rationale: "Before PostgreSQL 12, ADD VALUE cannot run inside a transaction block: the migration fails at deploy time.",
		Bad:       "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;",
		Good:      "ALTER TYPE order_status ADD VALUE 'refunded'; -- outside a transaction",
		Fix:       "Run the statement outside a transaction, or target PostgreSQL 12 or later.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetAlterEnumStmt()
		if s == nil || s.OldVal != "" || p.PGVersion >= 12 || !p.Stmt.InTransaction() {
			return
		}
		p.Report(enumName(s.TypeName), "ALTER TYPE … ADD VALUE runs inside a transaction block, which PostgreSQL %d rejects", p.PGVersion)
	},
}

var dropSchema = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB212",
		Name:      "drop-schema",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "DROP SCHEMA.",
		Rationale: "Every object in the schema disappears; any running code that uses one fails.",
		Bad:       "DROP SCHEMA reporting CASCADE;",
		Good:      "-- remove every use of the schema's objects first, then drop it in a later release",
		Fix:       "Move code off the schema first; drop it in a later release.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetDropStmt()
		if s == nil || s.RemoveType != pgast.ObjectType_OBJECT_SCHEMA {
			return
		}
		for _, o := range s.Objects {
			name := o.GetString_().GetSval()
			p.Report(name, "dropping schema %s removes every object in it; running code that uses them fails", name)
		}
	},
}

var truncateTable = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB213",
		Name:      "truncate",
		Severity:  warningSev,
		Category:  "compatibility",
		Summary:   "TRUNCATE of an existing table in a migration.",
		Rationale: "TRUNCATE deletes every row under ACCESS EXCLUSIVE; with CASCADE it empties every table that references it. In a migration that is almost always a mistake carried over from development.",
		Bad:       "TRUNCATE sessions CASCADE;",
		Good:      "DELETE FROM sessions WHERE expires_at < now(); -- in batches, outside the migration",
		Fix:       "Delete what must go explicitly, in batches, outside the schema migration.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetTruncateStmt()
		if s == nil {
			return
		}
		for _, e := range p.EffectsOf(func(e locks.Effect) bool { return e.Role == locks.Target }) {
			extra := ""
			if s.Behavior == pgast.DropBehavior_DROP_CASCADE {
				extra = " and, with CASCADE, every table that references it"
			}
			p.Report(e.Relation.String(), "TRUNCATE deletes every row of %s%s and %s", e.Relation, extra, lockMessage(e.Mode, e.Relation, "until it commits"))
		}
	},
}

var dropDatabase = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB214",
		Name:      "drop-database",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "DROP DATABASE in a migration.",
		Rationale: "A schema migration has no business dropping a database; in production it destroys everything.",
		Bad:       "DROP DATABASE app;",
		Good:      "-- never in a migration",
		Fix:       "Remove the statement.",
	}),
	Check: func(p *Pass) {
		if s := p.Stmt.Node.GetDropdbStmt(); s != nil {
			p.Report(s.Dbname, "DROP DATABASE %s destroys the whole database", s.Dbname)
		}
	},
}

var newConstraintMayRejectWrites = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB215",
		Name:      "new-constraint-may-reject-writes",
		Severity:  warningSev,
		Category:  "compatibility",
		Summary:   "A new CHECK, UNIQUE or FOREIGN KEY constraint, or unique index, on an existing table.",
		Rationale: "Code deployed before the migration was never tested against the constraint; writes it used to make can now fail. A unique index rejects duplicates as a UNIQUE constraint does (Prisma writes every @unique as one). Check that every writer already satisfies it.",
		Bad:       "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total_cents > 0) NOT VALID;",
		Good:      "-- release 1: validate in the application; release 2: add the constraint",
		Fix:       "Make every writer satisfy the constraint (validate in the application) before adding it.",
	}),
	State: func() any { return map[catalog.Name][]*catalog.Constraint{} },
	Check: func(p *Pass) {
		// The constraints this file dropped: one re-added with the same
		// definition (a migration tool recreating it, a NOT VALID swap), or
		// a weaker one, is not new to the code that runs against it.
		dropped := p.State().(map[catalog.Name][]*catalog.Constraint)
		followRenames(p, dropped)
		recordDroppedUniqueIndexes(p, dropped)
		if s := p.Stmt.Node.GetIndexStmt(); s != nil && s.Unique {
			newUniqueIndex(p, s, dropped)
			return
		}
		if t, drops := p.AlterExisting(pgast.AlterTableType_AT_DropConstraint); len(drops) > 0 {
			if table := p.Catalog.Table(t); table != nil && !table.Uncertain {
				for _, cmd := range drops {
					for _, k := range table.Constraints {
						if k.Name == cmd.Name {
							dropped[t] = append(dropped[t], k)
						}
					}
				}
			}
		}
		t, cmds := p.AlterExisting(pgast.AlterTableType_AT_AddConstraint)
		for _, cmd := range cmds {
			con := cmd.Def.GetConstraint()
			if con == nil {
				continue
			}
			kind := map[pgast.ConstrType]string{pgast.ConstrType_CONSTR_CHECK: "CHECK", pgast.ConstrType_CONSTR_UNIQUE: "UNIQUE",
				pgast.ConstrType_CONSTR_FOREIGN: "FOREIGN KEY", pgast.ConstrType_CONSTR_EXCLUSION: "EXCLUDE"}[con.Contype]
			// UNIQUE USING INDEX a unique index: it has rejected duplicates
			// since it was built; its CREATE is where writes began to fail.
			if ix := p.Catalog.Index(catalog.Name{Schema: t.Schema, Name: con.Indexname}); con.Indexname != "" && ix != nil && ix.Unique {
				continue
			}
			if kind == "" || impliedByDropped(p, t, con, dropped[t]) || impliedByDropped(p, t, con, keysOf(p, t)) || unseenByOldCode(p, t, con) {
				continue
			}
			p.Report(t.String()+" "+con.Conname, "new %s constraint %s on %s: writes that running code makes today may be rejected", kind, catalog.ConstraintName(t.Name, con, ""), t)
		}
	},
}

// recordDroppedUniqueIndexes adds the unique indexes p's DROP INDEX
// removes to dropped, as the UNIQUE keys they enforced: one created again
// over the same columns, or more, rejects nothing new (Prisma renames a
// unique key so). A partial index's key held only where its predicate did.
func recordDroppedUniqueIndexes(p *Pass, dropped map[catalog.Name][]*catalog.Constraint) {
	s := p.Stmt.Node.GetDropStmt()
	if s == nil || s.RemoveType != pgast.ObjectType_OBJECT_INDEX {
		return
	}
	for _, o := range s.Objects {
		parts := stringList(o.GetList().GetItems())
		if len(parts) == 0 {
			continue
		}
		var ix *catalog.Index
		if len(parts) > 1 {
			ix = p.Catalog.Index(catalog.Name{Schema: parts[len(parts)-2], Name: parts[len(parts)-1]})
		} else {
			ix = p.Catalog.IndexNamed(parts[0])
		}
		if ix != nil && ix.Unique {
			dropped[ix.Table] = append(dropped[ix.Table], indexKey(ix))
		}
	}
}

// indexKey is the UNIQUE key unique index ix enforces; a partial index's
// predicate is kept in Expr after "WHERE ", which no constraint's Expr
// starts with, so that it implies only keys held where it held.
func indexKey(ix *catalog.Index) *catalog.Constraint {
	k := &catalog.Constraint{Name: ix.Name.Name, Kind: catalog.Unique, Columns: ix.Columns}
	if ix.Where != "" {
		k.Expr = "WHERE " + ix.Where
	}
	return k
}

// partialImplied reports whether a key among keys (dropped or kept) that
// held only where its predicate did implies the partial unique index s
// over cols: its columns are among cols, and s's predicate has every term
// its predicate has (or more), so s constrains no row pair it let through
// (openmeter narrows billingprofile_namespace_default to the default
// profiles so).
func partialImplied(s *pgast.IndexStmt, cols []string, keys []*catalog.Constraint) bool {
	if s.WhereClause == nil || s.NullsNotDistinct {
		return false
	}
	terms, ok := conjuncts(s.WhereClause)
	if !ok {
		return false
	}
	for _, k := range keys {
		where, partial := strings.CutPrefix(k.Expr, "WHERE ")
		if !partial || k.NullsNotDistinct || !subset(k.Columns, cols) {
			continue
		}
		res, err := pgtree.Parse("SELECT WHERE " + where)
		if err != nil || len(res.Stmts) != 1 {
			continue
		}
		if old, ok := conjuncts(res.Stmts[0].Stmt.GetSelectStmt().GetWhereClause()); ok && subset(old, terms) {
			return true
		}
	}
	return false
}

// conjuncts returns the terms a predicate ANDs together, each deparsed.
func conjuncts(expr *pgast.Node) ([]string, bool) {
	if b := expr.GetBoolExpr(); b != nil && b.Boolop == pgast.BoolExprType_AND_EXPR {
		var out []string
		for _, a := range b.Args {
			t, ok := conjuncts(a)
			if !ok {
				return nil, false
			}
			out = append(out, t...)
		}
		return out, true
	}
	t, err := pgtree.DeparseExpr(expr)
	return []string{t}, err == nil && expr != nil
}

// keysOf returns the keys table t has before the statement: its primary
// key and UNIQUE constraints, and its unique indexes over plain columns
// without a predicate. A new key over a superset of one's columns rejects
// no write that one let through (openmeter rebuilds its id indexes as
// unique ones; id is the primary key).
func keysOf(p *Pass, t catalog.Name) []*catalog.Constraint {
	table := p.Catalog.Table(t)
	if table == nil {
		return nil
	}
	var keys []*catalog.Constraint
	for _, k := range table.Constraints {
		if k.Kind == catalog.PrimaryKey || k.Kind == catalog.Unique {
			keys = append(keys, k)
		}
	}
	for _, ix := range p.Catalog.IndexesOn(t) {
		if ix.Unique && !slices.ContainsFunc(ix.Columns, func(c string) bool { return strings.HasPrefix(c, "(") }) {
			keys = append(keys, indexKey(ix))
		}
	}
	return keys
}

// newUniqueIndex reports CREATE UNIQUE INDEX on an existing table, as a new
// UNIQUE constraint over its columns would be: not when a dropped key
// implies it, or when code deployed before the change cannot run into it.
// An index over expressions is judged only by its name.
func newUniqueIndex(p *Pass, s *pgast.IndexStmt, dropped map[catalog.Name][]*catalog.Constraint) {
	t := p.Resolve(s.Relation)
	if p.IsNew(t) || s.IfNotExists && p.Catalog.Index(catalog.Name{Schema: t.Schema, Name: s.Idxname}) != nil {
		return
	}
	con := &pgast.Constraint{Contype: pgast.ConstrType_CONSTR_UNIQUE, NullsNotDistinct: s.NullsNotDistinct}
	plain := true
	for _, e := range s.IndexParams {
		name := e.GetIndexElem().GetName()
		if name == "" {
			plain = false
			break
		}
		con.Keys = append(con.Keys, &pgast.Node{Node: &pgast.Node_String_{String_: &pgast.String{Sval: name}}})
	}
	if plain && (impliedByDropped(p, t, con, dropped[t]) || impliedByDropped(p, t, con, keysOf(p, t)) || unseenByOldCode(p, t, con) ||
		partialImplied(s, stringList(con.Keys), append(keysOf(p, t), dropped[t]...))) {
		return
	}
	name := s.Idxname
	if name == "" {
		name = "(unnamed)"
	}
	p.Report(t.String()+" "+name, "new unique index %s on %s: writes that running code makes today may be rejected", name, t)
}

// unseenByOldCode reports whether code deployed before the change can
// never run into con: a FOREIGN KEY (MATCH SIMPLE) or UNIQUE (NULLS
// DISTINCT) only over columns this change added without a default, which
// that code does not know: it leaves them NULL, which both let through,
// and never updates them; a CHECK that holds whatever that code writes,
// given the new columns' defaults (checkPassesOldWrites). A foreign key
// must also leave that code's deletes and key updates of the referenced
// table alone: the table is new, or its actions cascade or set NULL or a
// default (documenso adds Team.organisationId and its key to the new
// Organisation table).
func unseenByOldCode(p *Pass, t catalog.Name, con *pgast.Constraint) bool {
	var cols []string
	switch con.Contype {
	case pgast.ConstrType_CONSTR_FOREIGN:
		ref := p.Resolve(con.Pktable)
		passive := func(action string) bool { return action == "c" || action == "n" || action == "d" }
		if con.FkMatchtype == "f" || !p.IsNew(ref) && (!passive(con.FkDelAction) || !passive(con.FkUpdAction)) {
			return false
		}
		cols = stringList(con.FkAttrs)
	case pgast.ConstrType_CONSTR_UNIQUE:
		if con.NullsNotDistinct {
			return false
		}
		cols = stringList(con.Keys)
	case pgast.ConstrType_CONSTR_CHECK:
		return checkPassesOldWrites(p, t, con.RawExpr)
	}
	for _, c := range cols {
		col := columnOf(p, t, c)
		if !p.columnIsNew(t, c) || col == nil || col.Default != nil || col.Identity != "" || col.Generated != "" {
			return false
		}
	}
	return len(cols) > 0
}

// impliedByDropped reports whether every write one of the constraints
// dropped from t let through, the constraint con the statement adds lets
// through too, so code that ran against the dropped one meets no new
// rejection: the same definition, or a UNIQUE key over a superset of a
// dropped key's columns (rows that differ on the old columns differ on
// the new ones; ente adds app to its one-time tokens' key). NULLS NOT
// DISTINCT makes the new key stricter on rows with NULLs, unless the old
// one was so too or was a primary key, whose columns hold no NULLs.
func impliedByDropped(p *Pass, t catalog.Name, con *pgast.Constraint, dropped []*catalog.Constraint) bool {
	if len(dropped) == 0 {
		return false
	}
	k := p.Catalog.ConstraintOf(t, con)
	if k == nil {
		return false
	}
	for _, d := range dropped {
		if d.Kind == k.Kind && slices.Equal(d.Columns, k.Columns) && d.Expr == k.Expr && d.RefTable == k.RefTable && slices.Equal(d.RefCols, k.RefCols) &&
			d.NullsNotDistinct == k.NullsNotDistinct {
			return true
		}
		if d.Kind == catalog.Check && k.Kind == catalog.Check && checkWeakens(d.Expr, k.Expr) {
			return true
		}
		key := d.Kind == catalog.Unique && d.Expr == "" || d.Kind == catalog.PrimaryKey
		if k.Kind == catalog.Unique && key && len(d.Columns) > 0 && subset(d.Columns, k.Columns) &&
			(!k.NullsNotDistinct || d.NullsNotDistinct || d.Kind == catalog.PrimaryKey) {
			return true
		}
	}
	return false
}

// checkWeakens reports whether CHECK expression to accepts every row
// CHECK expression from accepted: each alternative from ORs together
// (an IN list or = ANY (ARRAY[…]) being one per value) is one of to's.
// When one alternative of from is true, the same one of to is; when none
// is true and one is NULL (a CHECK takes NULL), to is true or NULL too.
// ente and convoy widen a CHECK (type IN (…)) so, dropping it and adding
// it again with more values.
func checkWeakens(from, to string) bool {
	old, ok := alternatives(from)
	if !ok {
		return false
	}
	wider, ok := alternatives(to)
	return ok && subset(old, wider)
}

// alternatives returns the terms CHECK expression expr ORs together, each
// deparsed, with an IN list or = ANY (ARRAY[…]) spelled out as one
// equality per value.
func alternatives(expr string) ([]string, bool) {
	res, err := pgtree.Parse("SELECT WHERE " + expr)
	if err != nil || len(res.Stmts) != 1 || res.Stmts[0].Stmt.GetSelectStmt().GetWhereClause() == nil {
		return nil, false
	}
	var out []string
	var walk func(n *pgast.Node) bool
	walk = func(n *pgast.Node) bool {
		if b := n.GetBoolExpr(); b != nil && b.Boolop == pgast.BoolExprType_OR_EXPR {
			for _, a := range b.Args {
				if !walk(a) {
					return false
				}
			}
			return true
		}
		if a := n.GetAExpr(); a != nil && len(a.Name) == 1 && a.Name[0].GetString_().GetSval() == "=" {
			var values []*pgast.Node
			switch a.Kind {
			case pgast.A_Expr_Kind_AEXPR_IN:
				values = a.Rexpr.GetList().GetItems()
			case pgast.A_Expr_Kind_AEXPR_OP_ANY:
				values = a.Rexpr.GetAArrayExpr().GetElements()
			}
			if len(values) > 0 {
				lhs, err := pgtree.DeparseExpr(a.Lexpr)
				if err != nil {
					return false
				}
				for _, v := range values {
					t, err := pgtree.DeparseExpr(v)
					if err != nil {
						return false
					}
					out = append(out, lhs+" = "+t)
				}
				return true
			}
			if a.Kind == pgast.A_Expr_Kind_AEXPR_OP {
				l, errL := pgtree.DeparseExpr(a.Lexpr)
				r, errR := pgtree.DeparseExpr(a.Rexpr)
				if errL != nil || errR != nil {
					return false
				}
				out = append(out, l+" = "+r)
				return true
			}
		}
		t, err := pgtree.DeparseExpr(n)
		if err != nil {
			return false
		}
		out = append(out, t)
		return true
	}
	return out, walk(res.Stmts[0].Stmt.GetSelectStmt().GetWhereClause())
}

// followRenames keeps the constraints a file dropped under the names the
// file gives their table and columns afterwards: a key dropped, its column
// renamed and the key added back over the new name is the key running code
// knew (openmeter's currency_cost_bases).
func followRenames(p *Pass, dropped map[catalog.Name][]*catalog.Constraint) {
	if from, to, ok := p.movesRelation(); ok && len(dropped[from]) > 0 {
		dropped[to], dropped[from] = dropped[from], nil
	}
	s := p.Stmt.Node.GetRenameStmt()
	if s == nil || s.RenameType != pgast.ObjectType_OBJECT_COLUMN || s.Relation == nil {
		return
	}
	t := p.Resolve(s.Relation)
	for i, k := range dropped[t] {
		if slices.Contains(k.Columns, s.Subname) {
			renamed := *k
			renamed.Columns = slices.Clone(k.Columns)
			for j, c := range renamed.Columns {
				if c == s.Subname {
					renamed.Columns[j] = s.Newname
				}
			}
			dropped[t][i] = &renamed
		}
	}
}

// subset reports whether every element of a is in b.
func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

var dropType = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB216",
		Name:      "drop-type",
		Severity:  errorSev,
		Category:  "compatibility",
		Summary:   "DROP TYPE of an existing type (enum labels removed with it).",
		Rationale: "Recreating an enum to remove or reorder labels breaks every writer of a removed label, and DROP TYPE … CASCADE drops the type's columns with it: errors. A plain DROP TYPE runs only once no column uses the type (PostgreSQL refuses it before), and each column was reported where it went; what it still breaks is code that names the type in a cast or a variable: a warning.",
		Bad:       "DROP TYPE order_status; CREATE TYPE order_status AS ENUM ('pending', 'paid');",
		Good:      "-- stop writing the label, migrate rows, and keep the enum as it is",
		Fix:       "Keep enum labels; stop using a label in code instead of removing it.",
	}),
	State: func() any { return renamedHere{} },
	Check: func(p *Pass) {
		// Prisma recreates an enum to drop a label: rename it to X_old,
		// create X anew, retype the columns, drop X_old. Deployed code
		// never named X_old; what breaks is the retyping, reported there.
		renamed := p.State().(renamedHere)
		renamed.record(p)
		s := p.Stmt.Node.GetDropStmt()
		if s == nil || s.RemoveType != pgast.ObjectType_OBJECT_TYPE {
			return
		}
		for _, o := range s.Objects {
			parts := stringList(o.GetTypeName().GetNames())
			if len(parts) == 0 {
				continue
			}
			rv := &pgast.RangeVar{Relname: parts[len(parts)-1]}
			n := p.Resolve(rv)
			if p.IsNew(n) || renamed[n] || (s.MissingOk && p.Catalog.Enum(n) == nil) {
				continue
			}
			old := p.Catalog.Enum(n)
			if again, ok := namedAgainBelow(p, n, pgast.ObjectType_OBJECT_TYPE); ok && old != nil {
				// An enum replaced in place (hatchet: create X_new, retype
				// the columns, drop X, rename X_new to X): only the labels
				// the replacement lacks break their writers.
				labels, known := replacementLabels(p, n, again)
				var gone []string
				for _, l := range old.Labels {
					if !known || !slices.Contains(labels, l) {
						gone = append(gone, "'"+l+"'")
					}
				}
				if len(gone) > 0 {
					p.Report(n.String(), "dropping type %s and %s drops the labels %s: code that writes them fails", n, again.how(n), strings.Join(gone, ", "))
				}
				continue
			}
			detail := ""
			if old != nil {
				detail = fmt.Sprintf(" (enum labels %s)", strings.Join(old.Labels, ", "))
			}
			if s.Behavior == pgast.DropBehavior_DROP_CASCADE {
				p.Report(n.String(), "dropping type %s%s with CASCADE drops every column of the type: code that reads or writes them fails", n, detail)
				continue
			}
			// Without CASCADE PostgreSQL refuses while a column, domain or
			// function uses the type, so its columns went first, each
			// reported where it went (trigger.dev drops a table, then its
			// enums); what is left to break is code that names the type.
			f := p.Rule.New(p.Stmt.Pos, "dropping type %s%s: no column can use it any more (PostgreSQL refuses the DROP while one does), but code that still names it, in a cast or a variable, fails", n, detail)
			f.Key, f.Severity = n.String(), finding.SeverityWarning
			p.Emit(f)
		}
	},
}

// replacementLabels returns the labels of the enum that takes name n at
// again: those its CREATE TYPE lists, or those of the enum renamed to n,
// and whether they are known.
func replacementLabels(p *Pass, n catalog.Name, again namedAgain) ([]string, bool) {
	if again.from != "" {
		if e := p.Catalog.Enum(catalog.Name{Schema: n.Schema, Name: again.from}); e != nil {
			return e.Labels, true
		}
		return nil, false
	}
	var labels []string
	for _, v := range again.Node.GetCreateEnumStmt().GetVals() {
		labels = append(labels, v.GetString_().GetSval())
	}
	return labels, true
}

func stringList(nodes []*pgast.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.GetString_().GetSval())
	}
	return out
}
