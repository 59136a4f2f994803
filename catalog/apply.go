package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/migration"
)

// ApplyExceptInner is Apply for a caller that has already applied the static
// statements of a DO block one by one (DoBlock.Statements): it applies the
// block's other effects only. do is migration.ReadDo(stmt), which the
// caller has read already. Other statements it applies as Apply does.
func (c *Catalog) ApplyExceptInner(stmt *pgast.Node, do *migration.DoBlock) error {
	if do != nil {
		noteApply(stmt)
		return c.applyDo(do, false)
	}
	return c.Apply(stmt)
}

// Apply replays one statement. Statements that do not change the schema are
// ignored; an error says what could not be followed, and the objects it may
// have touched are marked Uncertain.
func (c *Catalog) Apply(stmt *pgast.Node) error { return c.apply(stmt, nil) }

// ApplyStatement is Apply for a statement of a parsed migration file,
// whose DO block, if it is one, was read with the file (Statement.Do).
func (c *Catalog) ApplyStatement(st *migration.Statement) error { return c.apply(st.Node, st.Do) }

// apply is Apply with stmt's DO block, when do is not nil.
func (c *Catalog) apply(stmt *pgast.Node, do *migration.DoBlock) error {
	noteApply(stmt)
	if c.applyObject(stmt) {
		return nil
	}
	if name, body := c.callsKnownFunction(stmt); name != "" {
		return c.markUncertain(body, "function "+name)
	}
	switch {
	case stmt.GetCreateStmt() != nil:
		return c.createTable(stmt.GetCreateStmt())
	case stmt.GetCreateForeignTableStmt().GetBaseStmt() != nil:
		return c.createForeignTable(stmt.GetCreateForeignTableStmt().GetBaseStmt())
	case stmt.GetAlterTableStmt() != nil:
		return c.alterTable(stmt.GetAlterTableStmt())
	case stmt.GetRenameStmt() != nil:
		return c.rename(stmt.GetRenameStmt())
	case stmt.GetDropStmt() != nil:
		c.drop(stmt.GetDropStmt())
	case stmt.GetIndexStmt() != nil:
		c.createIndex(stmt.GetIndexStmt())
	case stmt.GetCreateEnumStmt() != nil:
		e := stmt.GetCreateEnumStmt()
		n := c.typeName(e.TypeName)
		if c.enums[n] != nil {
			return fmt.Errorf("type %s already exists", n)
		}
		enum := &Enum{Name: n}
		for _, v := range e.Vals {
			enum.Labels = append(enum.Labels, v.GetString_().GetSval())
		}
		c.touchEnum(n)
		c.enums[n] = enum
	case stmt.GetAlterEnumStmt() != nil:
		c.alterEnum(stmt.GetAlterEnumStmt())
	case stmt.GetVariableSetStmt() != nil:
		c.setVariable(stmt.GetVariableSetStmt())
	case stmt.GetSelectStmt() != nil:
		c.setConfig(stmt.GetSelectStmt())
	case stmt.GetDoStmt() != nil:
		if do == nil {
			do = migration.ReadDo(stmt)
		}
		return c.applyDo(do, true)
	}
	return nil
}

func (c *Catalog) typeName(names []*pgast.Node) Name {
	var parts []string
	for _, n := range names {
		parts = append(parts, n.GetString_().GetSval())
	}
	if len(parts) == 2 {
		return Name{parts[0], parts[1]}
	}
	return c.qualify(parts[len(parts)-1], func(n Name) bool { return c.enums[n] != nil })
}

