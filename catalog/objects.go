package catalog

import (
	"maps"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// applyObject handles the statements about objects other than tables and
// indexes: schemas, extensions, comments, domains, sequences, SET SCHEMA,
// views. It reports whether the statement was one of them.
func (c *Catalog) applyObject(stmt *pgast.Node) bool {
	switch {
	case stmt.GetCreateSchemaStmt() != nil:
		c.schemas[stmt.GetCreateSchemaStmt().Schemaname] = true
	case stmt.GetCreateExtensionStmt() != nil:
		c.extensions[stmt.GetCreateExtensionStmt().Extname] = true
	case stmt.GetCommentStmt() != nil:
		c.comment(stmt.GetCommentStmt())
	case stmt.GetCreateFunctionStmt() != nil:
		f := stmt.GetCreateFunctionStmt()
		names := stringList(f.Funcname)
		for _, o := range f.Options {
			if d := o.GetDefElem(); d.GetDefname() == "as" {
				for _, part := range stringList(d.Arg.GetList().GetItems()) {
					c.functions[names[len(names)-1]] += part
				}
			}
		}
		c.noteRoutine(f)
	case stmt.GetCreateDomainStmt() != nil:
		s := stmt.GetCreateDomainStmt()
		d := &Domain{Name: c.typeName(s.Domainname), Base: TypeOf(s.TypeName)}
		for _, cn := range s.Constraints {
			switch con := cn.GetConstraint(); con.GetContype() {
			case pgast.ConstrType_CONSTR_NOTNULL:
				d.NotNull = true
			case pgast.ConstrType_CONSTR_CHECK:
				d.Checks = append(d.Checks, deparseExpr(con.RawExpr))
			}
		}
		c.touchDomain(d.Name)
		c.domains[d.Name] = d
	case stmt.GetCreateSeqStmt() != nil:
		s := stmt.GetCreateSeqStmt()
		n := c.Resolve(s.Sequence)
		if c.sequences[n] == nil || !s.IfNotExists {
			c.touchSequence(n)
			c.sequences[n] = &Sequence{Name: n, Type: "bigint"}
		}
	case stmt.GetAlterSeqStmt() != nil:
		s := stmt.GetAlterSeqStmt()
		if sq := c.sequences[c.resolveSequence(s.Sequence)]; sq != nil {
			for _, o := range s.Options {
				if d := o.GetDefElem(); d.GetDefname() == "owned_by" {
					parts := stringList(d.Arg.GetList().GetItems())
					if len(parts) >= 2 {
						c.touchSequence(sq.Name)
						t := c.qualify(parts[len(parts)-2], func(n Name) bool { return c.tables[n] != nil })
						sq.OwnedBy = &ColumnRef{Table: t, Column: parts[len(parts)-1]}
					}
				}
			}
		}
	case stmt.GetAlterObjectSchemaStmt() != nil:
		c.setSchema(stmt.GetAlterObjectSchemaStmt())
	case stmt.GetViewStmt() != nil:
		c.createView(stmt.GetViewStmt().View, stmt.GetViewStmt().Aliases, stmt.GetViewStmt().Query, RelView, stmt.GetViewStmt().Replace)
	case stmt.GetCreateTableAsStmt() != nil:
		s := stmt.GetCreateTableAsStmt()
		kind := RelTable
		if s.Objtype == pgast.ObjectType_OBJECT_MATVIEW {
			kind = RelMatView
		}
		into := s.GetInto()
		c.createView(into.GetRel(), into.GetColNames(), s.Query, kind, false)
	default:
		return false
	}
	return true
}

func (c *Catalog) resolveSequence(rv *pgast.RangeVar) Name {
	if rv.Schemaname != "" {
		return Name{rv.Schemaname, rv.Relname}
	}
	return c.qualify(rv.Relname, func(n Name) bool { return c.sequences[n] != nil })
}

// ownSequence records the sequence a serial or identity column creates,
// named as PostgreSQL names it.
func (c *Catalog) ownSequence(t Name, col *Column) {
	n := Name{t.Schema, objectName(t.Name, col.Name, "seq")}
	c.touchSequence(n)
	c.sequences[n] = &Sequence{Name: n, Type: col.Type.Name, OwnedBy: &ColumnRef{Table: t, Column: col.Name}}
}

func (c *Catalog) comment(s *pgast.CommentStmt) {
	parts := stringList(s.Object.GetList().GetItems())
	text := ""
	if s.Comment != "" {
		text = s.Comment
	}
	switch s.Objtype {
	case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW:
		if t := c.tableByParts(parts); t != nil {
			c.touchTable(t.Name)
			t.Comment = text
		}
	case pgast.ObjectType_OBJECT_COLUMN:
		if len(parts) >= 2 {
			if t := c.tableByParts(parts[:len(parts)-1]); t != nil {
				if col := t.Column(parts[len(parts)-1]); col != nil {
					c.touchTable(t.Name)
					col.Comment = text
				}
			}
		}
	}
}

func (c *Catalog) tableByParts(parts []string) *Table {
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return c.tables[c.qualify(parts[0], func(n Name) bool { return c.tables[n] != nil })]
	}
	return c.tables[Name{parts[len(parts)-2], parts[len(parts)-1]}]
}

