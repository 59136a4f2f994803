package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

var conventionRules = []*Rule{
	preferBigintKeys, preferIdentity, preferTimestamptz, preferText, preferJSONB, identifierTooLong, duplicateColumn, nonIdempotentDDL,
}

// columnDefs returns the columns a statement defines (CREATE TABLE and
// ALTER TABLE … ADD COLUMN), with the table they belong to.
func columnDefs(p *Pass) (catalog.Name, []*pgast.ColumnDef) {
	var defs []*pgast.ColumnDef
	if s := p.Stmt.Node.GetCreateStmt(); s != nil {
		for _, el := range s.TableElts {
			if d := el.GetColumnDef(); d != nil {
				defs = append(defs, d)
			}
		}
		return p.Resolve(s.Relation), defs
	}
	s, cmds := p.AlterCmds()
	if s == nil {
		return catalog.Name{}, nil
	}
	for _, cmd := range cmds {
		if d := cmd.Def.GetColumnDef(); cmd.Subtype == pgast.AlterTableType_AT_AddColumn && d != nil {
			defs = append(defs, d)
		}
	}
	return p.Resolve(s.Relation), defs
}

// columnTypes returns the columns a statement gives a type: those it
// defines (columnDefs) and those ALTER COLUMN … TYPE changes to another
// type (not only other modifiers: varchar(20) to varchar(40) introduces
// nothing), each as a column definition of its name and new type.
func columnTypes(p *Pass) (catalog.Name, []*pgast.ColumnDef) {
	t, defs := columnDefs(p)
	_, cmds := p.AlterCmds()
	for _, cmd := range cmds {
		d := cmd.Def.GetColumnDef()
		if cmd.Subtype != pgast.AlterTableType_AT_AlterColumnType || d == nil {
			continue
		}
		if old := columnOf(p, t, cmd.Name); old != nil && old.Type.Name == catalog.TypeOf(d.TypeName).Name {
			continue
		}
		defs = append(defs, &pgast.ColumnDef{Colname: cmd.Name, TypeName: d.TypeName})
	}
	return t, defs
}

// isKeyColumn reports whether def is a primary key or identity column, or
// the table's primary key names it (in the statement, or in the catalog
// for a column ALTER TABLE changes).
func isKeyColumn(p *Pass, def *pgast.ColumnDef) bool {
	if s, _ := p.AlterCmds(); s != nil {
		if table := p.Catalog.Table(p.Resolve(s.Relation)); table != nil {
			if col := table.Column(def.Colname); col != nil && col.Identity != "" {
				return true
			}
			for _, k := range table.Constraints {
				if k.Kind == catalog.PrimaryKey && slices.Contains(k.Columns, def.Colname) {
					return true
				}
			}
		}
	}
	for _, c := range def.Constraints {
		switch c.GetConstraint().GetContype() {
		case pgast.ConstrType_CONSTR_PRIMARY, pgast.ConstrType_CONSTR_IDENTITY:
			return true
		}
	}
	return len(primaryKeyOf(p, def.Colname)) > 0
}

// primaryKeyOf returns the columns of the table-level PRIMARY KEY of the
// CREATE TABLE statement p checks when it names col, else nil.
func primaryKeyOf(p *Pass, col string) []string {
	if s := p.Stmt.Node.GetCreateStmt(); s != nil {
		for _, el := range s.TableElts {
			if con := el.GetConstraint(); con != nil && con.Contype == pgast.ConstrType_CONSTR_PRIMARY {
				if keys := stringList(con.Keys); slices.Contains(keys, col) {
					return keys
				}
			}
		}
	}
	return nil
}

