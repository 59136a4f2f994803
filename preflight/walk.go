package preflight

import (
	"context"
	"fmt"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/migration"
)

// statement checks one pending statement against the rows as the change
// leaves them just before it (cat is the schema at that point), then
// records what the statement does to them.
func (r *runner) statement(ctx context.Context, st *migration.Statement, cat *catalog.Catalog) {
	n := st.Node
	r.catAt = cat
	r.recordSizes(ctx, st, cat)
	switch {
	case n.GetAlterTableStmt() != nil:
		r.alterTable(ctx, st, cat, n.GetAlterTableStmt())
	case n.GetIndexStmt() != nil:
		s := n.GetIndexStmt()
		if s.Unique {
			r.uniqueIndex(ctx, st, cat, s)
		}
	case n.GetCreateStmt() != nil:
		r.newRelation(cat.Resolve(n.GetCreateStmt().Relation))
	case n.GetCreateTableAsStmt() != nil:
		s := n.GetCreateTableAsStmt()
		rel := r.newRelation(cat.Resolve(s.Into.GetRel()))
		if !s.Into.GetSkipData() {
			rel.rowsChangedBy = fmt.Sprintf("%s at %s", "CREATE TABLE … AS", at(st))
		}
	case n.GetRenameStmt() != nil:
		r.rename(ctx, st, cat, n.GetRenameStmt())
	case n.GetAlterEnumStmt() != nil:
		if s := n.GetAlterEnumStmt(); s.OldVal != "" {
			r.enumRename(ctx, st, cat, s)
		}
	case n.GetDropStmt() != nil:
		r.drop(ctx, st, cat, n.GetDropStmt())
	case n.GetAlterObjectSchemaStmt() != nil:
		s := n.GetAlterObjectSchemaStmt()
		if s.Relation != nil {
			from := cat.Resolve(s.Relation)
			if rel := r.rel(from); rel != nil {
				r.forget(from)
				r.rels[catalog.Name{Schema: s.Newschema, Name: from.Name}] = rel
			}
		}
	case n.GetCreateEnumStmt() != nil:
		r.types[typeName(cat, n.GetCreateEnumStmt().TypeName)] = at(st)
	case n.GetCreateDomainStmt() != nil:
		r.types[typeName(cat, n.GetCreateDomainStmt().Domainname)] = at(st)
	case n.GetCompositeTypeStmt() != nil:
		rv := n.GetCompositeTypeStmt().Typevar
		r.types[cat.Resolve(rv)] = at(st)
	case n.GetUpdateStmt() != nil:
		s := n.GetUpdateStmt()
		if rel := r.rel(cat.Resolve(s.Relation)); rel != nil {
			for _, t := range s.TargetList {
				if col := t.GetResTarget().GetName(); col != "" {
					rel.cols[col] = value{why: fmt.Sprintf("%s is set by the UPDATE at %s, which preflight does not run", col, at(st))}
				}
			}
		}
	case n.GetInsertStmt() != nil:
		r.rowsChanged(cat.Resolve(n.GetInsertStmt().Relation), "INSERT", st)
	case n.GetDeleteStmt() != nil:
		r.rowsChanged(cat.Resolve(n.GetDeleteStmt().Relation), "DELETE", st)
	case n.GetMergeStmt() != nil:
		r.rowsChanged(cat.Resolve(n.GetMergeStmt().Relation), "MERGE", st)
	case n.GetCopyStmt() != nil && n.GetCopyStmt().IsFrom:
		r.rowsChanged(cat.Resolve(n.GetCopyStmt().Relation), "COPY", st)
	case n.GetTruncateStmt() != nil:
		for _, rv := range n.GetTruncateStmt().Relations {
			name := cat.Resolve(rv.GetRangeVar())
			if rel := r.rel(name); rel != nil {
				rel.empty = true
			}
		}
	case n.GetDoStmt() != nil:
		tables, ok := cat.DoWrites(n)
		if !ok {
			r.anyRowsChanged(n, st)
		}
		for _, t := range tables {
			r.rowsChanged(t, "DO block", st)
		}
	case n.GetSelectStmt() != nil:
		if s := n.GetSelectStmt(); s.IntoClause != nil {
			rel := r.newRelation(cat.Resolve(s.IntoClause.Rel))
			rel.rowsChangedBy = fmt.Sprintf("the SELECT … INTO at %s, which preflight does not run, fills it", at(st))
		} else if cat.CallsFunction(n) != "" {
			r.anyRowsChanged(n, st)
		}
	case n.GetCallStmt() != nil, n.GetExecuteStmt() != nil:
		r.anyRowsChanged(n, st)
	}
}