// setSchema moves a table (with its indexes), enum or sequence to another
// schema.
func (c *Catalog) setSchema(s *pgast.AlterObjectSchemaStmt) {
	switch s.ObjectType {
	case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW:
		n := c.Resolve(s.Relation)
		t := c.tables[n]
		if t == nil {
			return
		}
		to := Name{s.Newschema, n.Name}
		c.touchTable(n)
		c.touchTable(to)
		delete(c.tables, n)
		t.Name = to
		c.tables[to] = t
		// Collected first: moving an index or sequence while ranging over
		// the map could meet it again under its new name.
		var indexes []*Index
		for _, ix := range c.indexes {
			if ix.Table == n {
				indexes = append(indexes, ix)
			}
		}
		for _, ix := range indexes {
			m := Name{s.Newschema, ix.Name.Name}
			c.removeIndex(ix.Name)
			c.touchIndex(m)
			ix.Table, ix.Name = to, m
			c.indexes[m] = ix
		}
		// Owned sequences move with their table.
		var owned []*Sequence
		for _, sq := range c.sequences {
			if sq.OwnedBy != nil && sq.OwnedBy.Table == n {
				owned = append(owned, sq)
			}
		}
		for _, sq := range owned {
			from, m := sq.Name, Name{s.Newschema, sq.Name.Name}
			c.touchSequence(from)
			c.touchSequence(m)
			delete(c.sequences, from)
			sq.Name = m
			c.sequences[m] = sq
			c.retargetSequence(from, m)
		}
		c.retarget(n, to)
	case pgast.ObjectType_OBJECT_TYPE:
		n := c.typeName(s.Object.GetList().GetItems())
		if e := c.enums[n]; e != nil {
			to := Name{s.Newschema, n.Name}
			c.touchEnum(n)
			c.touchEnum(to)
			delete(c.enums, n)
			e.Name = to
			c.enums[to] = e
		}
	}
}

// createView records a view (or materialized view, or CREATE TABLE AS)
// with its output columns and, for views, the base columns it reads, so
// dropping or retyping those can be traced to it (a table made by CREATE
// TABLE AS holds a copy and depends on nothing). What the query does beyond
// plain column references is recorded by name only.
func (c *Catalog) createView(rv *pgast.RangeVar, aliases []*pgast.Node, query *pgast.Node, kind RelKind, replace bool) {
	if isTemporary(rv) {
		return
	}
	n := c.Resolve(rv)
	if c.tables[n] != nil && !replace {
		return
	}
	v := &Table{Name: n, Kind: kind}
	sel := query.GetSelectStmt()
	if sel == nil {
		v.Uncertain = true // not a SELECT: columns not followed
	}
	// A set operation (UNION …) takes its column names from the first
	// branch and reads the columns of every branch.
	for i, branch := range selectBranches(sel) {
		cols, deps := c.selectColumns(branch)
		if i == 0 {
			v.Columns = cols
		}
		if kind == RelTable {
			continue // CREATE TABLE AS copies rows: the table depends on nothing
		}
		for _, d := range deps {
			if !slices.Contains(v.DependsOn, d) {
				v.DependsOn = append(v.DependsOn, d)
			}
		}
	}
	for i, a := range stringList(aliases) {
		if i < len(v.Columns) {
			v.Columns[i].Name = a
		}
	}
	c.touchTable(n)
	c.tables[n] = v
}