func (c *Catalog) createTable(s *pgast.CreateStmt) error {
	if isTemporary(s.Relation) {
		return nil
	}
	n := c.Resolve(s.Relation)
	if c.tables[n] != nil {
		if s.IfNotExists {
			return nil
		}
		return fmt.Errorf("table %s already exists", n)
	}
	t := &Table{Name: n, Kind: RelTable}
	if s.Partspec != nil {
		t.Kind = RelPartitioned
	}
	if s.Partbound != nil && len(s.InhRelations) == 1 {
		t.PartitionOf = c.Resolve(s.InhRelations[0].GetRangeVar())
		t.DefaultPartition = s.Partbound.IsDefault
	}
	for _, el := range s.TableElts {
		switch {
		case el.GetColumnDef() != nil:
			c.addColumn(t, el.GetColumnDef())
		case el.GetConstraint() != nil:
			c.addConstraint(t, el.GetConstraint(), "")
		}
	}
	c.touchTable(n)
	c.tables[n] = t
	return nil
}

func (c *Catalog) addColumn(t *Table, def *pgast.ColumnDef) {
	col := &Column{Name: def.Colname, Type: TypeOf(def.TypeName), NotNull: def.IsNotNull}
	if IsSerial(def.TypeName) {
		col.NotNull = true
		seq := Name{t.Name.Schema, objectName(t.Name.Name, def.Colname, "seq")}
		col.Default = &Default{Expr: fmt.Sprintf("nextval('%s'::regclass)", regclassText(seq)), Volatile: true}
		c.ownSequence(t.Name, col)
	}
	if def.RawDefault != nil && storesDefault(col.Type, def.RawDefault) {
		col.Default = c.defaultOf(def.RawDefault)
	}
	t.Columns = append(t.Columns, col)
	for _, cn := range def.Constraints {
		con := cn.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pgast.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pgast.ConstrType_CONSTR_NULL:
			col.NotNull = false
		case pgast.ConstrType_CONSTR_DEFAULT:
			col.Default = nil
			if storesDefault(col.Type, con.RawExpr) {
				col.Default = c.defaultOf(con.RawExpr)
			}
		case pgast.ConstrType_CONSTR_IDENTITY:
			col.NotNull = true
			col.Identity = "by default"
			if con.GeneratedWhen == "a" {
				col.Identity = "always"
			}
			c.ownSequence(t.Name, col)
		case pgast.ConstrType_CONSTR_GENERATED:
			col.Generated = deparseExpr(con.RawExpr)
		default:
			c.addConstraint(t, con, def.Colname)
		}
	}
}

// addConstraint records a table constraint; column is set for constraints
// written on a column definition. The caller has touched t. A key's index
// is recorded too, unless t is a scratch copy (ConstraintOf).
func (c *Catalog) addConstraint(t *Table, con *pgast.Constraint, column string) {
	c.addConstraintTo(t, con, column, false)
}

func (c *Catalog) addConstraintTo(t *Table, con *pgast.Constraint, column string, scratch bool) {
	k := Constraint{NotValid: con.SkipValidation}
	keys := con.Keys
	switch con.Contype {
	case pgast.ConstrType_CONSTR_PRIMARY:
		k.Kind = PrimaryKey
	case pgast.ConstrType_CONSTR_UNIQUE:
		k.Kind, k.NullsNotDistinct = Unique, con.NullsNotDistinct
	case pgast.ConstrType_CONSTR_CHECK:
		k.Kind, k.Expr = Check, deparseExpr(con.RawExpr)
		keys = nil
		k.Columns = inTableOrder(t, columnRefs(con.RawExpr))
		if len(k.Columns) == 0 && column != "" {
			k.Columns = []string{column}
		}
	case pgast.ConstrType_CONSTR_FOREIGN:
		k.Kind, keys = ForeignKey, con.FkAttrs
		k.RefTable = c.Resolve(con.Pktable)
		k.RefCols = stringList(con.PkAttrs)
	case pgast.ConstrType_CONSTR_EXCLUSION:
		k.Kind = Exclusion
	default:
		return
	}
	if k.Kind != Check {
		k.Columns = stringList(keys)
		if len(k.Columns) == 0 && column != "" {
			k.Columns = []string{column}
		}
	}
	if con.Indexname != "" { // ADD CONSTRAINT … USING INDEX
		if ix := c.indexes[Name{t.Name.Schema, con.Indexname}]; ix != nil {
			k.Columns = slices.Clone(ix.Columns)
		}
	}
	k.Name = ConstraintName(t.Name.Name, con, column)
	if ix := c.indexes[Name{t.Name.Schema, con.Indexname}]; con.Indexname != "" && ix != nil && k.Name != con.Indexname && !scratch {
		// USING INDEX renames the index to the constraint's name.
		c.renameIndex(ix, k.Name)
	}
	if k.Kind == PrimaryKey {
		for _, col := range k.Columns {
			if cc := t.Column(col); cc != nil {
				cc.NotNull = true
			}
		}
	}
	t.Constraints = append(t.Constraints, &k)
	if (k.Kind == PrimaryKey || k.Kind == Unique) && !scratch {
		n := Name{t.Name.Schema, k.Name}
		c.touchIndex(n)
		c.indexes[n] = &Index{Name: n, Table: t.Name, Unique: true, Columns: slices.Clone(k.Columns), Method: "btree"}
	}
}