// keyGrows reports whether the values of key column def grow until its
// type runs out: it is generated from a sequence (identity, serial, a
// nextval default), or it is the whole primary key. One part of a
// composite key that takes its values from elsewhere (a shard number, a
// type code, a reference to another table's key, which is reported where
// that key is generated) does not grow by itself. Columns ALTER TABLE
// retypes are judged by the catalog.
func keyGrows(p *Pass, def *pgast.ColumnDef) bool {
	if catalog.IsSerial(def.TypeName) || slices.Equal(primaryKeyOf(p, def.Colname), []string{def.Colname}) {
		return true
	}
	for _, c := range def.Constraints {
		con := c.GetConstraint()
		switch con.GetContype() {
		case pgast.ConstrType_CONSTR_PRIMARY, pgast.ConstrType_CONSTR_IDENTITY:
			return true
		case pgast.ConstrType_CONSTR_DEFAULT:
			if con.RawExpr != nil && slices.Contains(pgtree.FuncCalls(con.RawExpr), "nextval") {
				return true
			}
		}
	}
	if s, _ := p.AlterCmds(); s != nil {
		if table := p.Catalog.Table(p.Resolve(s.Relation)); table != nil {
			if col := table.Column(def.Colname); col != nil && (col.Identity != "" || col.Default != nil && strings.Contains(col.Default.Expr, "nextval(")) {
				return true
			}
			for _, k := range table.Constraints {
				if k.Kind == catalog.PrimaryKey && slices.Equal(k.Columns, []string{def.Colname}) {
					return true
				}
			}
		}
	}
	return false
}

var preferBigintKeys = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB301",
		Name:      "prefer-bigint-keys",
		Severity:  warningSev,
		Category:  "conventions",
		Summary:   "A generated key (identity, serial, sequence default) or single-column primary key of type integer or smallint.",
		Rationale: "integer keys run out at 2.1 billion; widening a key column later rewrites the table and every referencing foreign key under ACCESS EXCLUSIVE. Integer parts of a composite key that take their values from elsewhere (a shard number, a type code, a reference) do not grow by themselves and are not reported.",
		Bad:       "CREATE TABLE events (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
		Good:      "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
		Fix:       "Use bigint for keys from the start.",
	}),
	Check: func(p *Pass) {
		t, defs := columnTypes(p)
		for _, d := range defs {
			typ := catalog.TypeOf(d.TypeName)
			if (typ.Name == "integer" || typ.Name == "smallint") && typ.ArrayDims == 0 && isKeyColumn(p, d) && keyGrows(p, d) {
				p.Report(t.String()+"."+d.Colname, "key column %s.%s is %s; it can run out of values, and widening it later rewrites the table", t, d.Colname, typ)
			}
		}
	},
}

var preferIdentity = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB302",
		Name:      "prefer-identity",
		Severity:  infoSev,
		Category:  "conventions",
		Summary:   "A serial / bigserial column.",
		Rationale: "serial columns are a sequence plus a default with loose ownership rules (grants, dumps, ALTER TABLE … OWNER); identity columns are the SQL-standard replacement with clear semantics.",
		Bad:       "CREATE TABLE t (id bigserial PRIMARY KEY);",
		Good:      "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
		Fix:       "Use GENERATED ALWAYS (or BY DEFAULT) AS IDENTITY.",
	}),
	Check: func(p *Pass) {
		t, defs := columnDefs(p)
		for _, d := range defs {
			if catalog.IsSerial(d.TypeName) {
				p.Report(t.String()+"."+d.Colname, "column %s.%s is serial; prefer an identity column", t, d.Colname)
			}
		}
	},
}

var preferTimestamptz = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB303",
		Name:      "prefer-timestamptz",
		Severity:  warningSev,
		Category:  "conventions",
		Summary:   "A timestamp without time zone column.",
		Rationale: "timestamp without time zone stores wall-clock time with no zone: the same instant reads differently depending on the writer's session time zone. timestamptz stores an instant.",
		Bad:       "CREATE TABLE t (created_at timestamp NOT NULL);",
		Good:      "CREATE TABLE t (created_at timestamptz NOT NULL);",
		Fix:       "Use timestamptz (timestamp with time zone).",
	}),
	Check: func(p *Pass) {
		t, defs := columnTypes(p)
		for _, d := range defs {
			if catalog.TypeOf(d.TypeName).Name == "timestamp without time zone" {
				p.Report(t.String()+"."+d.Colname, "column %s.%s is timestamp without time zone; prefer timestamptz", t, d.Colname)
			}
		}
	},
}