// anyRowsChanged records a statement running code preflight cannot follow
// (a DO block with dynamic SQL, a procedure, a function the migrations
// created): it may change any table's rows.
func (r *runner) anyRowsChanged(n *pgast.Node, st *migration.Statement) {
	r.rowsChangedBy = fmt.Sprintf("the %s at %s, which preflight does not run, may change rows", statementKind(n), at(st))
}

// rowsChanged records that a statement inserted or deleted rows of n.
func (r *runner) rowsChanged(n catalog.Name, what string, st *migration.Statement) {
	if rel := r.rel(n); rel != nil {
		rel.rowsChangedBy = fmt.Sprintf("the %s at %s, which preflight does not run, changes its rows", what, at(st))
	}
}

func statementKind(n *pgast.Node) string {
	switch {
	case n.GetDoStmt() != nil:
		return "DO block"
	case n.GetCallStmt() != nil:
		return "CALL"
	case n.GetSelectStmt() != nil:
		return "SELECT"
	}
	return "statement"
}

// typeName qualifies a type name given as a list of strings.
func typeName(cat *catalog.Catalog, parts []*pgast.Node) catalog.Name {
	var s []string
	for _, p := range parts {
		s = append(s, p.GetString_().GetSval())
	}
	rv := &pgast.RangeVar{Relname: s[len(s)-1]}
	if len(s) > 1 {
		rv.Schemaname = s[len(s)-2]
	}
	n := cat.Resolve(rv) // relations and types share the schema's namespace
	return n
}

// rename follows RENAME of relations, columns and types.
func (r *runner) rename(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, s *pgast.RenameStmt) {
	switch s.RenameType {
	case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW, pgast.ObjectType_OBJECT_FOREIGN_TABLE:
		from := cat.Resolve(s.Relation)
		if rel := r.rel(from); rel != nil {
			r.forget(from)
			r.rels[catalog.Name{Schema: from.Schema, Name: s.Newname}] = rel
		}
	case pgast.ObjectType_OBJECT_COLUMN:
		if rel := r.rel(cat.Resolve(s.Relation)); rel != nil {
			if v, ok := rel.cols[s.Subname]; ok {
				delete(rel.cols, s.Subname)
				rel.cols[s.Newname] = v
			}
		}
	case pgast.ObjectType_OBJECT_TYPE, pgast.ObjectType_OBJECT_DOMAIN:
		if l := s.Object.GetList(); l != nil {
			from := typeName(cat, l.Items)
			r.types[from] = at(st)
			r.types[catalog.Name{Schema: from.Schema, Name: s.Newname}] = at(st)
		}
	}
}