func stringList(nodes []*pgast.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.GetString_().GetSval())
	}
	return out
}

func (c *Catalog) alterTable(s *pgast.AlterTableStmt) error {
	n := c.Resolve(s.Relation)
	t := c.tables[n]
	if t == nil {
		if s.MissingOk || s.Objtype != pgast.ObjectType_OBJECT_TABLE {
			return nil
		}
		// The statement ran, so the table exists, made outside the
		// migrations: a later DROP TABLE IF EXISTS of it is a drop.
		t = c.external(n)
	}
	c.touchTable(n)
	cmds := AlterPasses(s)
	for _, cmd := range cmds {
		col := t.Column(cmd.Name)
		switch cmd.Subtype {
		case pgast.AlterTableType_AT_AddColumn:
			if def := cmd.Def.GetColumnDef(); def != nil && (t.Column(def.Colname) == nil) {
				c.addColumn(t, def)
			}
		case pgast.AlterTableType_AT_DropColumn:
			if col != nil {
				c.removed[Name{n.Schema, n.Name + "." + cmd.Name}] = true
			}
			t.Columns = slices.DeleteFunc(t.Columns, func(x *Column) bool { return x.Name == cmd.Name })
			c.dropColumnDependents(t, cmd.Name)
		case pgast.AlterTableType_AT_AlterColumnType:
			if col != nil {
				col.Type = TypeOf(cmd.Def.GetColumnDef().GetTypeName())
			}
		case pgast.AlterTableType_AT_SetNotNull:
			if col != nil {
				col.NotNull = true
			}
		case pgast.AlterTableType_AT_DropNotNull:
			if col != nil {
				col.NotNull = false
			}
		case pgast.AlterTableType_AT_ColumnDefault:
			if col != nil {
				col.Default = nil
				if cmd.Def != nil && storesDefault(col.Type, cmd.Def) {
					col.Default = c.defaultOf(cmd.Def)
				}
			}
		case pgast.AlterTableType_AT_AddConstraint:
			if con := cmd.Def.GetConstraint(); con != nil {
				c.addConstraint(t, con, "")
			}
		case pgast.AlterTableType_AT_ValidateConstraint:
			for _, k := range t.Constraints {
				if k.Name == cmd.Name {
					k.NotValid = false
				}
			}
		case pgast.AlterTableType_AT_DropConstraint:
			i := slices.IndexFunc(t.Constraints, func(k *Constraint) bool { return k.Name == cmd.Name })
			if i < 0 && !t.Uncertain {
				// No such constraint: PostgreSQL skips it (IF EXISTS) or
				// fails, and a unique index of that name, which backs no
				// constraint, stays (authelia drops constraints named as
				// its unique indexes before dropping the indexes).
				continue
			}
			// The index a key or exclusion constraint owns goes with it;
			// on an uncertain table the constraint may be one of those.
			owns := i < 0
			if i >= 0 {
				k := t.Constraints[i]
				if k.Kind == PrimaryKey || k.Kind == Unique {
					c.dropKeyDependents(n, k.Columns)
				}
				owns = k.Kind == PrimaryKey || k.Kind == Unique || k.Kind == Exclusion
			}
			t.Constraints = slices.DeleteFunc(t.Constraints, func(k *Constraint) bool { return k.Name == cmd.Name })
			if owns {
				c.removeIndex(Name{n.Schema, cmd.Name})
			}
		case pgast.AlterTableType_AT_AttachPartition:
			if s.Objtype != pgast.ObjectType_OBJECT_INDEX {
				c.attachPartition(n, cmd.Def.GetPartitionCmd())
			}
		case pgast.AlterTableType_AT_DetachPartition:
			c.detachPartition(cmd.Def.GetPartitionCmd())
		}
	}
	return nil
}