var preferText = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB304",
		Name:      "prefer-text-over-varchar",
		Severity:  infoSev,
		Category:  "conventions",
		Summary:   "A varchar(n) or char(n) column.",
		Rationale: "In PostgreSQL varchar(n) is text with a length check, and lowering the limit later needs a table scan; char(n) pads with spaces. A CHECK on length(col) is easier to change.",
		Bad:       "CREATE TABLE t (email varchar(255));",
		Good:      "CREATE TABLE t (email text CHECK (length(email) <= 255));",
		Fix:       "Use text, with a CHECK constraint when a limit is a real rule.",
	}),
	Check: func(p *Pass) {
		t, defs := columnTypes(p)
		for _, d := range defs {
			typ := catalog.TypeOf(d.TypeName)
			if (typ.Name == "character varying" || typ.Name == "character") && len(typ.Mods) > 0 {
				p.Report(t.String()+"."+d.Colname, "column %s.%s is %s; prefer text with a CHECK constraint", t, d.Colname, typ)
			}
		}
	},
}

var preferJSONB = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB305",
		Name:      "prefer-jsonb",
		Severity:  warningSev,
		Category:  "conventions",
		Summary:   "A json column.",
		Rationale: "json stores the text as written and re-parses it on every access; it has no equality operator and cannot be indexed with GIN. jsonb is what almost every application wants.",
		Bad:       "CREATE TABLE t (payload json);",
		Good:      "CREATE TABLE t (payload jsonb);",
		Fix:       "Use jsonb.",
	}),
	Check: func(p *Pass) {
		t, defs := columnTypes(p)
		for _, d := range defs {
			if catalog.TypeOf(d.TypeName).Name == "json" {
				p.Report(t.String()+"."+d.Colname, "column %s.%s is json; prefer jsonb", t, d.Colname)
			}
		}
	},
}

var identifierTooLong = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB306",
		Name:      "identifier-too-long",
		Severity:  warningSev,
		Category:  "conventions",
		Summary:   "An identifier longer than 63 bytes.",
		Rationale: "PostgreSQL silently truncates identifiers to 63 bytes, so two long names can collide and code that uses the full name never finds the object.",
		Bad:       "CREATE INDEX index_on_customer_orders_by_customer_id_and_created_at_and_status ON orders (customer_id);",
		Good:      "CREATE INDEX orders_customer_created_status_idx ON orders (customer_id);",
		Fix:       "Shorten the name to at most 63 bytes.",
	}),
	Check: func(p *Pass) {
		// The parser truncates long identifiers while scanning, so the
		// check reads the raw tokens of the statement; only statements with
		// a long enough run of identifier characters are worth scanning.
		if !hasLongWord(p.Stmt.SQL, 64) || onlyRemoves(p.Stmt.Node) {
			return
		}
		res, err := pgtree.Scan(p.Stmt.SQL)
		if err != nil {
			return
		}
		tokens := res.Tokens
		if p.Stmt.Node.GetRenameStmt() != nil {
			// A RENAME defines only its new name, written last; the names
			// before it refer to what exists (judged where it was defined).
			for i := len(tokens) - 1; i >= 0; i-- {
				if tokens[i].Token == pgast.Token_IDENT {
					tokens = tokens[i:]
					break
				}
			}
		}
		for _, tok := range tokens {
			if tok.Token != pgast.Token_IDENT {
				continue
			}
			name := strings.Trim(p.Stmt.SQL[tok.Start:tok.End], `"`)
			if len(name) > 63 {
				p.Report(name, "identifier %q is %d bytes; PostgreSQL truncates it to %q", name, len(name), name[:63])
			}
		}
	},
}

// onlyRemoves reports whether stmt only drops objects (DROP …, or ALTER
// TABLE whose every subcommand drops a column or constraint). Every name it
// holds refers to an object that exists under the name PostgreSQL gave it:
// a long name was reported where it was defined (or PostgreSQL generated
// it), and the DROP, truncated alike, finds the object.
func onlyRemoves(stmt *pgast.Node) bool {
	if stmt.GetDropStmt() != nil {
		return true
	}
	a := stmt.GetAlterTableStmt()
	if a == nil || len(a.Cmds) == 0 {
		return false
	}
	for _, c := range a.Cmds {
		switch c.GetAlterTableCmd().GetSubtype() {
		case pgast.AlterTableType_AT_DropColumn, pgast.AlterTableType_AT_DropConstraint:
		default:
			return false
		}
	}
	return true
}