// selectBranches flattens a set operation into its plain SELECTs, in order.
func selectBranches(sel *pgast.SelectStmt) []*pgast.SelectStmt {
	if sel == nil {
		return nil
	}
	if sel.Op != pgast.SetOperation_SETOP_NONE && sel.Op != pgast.SetOperation_SET_OPERATION_UNDEFINED {
		return append(selectBranches(sel.Larg), selectBranches(sel.Rarg)...)
	}
	return []*pgast.SelectStmt{sel}
}

// selectColumns returns the output columns of a plain SELECT and the base
// columns it reads. Output columns that are expressions get their alias
// (or ?column?) and no type: the replay does not compute result types.
func (c *Catalog) selectColumns(sel *pgast.SelectStmt) ([]*Column, []ColumnRef) {
	var cols []*Column
	var deps []ColumnRef
	sources := c.fromTables(sel.GetFromClause())
	find := func(qualifier, col string) (Name, *Column) {
		for _, src := range sources {
			if qualifier != "" && qualifier != src.alias && qualifier != src.name.Name {
				continue
			}
			if t := c.tables[src.name]; t != nil {
				if cc := t.Column(col); cc != nil {
					return src.name, cc
				}
			}
		}
		return Name{}, nil
	}
	addDep := func(d ColumnRef) {
		if !slices.Contains(deps, d) {
			deps = append(deps, d)
		}
	}
	for _, target := range sel.GetTargetList() {
		rt := target.GetResTarget()
		fields := rt.GetVal().GetColumnRef().GetFields()
		if len(fields) > 0 && fields[len(fields)-1].GetAStar() != nil {
			for _, src := range sources { // SELECT * and t.*
				if t := c.tables[src.name]; t != nil && (len(fields) == 1 || stringList(fields[:1])[0] == src.alias || stringList(fields[:1])[0] == src.name.Name) {
					for _, cc := range t.Columns {
						cols = append(cols, &Column{Name: cc.Name, Type: cc.Type})
						addDep(ColumnRef{src.name, cc.Name})
					}
				}
			}
			continue
		}
		out := &Column{Name: rt.GetName()}
		if len(fields) > 0 {
			names := stringList(fields)
			qualifier := ""
			if len(names) > 1 {
				qualifier = names[len(names)-2]
			}
			if _, cc := find(qualifier, names[len(names)-1]); cc != nil {
				out.Type = cc.Type
			}
			if out.Name == "" {
				out.Name = names[len(names)-1]
			}
		}
		if out.Name == "" {
			out.Name = "?column?"
		}
		cols = append(cols, out)
	}
	// Every clause counts: a view that filters on a column depends on it.
	whole := &pgast.Node{Node: &pgast.Node_SelectStmt{SelectStmt: sel}}
	for _, ref := range distinct(columnRefs(whole)) {
		if src, cc := find("", ref); cc != nil {
			addDep(ColumnRef{src, ref})
		}
	}
	return cols, deps
}

type source struct {
	name  Name
	alias string
}

// fromTables lists the relations of a FROM clause, through joins.
func (c *Catalog) fromTables(from []*pgast.Node) []source {
	var out []source
	var walk func(n *pgast.Node)
	walk = func(n *pgast.Node) {
		switch {
		case n.GetRangeVar() != nil:
			rv := n.GetRangeVar()
			out = append(out, source{c.Resolve(rv), rv.GetAlias().GetAliasname()})
		case n.GetJoinExpr() != nil:
			walk(n.GetJoinExpr().Larg)
			walk(n.GetJoinExpr().Rarg)
		}
	}
	for _, f := range from {
		walk(f)
	}
	return out
}