// external records a table that statements use but no statement the
// replay followed creates (the application or a tool made it, or dynamic
// SQL did): it exists, and nothing else about it is known.
func (c *Catalog) external(n Name) *Table {
	t := &Table{Name: n, Kind: RelTable, Uncertain: true, External: true}
	c.touchTable(n)
	c.tables[n] = t
	return t
}

// AlterPasses returns the subcommands of an ALTER TABLE in the order
// PostgreSQL runs them: in passes, whatever the written order. Drops
// (columns, constraints) come first, so `DROP COLUMN c, ADD COLUMN c` and
// `ADD COLUMN c, DROP COLUMN c` both replace c; columns are added and
// changed before constraints are added.
func AlterPasses(s *pgast.AlterTableStmt) []*pgast.AlterTableCmd {
	pass := func(cmd *pgast.AlterTableCmd) int {
		switch cmd.Subtype {
		case pgast.AlterTableType_AT_DropColumn, pgast.AlterTableType_AT_DropConstraint:
			return 0
		case pgast.AlterTableType_AT_AddConstraint:
			return 2
		}
		return 1
	}
	cmds := make([]*pgast.AlterTableCmd, 0, len(s.Cmds))
	for p := range 3 {
		for _, cn := range s.Cmds {
			if cmd := cn.GetAlterTableCmd(); cmd != nil && pass(cmd) == p {
				cmds = append(cmds, cmd)
			}
		}
	}
	return cmds
}

