package rules

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// Fix recipes are SQL that runs on PostgreSQL as printed (a test runs
// every one the fixtures produce): they are built from the statement's own
// parse tree and deparsed, so names keep their quoting ("Email" stays
// "Email"), or formatted with quoteIdent.

var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

var identCache sync.Map

// quoteIdent quotes a name as PostgreSQL's quote_ident does: unless it is
// a plain lowercase identifier that is not a reserved word.
func quoteIdent(s string) string {
	if v, ok := identCache.Load(s); ok {
		return v.(string)
	}
	q := `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	if plainIdent.MatchString(s) {
		if res, err := pgtree.Scan(s); err == nil && len(res.Tokens) == 1 {
			tok := res.Tokens[0]
			if tok.Token == pgast.Token_IDENT || tok.KeywordKind == pgast.KeywordKind_UNRESERVED_KEYWORD {
				q = s
			}
		}
	}
	identCache.Store(s, q)
	return q
}

// qname renders a relation name for SQL.
func qname(n catalog.Name) string {
	if n.Schema == "" {
		return quoteIdent(n.Name)
	}
	return quoteIdent(n.Schema) + "." + quoteIdent(n.Name)
}

// rangeVar is n as a parse-tree relation.
func rangeVar(n catalog.Name) *pgast.RangeVar {
	return &pgast.RangeVar{Schemaname: n.Schema, Relname: n.Name, Inh: true, Relpersistence: "p"}
}

// deparse renders one statement as SQL, with a terminating semicolon.
func deparse(stmt *pgast.Node) string {
	s, err := pgtree.DeparseStmt(stmt)
	if err != nil {
		return ""
	}
	return s + ";"
}

// alterOne is ALTER TABLE t with the one subcommand cmd.
func alterOne(t catalog.Name, cmd *pgast.AlterTableCmd) *pgast.Node {
	return &pgast.Node{Node: &pgast.Node_AlterTableStmt{AlterTableStmt: &pgast.AlterTableStmt{
		Relation: rangeVar(t), Objtype: pgast.ObjectType_OBJECT_TABLE,
		Cmds: []*pgast.Node{{Node: &pgast.Node_AlterTableCmd{AlterTableCmd: cmd}}},
	}}}
}

// addConstraint is ALTER TABLE t ADD CONSTRAINT con.
func addConstraint(t catalog.Name, con *pgast.Constraint) string {
	return deparse(alterOne(t, &pgast.AlterTableCmd{Subtype: pgast.AlterTableType_AT_AddConstraint,
		Def: &pgast.Node{Node: &pgast.Node_Constraint{Constraint: con}}, Behavior: pgast.DropBehavior_DROP_RESTRICT}))
}

// validate is ALTER TABLE t VALIDATE CONSTRAINT name.
func validate(t catalog.Name, name string) string {
	return "ALTER TABLE " + qname(t) + " VALIDATE CONSTRAINT " + quoteIdent(name) + ";"
}

// notValidRecipe splits adding a CHECK or FOREIGN KEY into adding it NOT
// VALID and validating it later; on a partitioned table before PostgreSQL
// 18, which refuses NOT VALID foreign keys there, each partition gets the
// foreign key that way first and the parent then adopts them.
func notValidRecipe(p *Pass, t catalog.Name, con *pgast.Constraint) string {
	con = pgtree.Clone(con)
	con.Conname = catalog.ConstraintName(t.Name, con, "")
	con.SkipValidation, con.InitiallyValid = true, false
	table := p.Catalog.Table(t)
	if con.Contype == pgast.ConstrType_CONSTR_FOREIGN && table != nil && table.Kind == catalog.RelPartitioned && p.PGVersion < 18 {
		var b strings.Builder
		for _, part := range p.Catalog.Partitions(t) {
			b.WriteString(addConstraint(part.Name, con) + "\n" + validate(part.Name, con.Conname) + " -- in a separate transaction\n")
		}
		if b.Len() == 0 {
			b.WriteString("-- for each partition: ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a separate transaction\n")
		}
		con.SkipValidation, con.InitiallyValid = false, true
		b.WriteString(addConstraint(t, con) + " -- PostgreSQL " + strconv.Itoa(p.PGVersion) + " refuses NOT VALID here; the partitions' validated keys are adopted without a scan")
		return b.String()
	}
	return addConstraint(t, con) + "\n" + validate(t, con.Conname) + " -- in a separate transaction"
}

// setNotNullRecipe sets NOT NULL without a scan under ACCESS EXCLUSIVE:
// a CHECK proves it first.
func setNotNullRecipe(t catalog.Name, col string) string {
	check := catalog.GeneratedName(t.Name, []string{col}, "not_null")
	return "ALTER TABLE " + qname(t) + " ADD CONSTRAINT " + quoteIdent(check) + " CHECK (" + quoteIdent(col) + " IS NOT NULL) NOT VALID;\n" +
		validate(t, check) + " -- in a separate transaction\n" +
		"ALTER TABLE " + qname(t) + " ALTER COLUMN " + quoteIdent(col) + " SET NOT NULL;\n" +
		"ALTER TABLE " + qname(t) + " DROP CONSTRAINT " + quoteIdent(check) + ";"
}

// concurrentIndexRecipe builds an index without blocking writes: with
// CONCURRENTLY, or on a partitioned table (which refuses CONCURRENTLY) as
// an index on the parent only, built CONCURRENTLY on each partition and
// attached.
func concurrentIndexRecipe(p *Pass, s *pgast.IndexStmt) string {
	t := p.Resolve(s.Relation)
	n := pgtree.Clone(&pgast.Node{Node: &pgast.Node_IndexStmt{IndexStmt: s}})
	ix := n.GetIndexStmt()
	if table := p.Catalog.Table(t); table == nil || table.Kind != catalog.RelPartitioned {
		ix.Concurrent = true
		return deparse(n) + " -- in a migration that runs outside a transaction"
	}
	if ix.Idxname == "" {
		ix.Idxname = catalog.GeneratedName(t.Name, indexColumns(ix), "idx")
	}
	ix.Concurrent, ix.Relation.Inh = false, false
	var b strings.Builder
	b.WriteString(deparse(n) + " -- ON ONLY: the parent's index, built for no partition yet\n")
	parent := catalog.Name{Schema: t.Schema, Name: ix.Idxname}
	parts := p.Catalog.Partitions(t)
	for _, part := range parts {
		child := pgtree.Clone(n)
		c := child.GetIndexStmt()
		c.Relation, c.Concurrent = rangeVar(part.Name), true
		c.Idxname = catalog.GeneratedName(part.Name.Name, indexColumns(c), "idx")
		b.WriteString(deparse(child) + " -- outside a transaction\n")
		b.WriteString("ALTER INDEX " + qname(parent) + " ATTACH PARTITION " + qname(catalog.Name{Schema: part.Name.Schema, Name: c.Idxname}) + ";\n")
	}
	if len(parts) == 0 {
		b.WriteString("-- for each partition: CREATE INDEX CONCURRENTLY … ON the partition, then ALTER INDEX " + qname(parent) + " ATTACH PARTITION …\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func indexColumns(s *pgast.IndexStmt) []string {
	var out []string
	for _, e := range s.IndexParams {
		if name := e.GetIndexElem().GetName(); name != "" {
			out = append(out, name)
		} else {
			out = append(out, "expr")
		}
	}
	return out
}

// addColumnThenConstraint adds a column without the constraint written on
// it, then adds the constraint NOT VALID and validates it.
func addColumnThenConstraint(p *Pass, t catalog.Name, def *pgast.ColumnDef, con *pgast.Constraint) string {
	add := addColumnWithout(t, def, func(c *pgast.Constraint) bool { return c == con })
	tc := pgtree.Clone(con)
	tc.Conname = catalog.ConstraintName(t.Name, con, def.Colname)
	if tc.Contype == pgast.ConstrType_CONSTR_FOREIGN && len(tc.FkAttrs) == 0 {
		tc.FkAttrs = []*pgast.Node{{Node: &pgast.Node_String_{String_: &pgast.String{Sval: def.Colname}}}}
	}
	return add + "\n" + notValidRecipe(p, t, tc)
}

// uniqueRecipe adds a UNIQUE or PRIMARY KEY constraint without building
// its index under ACCESS EXCLUSIVE: the index is built CONCURRENTLY and
// the constraint adopts it (USING INDEX). A partitioned table refuses
// USING INDEX, so there each partition's index is built CONCURRENTLY and
// the constraint added to the parent adopts them.
func uniqueRecipe(p *Pass, t catalog.Name, con *pgast.Constraint) string {
	name := catalog.ConstraintName(t.Name, con, "")
	cols := stringList(con.Keys)
	var b strings.Builder
	if table := p.Catalog.Table(t); table != nil && table.Kind == catalog.RelPartitioned {
		// USING INDEX is refused on a partitioned table, but the parent's
		// constraint adopts each partition's matching constraint.
		for _, part := range p.Catalog.Partitions(t) {
			pname := catalog.GeneratedName(part.Name.Name, cols, map[bool]string{true: "pkey", false: "key"}[con.Contype == pgast.ConstrType_CONSTR_PRIMARY])
			b.WriteString(deparse(uniqueIndex(part.Name, pname, con)) + " -- outside a transaction\n")
			using := &pgast.Constraint{Contype: con.Contype, Conname: pname, Indexname: pname}
			b.WriteString(addConstraint(part.Name, using) + "\n")
		}
		if b.Len() == 0 {
			b.WriteString("-- for each partition: CREATE UNIQUE INDEX CONCURRENTLY … ON the partition (" + strings.Join(cols, ", ") + "), then ADD CONSTRAINT … USING INDEX on it\n")
		}
		whole := pgtree.Clone(con)
		whole.Conname = name
		b.WriteString(addConstraint(t, whole) + " -- adopts the partitions' constraints: no index is built")
		return b.String()
	}
	if con.Contype == pgast.ConstrType_CONSTR_PRIMARY {
		for _, col := range nullableColumns(p, t, cols) {
			b.WriteString(setNotNullRecipe(t, col) + "\n")
		}
	}
	b.WriteString(deparse(uniqueIndex(t, name, con)) + " -- outside a transaction\n")
	using := &pgast.Constraint{Contype: con.Contype, Conname: name, Indexname: name, Deferrable: con.Deferrable, Initdeferred: con.Initdeferred}
	b.WriteString(addConstraint(t, using))
	return b.String()
}

// uniqueIndex is CREATE UNIQUE INDEX CONCURRENTLY name ON t over con's keys.
func uniqueIndex(t catalog.Name, name string, con *pgast.Constraint) *pgast.Node {
	ix := &pgast.IndexStmt{Idxname: name, Relation: rangeVar(t), AccessMethod: "btree", Unique: true, Concurrent: true,
		NullsNotDistinct: con.NullsNotDistinct}
	for _, k := range stringList(con.Keys) {
		ix.IndexParams = append(ix.IndexParams, &pgast.Node{Node: &pgast.Node_IndexElem{IndexElem: &pgast.IndexElem{
			Name: k, Ordering: pgast.SortByDir_SORTBY_DEFAULT, NullsOrdering: pgast.SortByNulls_SORTBY_NULLS_DEFAULT}}})
	}
	for _, k := range stringList(con.Including) {
		ix.IndexIncludingParams = append(ix.IndexIncludingParams, &pgast.Node{Node: &pgast.Node_IndexElem{IndexElem: &pgast.IndexElem{
			Name: k, Ordering: pgast.SortByDir_SORTBY_DEFAULT, NullsOrdering: pgast.SortByNulls_SORTBY_NULLS_DEFAULT}}})
	}
	return &pgast.Node{Node: &pgast.Node_IndexStmt{IndexStmt: ix}}
}

// addColumnUniqueRecipe adds a column without its UNIQUE clause, then the
// constraint as uniqueRecipe does.
func addColumnUniqueRecipe(p *Pass, t catalog.Name, def *pgast.ColumnDef, con *pgast.Constraint) string {
	add := addColumnWithout(t, def, func(c *pgast.Constraint) bool { return c == con })
	tc := pgtree.Clone(con)
	tc.Keys = []*pgast.Node{{Node: &pgast.Node_String_{String_: &pgast.String{Sval: def.Colname}}}}
	tc.Conname = catalog.ConstraintName(t.Name, tc, def.Colname)
	return add + "\n" + uniqueRecipe(p, t, tc)
}

// nullableColumns returns the columns of cols the catalog does not know
// to be NOT NULL.
func nullableColumns(p *Pass, t catalog.Name, cols []string) []string {
	var out []string
	for _, c := range cols {
		if col := columnOf(p, t, c); col == nil || !col.NotNull {
			out = append(out, c)
		}
	}
	return out
}

// nullableKeyColumns returns the nullable columns of an index.
func nullableKeyColumns(p *Pass, t catalog.Name, index string) []string {
	ix := p.Catalog.Index(catalog.Name{Schema: t.Schema, Name: index})
	if ix == nil {
		return nil
	}
	return nullableColumns(p, t, ix.Columns)
}

// addNullableThenNotNull adds a column without NOT NULL, leaves the
// backfill to the reader, then sets NOT NULL the way that does not scan
// under ACCESS EXCLUSIVE (or: give it a DEFAULT).
func addNullableThenNotNull(t catalog.Name, def *pgast.ColumnDef) string {
	add := addColumnWithout(t, def, func(c *pgast.Constraint) bool { return c.GetContype() == pgast.ConstrType_CONSTR_NOTNULL })
	return add + " -- or give it a DEFAULT, if one value fits every existing row\n" +
		"-- make every writer set " + quoteIdent(def.Colname) + ", backfill existing rows in batches, then:\n" +
		setNotNullRecipe(t, def.Colname)
}

// addColumnWithout is ALTER TABLE t ADD COLUMN def without the clauses
// drop says to leave out (a NOT NULL clause also clears IS NOT NULL).
func addColumnWithout(t catalog.Name, def *pgast.ColumnDef, drop func(*pgast.Constraint) bool) string {
	plain := pgtree.Clone(def)
	plain.Constraints = nil
	for _, c := range def.Constraints {
		con := c.GetConstraint()
		switch {
		case !drop(con):
			plain.Constraints = append(plain.Constraints, c)
		case con.GetContype() == pgast.ConstrType_CONSTR_NOTNULL:
			plain.IsNotNull = false
		}
	}
	if def.IsNotNull && drop(&pgast.Constraint{Contype: pgast.ConstrType_CONSTR_NOTNULL}) {
		plain.IsNotNull = false
	}
	return deparse(alterOne(t, &pgast.AlterTableCmd{Subtype: pgast.AlterTableType_AT_AddColumn,
		Def: &pgast.Node{Node: &pgast.Node_ColumnDef{ColumnDef: plain}}, Behavior: pgast.DropBehavior_DROP_RESTRICT}))
}