// dropDependents removes what depends on table t (or, with col set, on
// that column): views reading it and foreign keys referencing it. It is
// what DROP … CASCADE does; without CASCADE PostgreSQL refuses the drop
// instead, so a migration that succeeded left no such dependents.
func (c *Catalog) dropDependents(t Name, col string) {
	for n, other := range c.tables {
		if n == t {
			continue
		}
		for _, dep := range other.DependsOn {
			if dep.Table == t && (col == "" || dep.Column == col) {
				c.dropTable(n)
				break
			}
		}
		c.deleteConstraints(other, func(k *Constraint) bool {
			return k.Kind == ForeignKey && k.RefTable == t && (col == "" || slices.Contains(k.RefCols, col))
		})
	}
	for n, sq := range c.sequences {
		if sq.OwnedBy != nil && sq.OwnedBy.Table == t && (col == "" || sq.OwnedBy.Column == col) {
			c.touchSequence(n)
			delete(c.sequences, n)
		}
	}
}

// dropKeyDependents removes the foreign keys that reference columns of
// table t through a unique key or index on exactly those columns, which
// is what they depend on: dropping the key (or its index) with CASCADE
// drops them, and without CASCADE PostgreSQL refuses, so a migration that
// succeeded had none.
func (c *Catalog) dropKeyDependents(t Name, cols []string) {
	key := slices.Sorted(slices.Values(cols))
	for _, other := range c.tables {
		c.deleteConstraints(other, func(k *Constraint) bool {
			if k.Kind != ForeignKey || k.RefTable != t {
				return false
			}
			ref := k.RefCols
			if len(ref) == 0 { // REFERENCES t: its primary key
				ref = c.primaryKey(t)
			}
			return slices.Equal(slices.Sorted(slices.Values(ref)), key)
		})
	}
}

// deleteConstraints removes the constraints of t that match, touching t
// first when one does.
func (c *Catalog) deleteConstraints(t *Table, match func(*Constraint) bool) {
	if slices.ContainsFunc(t.Constraints, match) {
		c.touchTable(t.Name)
		t.Constraints = slices.DeleteFunc(t.Constraints, match)
	}
}

// dropTable removes relation n, what depends on it and its indexes.
func (c *Catalog) dropTable(n Name) {
	c.touchTable(n)
	delete(c.tables, n)
	c.dropDependents(n, "")
	for k, ix := range c.indexes {
		if ix.Table == n {
			c.removeIndex(k)
		}
	}
}

// primaryKey returns the primary key columns of table t, or nil.
func (c *Catalog) primaryKey(t Name) []string {
	if tt := c.tables[t]; tt != nil {
		for _, k := range tt.Constraints {
			if k.Kind == PrimaryKey {
				return k.Columns
			}
		}
	}
	return nil
}

// dropTypeDependents removes what depends on type n (an enum or a
// domain): the columns of that type (or arrays of it) and domains over it.
func (c *Catalog) dropTypeDependents(n Name) {
	names := []string{quoteIdent(n.Name), quoteIdent(n.Schema) + "." + quoteIdent(n.Name)}
	for _, t := range c.tables {
		for _, col := range slices.Clone(t.Columns) {
			if slices.Contains(names, col.Type.Name) {
				c.touchTable(t.Name)
				t.Columns = slices.DeleteFunc(t.Columns, func(x *Column) bool { return x == col })
				c.dropColumnDependents(t, col.Name)
			}
		}
	}
	for k, d := range c.domains {
		if k != n && slices.Contains(names, d.Base.Name) {
			c.touchDomain(k)
			delete(c.domains, k)
			c.dropTypeDependents(k)
		}
	}
}

// dropSequenceDependents removes the column defaults that call sequence
// n: they depend on it, and go with it under CASCADE.
func (c *Catalog) dropSequenceDependents(n Name) {
	refs := []string{"'" + regclassText(n) + "'", "'" + n.Schema + "." + n.Name + "'", "'" + n.Name + "'"}
	for _, t := range c.tables {
		for _, col := range t.Columns {
			if col.Default != nil && slices.ContainsFunc(refs, func(r string) bool { return strings.Contains(col.Default.Expr, r) }) {
				c.touchTable(t.Name)
				col.Default = nil
			}
		}
	}
}

// dropColumnDependents removes what goes with column col of table t when
// it is dropped: constraints and indexes that use it, and (CASCADE) views
// and foreign keys that depend on it.
func (c *Catalog) dropColumnDependents(t *Table, col string) {
	c.dropDependents(t.Name, col)
	c.deleteConstraints(t, func(k *Constraint) bool { return slices.Contains(k.Columns, col) })
	for k, ix := range c.indexes {
		if ix.Table == t.Name && (slices.Contains(ix.Columns, col) || slices.Contains(ix.Uses, col)) {
			c.removeIndex(k)
		}
	}
}