func (c *Catalog) rename(s *pgast.RenameStmt) error {
	switch s.RenameType {
	case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW:
		n := c.Resolve(s.Relation)
		t := c.tables[n]
		if t == nil {
			// ALTER TABLE accepts any relation: a sequence, say.
			if s.RenameType == pgast.ObjectType_OBJECT_TABLE {
				c.renameSequence(c.resolveSequence(s.Relation), s.Newname)
			}
			return nil
		}
		to := Name{n.Schema, s.Newname}
		c.touchTable(n)
		c.touchTable(to)
		delete(c.tables, n)
		t.Name = to
		c.tables[to] = t
		for k, ix := range c.indexes {
			if ix.Table == n {
				c.touchIndex(k)
				ix.Table = to
			}
		}
		c.retarget(n, to)
	case pgast.ObjectType_OBJECT_COLUMN:
		if t := c.tables[c.Resolve(s.Relation)]; t != nil {
			if col := t.Column(s.Subname); col != nil {
				c.touchTable(t.Name)
				c.removed[Name{t.Name.Schema, t.Name.Name + "." + s.Subname}] = true
				col.Name = s.Newname
				for _, k := range t.Constraints {
					renameIn(k.Columns, s.Subname, s.Newname)
				}
				for _, ix := range c.IndexesOn(t.Name) {
					c.touchIndex(ix.Name)
					renameIn(ix.Columns, s.Subname, s.Newname)
					renameIn(ix.Uses, s.Subname, s.Newname)
				}
				c.renameColumnRefs(t.Name, s.Subname, s.Newname)
			}
		}
	case pgast.ObjectType_OBJECT_TYPE, pgast.ObjectType_OBJECT_DOMAIN:
		n := c.typeName(s.Object.GetList().GetItems())
		to := Name{n.Schema, s.Newname}
		c.renameColumnType(n, to)
		if e := c.enums[n]; e != nil {
			c.touchEnum(n)
			c.touchEnum(to)
			delete(c.enums, n)
			e.Name = to
			c.enums[to] = e
		}
		if d := c.domains[n]; d != nil {
			c.touchDomain(n)
			c.touchDomain(to)
			delete(c.domains, n)
			d.Name = to
			c.domains[to] = d
		}
	case pgast.ObjectType_OBJECT_TABCONSTRAINT:
		if t := c.tables[c.Resolve(s.Relation)]; t != nil {
			c.touchTable(t.Name)
			for _, k := range t.Constraints {
				if k.Name == s.Subname {
					k.Name = s.Newname
				}
			}
			if ix := c.indexes[Name{t.Name.Schema, s.Subname}]; ix != nil { // a key's index is renamed with it
				c.renameIndex(ix, s.Newname)
			}
		}
	case pgast.ObjectType_OBJECT_SEQUENCE:
		c.renameSequence(c.resolveSequence(s.Relation), s.Newname)
	case pgast.ObjectType_OBJECT_INDEX:
		n := c.Resolve(s.Relation)
		n = Name{n.Schema, s.Relation.Relname}
		if ix := c.indexes[n]; ix != nil {
			c.renameIndex(ix, s.Newname)
			// The constraint an index backs (primary key, unique,
			// exclusion) is renamed with it.
			if t := c.tables[ix.Table]; t != nil {
				c.touchTable(t.Name)
				for _, k := range t.Constraints {
					if k.Name == n.Name && (k.Kind == PrimaryKey || k.Kind == Unique || k.Kind == Exclusion) {
						k.Name = s.Newname
					}
				}
			}
		}
	}
	return nil
}

// renameIndex gives index ix the name to, in its schema.
func (c *Catalog) renameIndex(ix *Index, to string) {
	from, n := ix.Name, Name{ix.Name.Schema, to}
	c.removeIndex(from)
	c.touchIndex(n)
	ix.Name = n
	c.indexes[n] = ix
}

// renameSequence renames sequence n (when the catalog has it) and the
// defaults that call it: PostgreSQL stores nextval's argument as the
// sequence's OID, so the default follows the sequence under its new name.
func (c *Catalog) renameSequence(n Name, to string) {
	sq := c.sequences[n]
	if sq == nil {
		return
	}
	m := Name{n.Schema, to}
	c.touchSequence(n)
	c.touchSequence(m)
	delete(c.sequences, n)
	sq.Name = m
	c.sequences[m] = sq
	c.retargetSequence(n, m)
}

// retargetSequence rewrites the defaults that name sequence from as a
// regclass literal ('s', 'public.s') to name to, as pg_get_expr prints it.
func (c *Catalog) retargetSequence(from, to Name) {
	olds := []string{"'" + regclassText(from) + "'", "'" + quoteIdent(from.Schema) + "." + quoteIdent(from.Name) + "'", "'" + from.Name + "'"}
	for _, t := range c.tables {
		for _, col := range t.Columns {
			if col.Default == nil {
				continue
			}
			for _, old := range olds {
				if strings.Contains(col.Default.Expr, old) {
					c.touchRef(t.Name)
					col.Default = &Default{Expr: strings.ReplaceAll(col.Default.Expr, old, "'"+regclassText(to)+"'"), Volatile: col.Default.Volatile}
					break
				}
			}
		}
	}
}