var duplicateColumn = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB307",
		Name:      "duplicate-column",
		Severity:  errorSev,
		Category:  "conventions",
		Summary:   "A column added to a table that already has a column of that name.",
		Rationale: "The statement fails at deploy time (column already exists), unless IF NOT EXISTS hides a mismatch between the existing column and the intended one.",
		Bad:       "ALTER TABLE users ADD COLUMN email text; -- users.email exists",
		Good:      "-- drop the statement, or ALTER the existing column",
		Fix:       "Remove the duplicate, or change the existing column instead.",
	}),
	Given: "CREATE TABLE users (id bigint PRIMARY KEY, email text);",
	Check: func(p *Pass) {
		if p.Stmt.Guarded { // its DO block handles the error (a column that may exist)
			return
		}
		t, defs := columnDefs(p)
		seen := map[string]bool{}
		table := p.Catalog.Table(t)
		isCreate := p.Stmt.Node.GetCreateStmt() != nil
		// PostgreSQL runs every DROP COLUMN of the statement before its
		// ADDs: `DROP COLUMN c, ADD COLUMN c …` replaces c (Prisma does it).
		dropped := map[string]bool{}
		_, cmds := p.AlterCmds()
		for _, cmd := range cmds {
			if cmd.Subtype == pgast.AlterTableType_AT_DropColumn {
				dropped[cmd.Name] = true
			}
		}
		for _, d := range defs {
			existing := !isCreate && table != nil && table.Column(d.Colname) != nil && !dropped[d.Colname]
			if seen[d.Colname] || (existing && !p.addsIfNotExists(d.Colname)) {
				p.Report(t.String()+"."+d.Colname, "column %s.%s is defined twice; the statement fails with \"column already exists\"", t, d.Colname)
			}
			seen[d.Colname] = true
		}
	},
}

// addsIfNotExists reports whether the ADD COLUMN of col says IF NOT EXISTS.
func (p *Pass) addsIfNotExists(col string) bool {
	_, cmds := p.AlterCmds()
	for _, cmd := range cmds {
		if cmd.Def.GetColumnDef().GetColname() == col && cmd.MissingOk {
			return true
		}
	}
	return false
}

var nonIdempotentDDL = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB308",
		Name:      "non-idempotent-ddl",
		Severity:  infoSev,
		Category:  "conventions",
		Summary:   "CREATE or DROP without IF [NOT] EXISTS in a file the migration tool runs outside a transaction.",
		Rationale: "When a migration runs without a transaction and fails halfway, the statements before the failure stay applied; re-running it then fails on them. IF [NOT] EXISTS makes the re-run succeed.",
		Bad:       "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);",
		Good:      "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);",
		Fix:       "Add IF NOT EXISTS / IF EXISTS to statements that run outside a transaction.",
	}),
	Check: func(p *Pass) {
		if p.Stmt.InTransaction() || !p.File.NoTransaction {
			return
		}
		n := p.Stmt.Node
		what := ""
		switch {
		case n.GetCreateStmt() != nil && !n.GetCreateStmt().IfNotExists:
			what = "CREATE TABLE"
		case n.GetIndexStmt() != nil && !n.GetIndexStmt().IfNotExists:
			what = "CREATE INDEX"
		case n.GetDropStmt() != nil && !n.GetDropStmt().MissingOk:
			what = "DROP"
		default:
			return
		}
		p.Report(what+" "+fmt.Sprint(p.Stmt.Offset), "%s without IF %sEXISTS runs outside a transaction: if the migration fails later, re-running it fails here", what, map[bool]string{true: "", false: "NOT "}[what == "DROP"])
	},
}

// hasLongWord reports whether s has a run of at least n bytes that could be
// part of an identifier (anything but whitespace and SQL punctuation).
func hasLongWord(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '(', ')', ',', ';', '.', '\'', '=', '<', '>', '+', '-', '*', '/', ':':
			run = 0
		default:
			run++
			if run >= n {
				return true
			}
		}
	}
	return false
}