// dropSchema removes a schema and everything in it.
func (c *Catalog) dropSchema(name string) {
	delete(c.schemas, name)
	for n := range c.tables {
		if n.Schema == name {
			c.touchTable(n)
			delete(c.tables, n)
			c.dropDependents(n, "")
		}
	}
	deleteInSchema(c.indexes, name, c.touchIndex)
	deleteInSchema(c.enums, name, c.touchEnum)
	deleteInSchema(c.domains, name, c.touchDomain)
	deleteInSchema(c.sequences, name, c.touchSequence)
}

// deleteInSchema removes the objects of m that live in schema, touching
// each first.
func deleteInSchema[V any](m map[Name]V, schema string, touch func(Name)) {
	maps.DeleteFunc(m, func(n Name, _ V) bool {
		if n.Schema == schema {
			touch(n)
			return true
		}
		return false
	})
}

// isTemporary reports whether rv names a temporary relation, which lives
// only in the migration's session and is not part of the schema.
func isTemporary(rv *pgast.RangeVar) bool { return rv.GetRelpersistence() == "t" }

// retarget points references to table from (foreign keys, view
// dependencies, sequence ownership) at its new name after a rename or a
// move to another schema.
func (c *Catalog) retarget(from, to Name) {
	for _, t := range c.tables {
		for i := range t.DependsOn {
			if t.DependsOn[i].Table == from {
				c.touchTable(t.Name)
				t.DependsOn[i].Table = to
			}
		}
		for _, k := range t.Constraints {
			if k.RefTable == from {
				c.touchTable(t.Name)
				k.RefTable = to
			}
		}
		if t.PartitionOf == from {
			c.touchTable(t.Name)
			t.PartitionOf = to
		}
	}
	for _, sq := range c.sequences {
		if sq.OwnedBy != nil && sq.OwnedBy.Table == from {
			c.touchSequence(sq.Name)
			sq.OwnedBy.Table = to
		}
	}
}

// renameColumnRefs follows a column rename into the references other
// objects hold to it.
func (c *Catalog) renameColumnRefs(table Name, from, to string) {
	for _, t := range c.tables {
		for i := range t.DependsOn {
			if t.DependsOn[i] == (ColumnRef{table, from}) {
				c.touchTable(t.Name)
				t.DependsOn[i].Column = to
			}
		}
		for _, k := range t.Constraints {
			if k.RefTable == table && slices.Contains(k.RefCols, from) {
				c.touchTable(t.Name)
				renameIn(k.RefCols, from, to)
			}
		}
	}
	for _, sq := range c.sequences {
		if sq.OwnedBy != nil && *sq.OwnedBy == (ColumnRef{table, from}) {
			c.touchSequence(sq.Name)
			sq.OwnedBy.Column = to
		}
	}
}

// renameColumnType makes columns of type from use its new name to. Column
// types are stored as format_type prints them: qualified or not.
func (c *Catalog) renameColumnType(from, to Name) {
	for _, t := range c.tables {
		for _, col := range t.Columns {
			switch col.Type.Name {
			case quoteIdent(from.Name):
				c.touchRef(t.Name)
				col.Type.Name = quoteIdent(to.Name)
			case quoteIdent(from.Schema) + "." + quoteIdent(from.Name):
				c.touchRef(t.Name)
				col.Type.Name = quoteIdent(to.Schema) + "." + quoteIdent(to.Name)
			}
		}
	}
}

// callsKnownFunction returns the body of a function the migrations created
// that stmt calls (SELECT f(), CALL p()), or "".
func (c *Catalog) callsKnownFunction(stmt *pgast.Node) (string, string) {
	if stmt.GetSelectStmt() == nil && stmt.GetCallStmt() == nil {
		return "", ""
	}
	var name, body string
	pgtree.Walk(stmt, func(m pgast.Message) bool {
		if fc, ok := m.(*pgast.FuncCall); ok && name == "" {
			parts := stringList(fc.Funcname)
			if b, known := c.functions[parts[len(parts)-1]]; known {
				name, body = parts[len(parts)-1], b
			}
		}
		return true
	})
	return name, body
}