// regclassText prints a relation name as regclass output does in a
// session whose search_path is the default: quoted where needed,
// qualified unless it lives in public.
func regclassText(n Name) string {
	if n.Schema == "public" || n.Schema == "" {
		return quoteIdent(n.Name)
	}
	return quoteIdent(n.Schema) + "." + quoteIdent(n.Name)
}

func renameIn(names []string, from, to string) {
	for i := range names {
		if names[i] == from {
			names[i] = to
		}
	}
}

func (c *Catalog) drop(s *pgast.DropStmt) {
	for _, obj := range s.Objects {
		switch s.RemoveType {
		case pgast.ObjectType_OBJECT_SCHEMA:
			c.dropSchema(obj.GetString_().GetSval())
			continue
		case pgast.ObjectType_OBJECT_EXTENSION:
			delete(c.extensions, obj.GetString_().GetSval())
			continue
		}
		names := stringList(obj.GetList().GetItems())
		if len(names) == 0 {
			if tn := obj.GetTypeName(); tn != nil {
				names = stringList(tn.Names)
			}
		}
		if len(names) == 0 {
			continue
		}
		var n Name
		if len(names) >= 2 {
			n = Name{names[len(names)-2], names[len(names)-1]}
		}
		switch s.RemoveType {
		case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW, pgast.ObjectType_OBJECT_FOREIGN_TABLE:
			if len(names) == 1 {
				n = c.qualify(names[0], func(x Name) bool { return c.tables[x] != nil })
			}
			c.dropTable(n)
		case pgast.ObjectType_OBJECT_INDEX:
			if len(names) == 1 {
				n = c.qualify(names[0], func(x Name) bool { return c.indexes[x] != nil })
			}
			if ix := c.indexes[n]; ix != nil && ix.Unique {
				c.dropKeyDependents(ix.Table, ix.Columns)
			}
			c.removeIndex(n)
		case pgast.ObjectType_OBJECT_TYPE, pgast.ObjectType_OBJECT_DOMAIN:
			if len(names) == 1 {
				n = c.qualify(names[0], func(x Name) bool { return c.enums[x] != nil || c.domains[x] != nil })
			}
			if c.enums[n] != nil || c.domains[n] != nil {
				c.dropTypeDependents(n)
			}
			c.touchEnum(n)
			c.touchDomain(n)
			delete(c.enums, n)
			delete(c.domains, n)
		case pgast.ObjectType_OBJECT_SEQUENCE:
			if len(names) == 1 {
				n = c.qualify(names[0], func(x Name) bool { return c.sequences[x] != nil })
			}
			if c.sequences[n] != nil {
				c.dropSequenceDependents(n)
			}
			c.touchSequence(n)
			delete(c.sequences, n)
		}
	}
}

func (c *Catalog) createIndex(s *pgast.IndexStmt) {
	t := c.Resolve(s.Relation)
	n := Name{t.Schema, s.Idxname}
	if s.Idxname == "" || (c.indexes[n] != nil && s.IfNotExists) {
		return
	}
	if c.tables[t] == nil {
		// A relation the replay does not know (made by dynamic SQL or
		// outside the migrations) exists, since the statement ran; what
		// happens to it and its indexes later (a partition's index
		// attached to its parent's and dropped with it) cannot be
		// followed, so its indexes are not recorded.
		c.external(t)
		return
	}
	ix := &Index{Name: n, Table: t, Unique: s.Unique, Method: s.AccessMethod}
	for _, p := range s.IndexParams {
		el := p.GetIndexElem()
		if el == nil {
			continue
		}
		if el.Name != "" {
			ix.Columns = append(ix.Columns, el.Name)
		} else {
			ix.Columns = append(ix.Columns, "("+deparseExpr(el.Expr)+")")
			ix.Uses = append(ix.Uses, columnRefs(el.Expr)...)
		}
	}
	if s.WhereClause != nil {
		ix.Where = deparseExpr(s.WhereClause)
		ix.Uses = append(ix.Uses, columnRefs(s.WhereClause)...)
	}
	ix.Uses = distinct(ix.Uses)
	c.touchIndex(n)
	c.indexes[n] = ix
}