// alterTable checks an ALTER TABLE's subcommands in the order PostgreSQL
// runs them: drops and type changes, then added columns, then NOT NULL and
// constraints, which see the columns the earlier passes made.
func (r *runner) alterTable(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, s *pgast.AlterTableStmt) {
	name := cat.Resolve(s.Relation)
	rel := r.rel(name)
	if rel == nil {
		return
	}
	t := cat.Table(name)
	var cmds []*pgast.AlterTableCmd
	for _, c := range s.Cmds {
		if cmd := c.GetAlterTableCmd(); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	for _, cmd := range cmds {
		switch cmd.Subtype {
		case pgast.AlterTableType_AT_DropColumn:
			r.dropColumn(ctx, st, name, rel, cmd)
			delete(rel.cols, cmd.Name)
		case pgast.AlterTableType_AT_AlterColumnType:
			def := cmd.Def.GetColumnDef()
			r.typeFit(ctx, st, cat, name, rel, t, cmd.Name, def)
			if _, ok := rel.cols[cmd.Name]; ok {
				rel.cols[cmd.Name] = convertedValue(rel, cmd.Name, def)
			}
		}
	}
	var later []func()
	for _, cmd := range cmds {
		if cmd.Subtype != pgast.AlterTableType_AT_AddColumn {
			continue
		}
		def := cmd.Def.GetColumnDef()
		if def == nil {
			continue
		}
		rel.cols[def.Colname] = r.addedValue(rel, def, st)
		// The column's own constraints are checked against that value.
		for _, c := range def.Constraints {
			con := c.GetConstraint()
			if con == nil {
				continue
			}
			col := def.Colname
			switch con.Contype {
			case pgast.ConstrType_CONSTR_NOTNULL:
				later = append(later, func() { r.notNull(ctx, st, cat, name, rel, col, "ADD COLUMN … NOT NULL") })
			case pgast.ConstrType_CONSTR_PRIMARY:
				later = append(later, func() {
					r.notNull(ctx, st, cat, name, rel, col, "ADD COLUMN … PRIMARY KEY")
					r.unique(ctx, st, cat, name, rel, "PRIMARY KEY ("+col+")", []*pgast.Node{columnRef(col)}, nil, false)
				})
			default:
				later = append(later, func() { r.constraint(ctx, st, cat, name, rel, con, []string{col}) })
			}
		}
	}
	for _, f := range later {
		f()
	}
	for _, cmd := range cmds {
		switch cmd.Subtype {
		case pgast.AlterTableType_AT_SetNotNull:
			if t != nil {
				if col := t.Column(cmd.Name); col != nil && col.NotNull {
					if v, err := rel.value(cmd.Name); err == nil && refName(v) == cmd.Name && !hasFields(v, 2) {
						continue // already NOT NULL in the database: nothing to scan
					}
				}
			}
			r.notNull(ctx, st, cat, name, rel, cmd.Name, "SET NOT NULL")
		case pgast.AlterTableType_AT_AddConstraint:
			if con := cmd.Def.GetConstraint(); con != nil {
				r.constraint(ctx, st, cat, name, rel, con, nil)
			}
		case pgast.AlterTableType_AT_ValidateConstraint:
			r.validate(ctx, st, cat, name, rel, t, cmd.Name)
		}
	}
}

// hasFields reports whether a ColumnRef node has n fields (a qualified one).
func hasFields(n *pgast.Node, count int) bool { return len(n.GetColumnRef().GetFields()) >= count }

// addedValue is the value a column added by the change has in the rows
// that exist: its default, computed once (a constant or a stable call),
// its generation expression, or NULL; unknown when it is computed per row.
func (r *runner) addedValue(rel *relation, def *pgast.ColumnDef, st *migration.Statement) value {
	perRow := func(why string) value {
		return value{why: fmt.Sprintf("%s is filled %s by the ADD COLUMN at %s", def.Colname, why, at(st))}
	}
	if catalog.IsSerial(def.TypeName) {
		return perRow("from a sequence")
	}
	var dflt *pgast.Node = def.RawDefault
	for _, c := range def.Constraints {
		con := c.GetConstraint()
		switch {
		case con == nil:
		case con.Contype == pgast.ConstrType_CONSTR_IDENTITY:
			return perRow("from a sequence")
		case con.Contype == pgast.ConstrType_CONSTR_GENERATED:
			v, err := substitute(con.RawExpr, rel.value)
			if err != nil {
				return perRow("by a generation expression over columns whose values are unknown")
			}
			return value{expr: v}
		case con.Contype == pgast.ConstrType_CONSTR_DEFAULT:
			dflt = con.RawExpr
		}
	}
	if dflt == nil {
		return value{expr: nullConst()}
	}
	if r.catAt.Volatile(dflt) {
		return perRow("with a volatile default, per row")
	}
	typed := &pgast.Node{Node: &pgast.Node_TypeCast{TypeCast: &pgast.TypeCast{Arg: dflt, TypeName: def.TypeName, Location: -1}}}
	return value{expr: typed}
}

// convertedValue is a column's value after ALTER COLUMN TYPE: the USING
// expression (or the old value) cast to the new type.
func convertedValue(rel *relation, col string, def *pgast.ColumnDef) value {
	src, err := rel.value(col)
	if def.RawDefault != nil {
		src, err = substitute(def.RawDefault, rel.value)
	}
	if err != nil {
		return value{why: err.Error()}
	}
	return value{expr: &pgast.Node{Node: &pgast.Node_TypeCast{TypeCast: &pgast.TypeCast{Arg: src, TypeName: def.TypeName, Location: -1}}}}
}

// constraint checks a constraint an ALTER TABLE adds (or a column
// definition carries: then cols is its column).
func (r *runner) constraint(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, name catalog.Name, rel *relation, con *pgast.Constraint, cols []string) {
	switch con.Contype {
	case pgast.ConstrType_CONSTR_CHECK:
		r.check(ctx, st, name, rel, con.Conname, con.RawExpr, con.SkipValidation)
	case pgast.ConstrType_CONSTR_UNIQUE, pgast.ConstrType_CONSTR_PRIMARY:
		if con.Indexname != "" {
			return // USING INDEX: the index already holds the rows unique
		}
		keys := stringNodes(con.Keys)
		if len(keys) == 0 {
			keys = cols
		}
		var exprs []*pgast.Node
		for _, k := range keys {
			exprs = append(exprs, columnRef(k))
		}
		what := "UNIQUE (" + strings.Join(keys, ", ") + ")"
		if con.Contype == pgast.ConstrType_CONSTR_PRIMARY {
			what = "PRIMARY KEY (" + strings.Join(keys, ", ") + ")"
			for _, k := range keys {
				r.notNull(ctx, st, cat, name, rel, k, what)
			}
		}
		r.unique(ctx, st, cat, name, rel, what, exprs, nil, con.NullsNotDistinct)
	case pgast.ConstrType_CONSTR_FOREIGN:
		fk := stringNodes(con.FkAttrs)
		if len(fk) == 0 {
			fk = cols
		}
		r.foreignKey(ctx, st, cat, name, rel, con.Conname, fk, cat.Resolve(con.Pktable), stringNodes(con.PkAttrs), con.FkMatchtype == "f", con.SkipValidation)
	case pgast.ConstrType_CONSTR_EXCLUSION:
		r.note(st, "the EXCLUDE constraint %s on %s is not checked against the data (preflight checks NOT NULL, CHECK, UNIQUE and FOREIGN KEY)", con.Conname, name)
	}
}

// validate checks VALIDATE CONSTRAINT against the constraint the schema
// holds at that point.
func (r *runner) validate(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, name catalog.Name, rel *relation, t *catalog.Table, conname string) {
	if t == nil {
		return
	}
	for _, k := range t.Constraints {
		if k.Name != conname {
			continue
		}
		switch k.Kind {
		case catalog.Check:
			expr, err := parseExpr(k.Expr)
			if err != nil {
				r.notChecked(st, CheckViolations, fmt.Sprintf("VALIDATE CONSTRAINT %s on %s", conname, name), fmt.Errorf("its expression: %w", err))
				return
			}
			r.check(ctx, st, name, rel, conname, expr, false)
		case catalog.ForeignKey:
			r.foreignKey(ctx, st, cat, name, rel, conname, k.Columns, k.RefTable, k.RefCols, false, false)
		}
	}
}

func stringNodes(nodes []*pgast.Node) []string {
	var out []string
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// uniqueIndex checks CREATE UNIQUE INDEX.
func (r *runner) uniqueIndex(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, s *pgast.IndexStmt) {
	name := cat.Resolve(s.Relation)
	rel := r.rel(name)
	if rel == nil {
		return
	}
	var keys []*pgast.Node
	var shown []string
	for _, p := range s.IndexParams {
		e := p.GetIndexElem()
		if e == nil {
			return
		}
		if e.Name != "" {
			keys = append(keys, columnRef(e.Name))
			shown = append(shown, e.Name)
		} else {
			keys = append(keys, e.Expr)
			txt, _ := text(e.Expr)
			shown = append(shown, "("+txt+")")
		}
	}
	what := fmt.Sprintf("unique index %s (%s)", s.Idxname, strings.Join(shown, ", "))
	r.unique(ctx, st, cat, name, rel, what, keys, s.WhereClause, s.NullsNotDistinct)
}