func (c *Catalog) alterEnum(s *pgast.AlterEnumStmt) {
	e := c.enums[c.typeName(s.TypeName)]
	if e == nil {
		return
	}
	c.touchEnum(e.Name)
	if s.OldVal != "" { // RENAME VALUE
		for i, l := range e.Labels {
			if l == s.OldVal {
				e.Labels[i] = s.NewVal
			}
		}
		c.renameEnumDefaults(e.Name, s.OldVal, s.NewVal)
		return
	}
	if slices.Contains(e.Labels, s.NewVal) {
		return
	}
	at := len(e.Labels)
	if i := slices.Index(e.Labels, s.NewValNeighbor); s.NewValNeighbor != "" && i >= 0 {
		at = i
		if s.NewValIsAfter {
			at = i + 1
		}
	}
	e.Labels = slices.Insert(e.Labels, at, s.NewVal)
}

// renameEnumDefaults follows RENAME VALUE into the defaults of columns
// of the enum: PostgreSQL stores the value, not its label.
func (c *Catalog) renameEnumDefaults(enum Name, from, to string) {
	names := []string{quoteIdent(enum.Name), quoteIdent(enum.Schema) + "." + quoteIdent(enum.Name)}
	old, repl := quoteLiteral(from), quoteLiteral(to)
	for _, t := range c.tables {
		for _, col := range t.Columns {
			if col.Default == nil || col.Type.ArrayDims > 0 || !slices.Contains(names, col.Type.Name) {
				continue
			}
			if e := col.Default.Expr; e == old || strings.HasPrefix(e, old+"::") {
				c.touchRef(t.Name)
				col.Default = &Default{Expr: repl + strings.TrimPrefix(e, old), Volatile: col.Default.Volatile}
			}
		}
	}
}

// quoteLiteral quotes s as a SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (c *Catalog) setVariable(s *pgast.VariableSetStmt) {
	if s.Name != "search_path" {
		return
	}
	if s.Kind == pgast.VariableSetKind_VAR_RESET {
		c.searchPath = []string{"public"}
		return
	}
	var values []string
	for _, a := range s.Args {
		if v := a.GetAConst().GetSval(); v != nil {
			values = append(values, v.Sval)
		}
	}
	c.setSearchPath(strings.Join(values, ","))
}

// setConfig follows SELECT set_config('search_path', '…', is_local), the
// form migrations use when the tool forbids SET (pg_dump output does this).
func (c *Catalog) setConfig(sel *pgast.SelectStmt) {
	for _, rt := range sel.TargetList {
		fc := rt.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || len(fc.Args) < 2 {
			continue
		}
		name := stringList(fc.Funcname)
		if name[len(name)-1] != "set_config" || fc.Args[0].GetAConst().GetSval().GetSval() != "search_path" {
			continue
		}
		if v := fc.Args[1].GetAConst().GetSval(); v != nil {
			c.setSearchPath(v.Sval)
		}
	}
}

// setSearchPath replaces the search_path with a comma-separated list;
// an empty list keeps the old path, since creating objects would then fail.
func (c *Catalog) setSearchPath(list string) {
	var path []string
	for _, p := range strings.Split(list, ",") {
		if p = strings.Trim(strings.TrimSpace(p), `"`); p != "" {
			path = append(path, p)
		}
	}
	if len(path) > 0 {
		c.searchPath = path
	}
}

// markUncertain marks the tables whose names appear in text (the body of a
// DO block or function) as uncertain: the catalog cannot follow dynamic SQL.
func (c *Catalog) markUncertain(text, what string) error {
	var touched []string
	in := newMentions(text)
	mark := func(n Name) {
		if t := c.tables[n]; t != nil && !t.Uncertain {
			c.touchTable(n)
			t.Uncertain = true
			touched = append(touched, n.String())
		}
	}
	for n := range c.tables {
		if in.mentions(n.Name) {
			mark(n)
		}
	}
	// An index named in the text touches its table.
	for n, ix := range c.indexes {
		if in.mentions(n.Name) {
			mark(ix.Table)
		}
	}
	slices.Sort(touched)
	if len(touched) == 0 {
		return nil
	}
	return fmt.Errorf("%s may change %s; facts about them are uncertain", what, strings.Join(touched, ", "))
}

// mentions answers, for many names, whether a text holds each of them,
// ignoring case. Every table and index of the catalog is asked about every
// function a migration calls (PostgreSQL's regression SQL: ~950 calls
// against ~670 names), so a name is first checked against the pairs of
// bytes the text holds, which rules most names out without a search.
type mentions struct {
	lower string
	pairs [1024 / 64]uint64 // a set of hashed adjacent byte pairs of lower
}

func newMentions(text string) *mentions {
	m := &mentions{lower: strings.ToLower(text)}
	for i := 1; i < len(m.lower); i++ {
		h := pairHash(m.lower[i-1], m.lower[i])
		m.pairs[h/64] |= 1 << (h % 64)
	}
	return m
}

func pairHash(a, b byte) uint { return (uint(a)*31 + uint(b)) % 1024 }

// mentions reports whether name occurs in the text, ignoring case, as
// strings.Contains of both lowercased would.
func (m *mentions) mentions(name string) bool {
	name = strings.ToLower(name)
	for i := 1; i < len(name); i++ {
		if h := pairHash(name[i-1], name[i]); m.pairs[h/64]&(1<<(h%64)) == 0 {
			return false // a pair of the name's bytes is nowhere in the text
		}
	}
	return strings.Contains(m.lower, name)
}

// defaultOf describes a default expression and whether it is volatile.
func (c *Catalog) defaultOf(expr *pgast.Node) *Default {
	return &Default{Expr: deparseExpr(expr), Volatile: c.Volatile(expr)}
}

// volatileFunctions are functions whose result changes per row: a column
// added with such a default makes PostgreSQL rewrite the table.
var volatileFunctions = map[string]bool{
	"random": true, "nextval": true, "gen_random_uuid": true, "uuid_generate_v1": true, "uuid_generate_v4": true,
	"uuid_generate_v1mc": true, "clock_timestamp": true, "timeofday": true,
	"random_normal": true, "setseed": true, "uuidv7": true, "uuidv4": true,
}

// stableFunctions are known not to vary within a statement (now() is the
// transaction start time), so a default using them is evaluated once.
var stableFunctions = map[string]bool{
	"now": true, "statement_timestamp": true, "transaction_timestamp": true, "current_setting": true,
	"to_timestamp": true, "to_char": true, "lower": true, "upper": true, "coalesce": true, "jsonb_build_object": true,
	"json_build_object": true, "array": true, "concat": true, "extract": true, "date_part": true, "timezone": true,
	"date_trunc": true,
}

// Volatile reports whether expr calls a volatile function; it knows only
// the built-in functions (Catalog.Volatile knows those the migrations
// create too).
func Volatile(expr *pgast.Node) bool { return (*Catalog)(nil).Volatile(expr) }

// Deparse prints a statement's parse tree as PostgreSQL's deparser does:
// one canonical text whatever the statement's layout, case and quoting.
func Deparse(stmt *pgast.Node) (string, error) { return pgtree.DeparseStmt(stmt) }

// deparseExpr renders an expression as SQL by deparsing `SELECT expr`.
func deparseExpr(expr *pgast.Node) string {
	if expr == nil {
		return ""
	}
	s, err := pgtree.DeparseExpr(expr)
	if err != nil {
		return "(expression)"
	}
	return s
}
