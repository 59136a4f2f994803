package rules

import (
	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/locks"
)

// Advance updates the transaction state after the statement has been
// checked and before the next one is, so rules see what earlier
// statements of the same transaction and file did.
func (p *Pass) Advance() {
	n := p.Stmt.Node
	p.followSetting()
	if isBegin(n) && p.Tx.ExplicitBegin == nil {
		p.Tx.ExplicitBegin = p.Stmt
	}
	if ts := n.GetTransactionStmt(); ts != nil && (ts.Kind == pgast.TransactionStmtKind_TRANS_STMT_COMMIT || ts.Kind == pgast.TransactionStmtKind_TRANS_STMT_ROLLBACK) {
		p.Tx.ExplicitBegin = nil
	}
	if e, ok := p.blockingLock(); ok && e.Mode == locks.AccessExclusive && p.Stmt.InTransaction() && p.Tx.ExclusiveLock == nil {
		p.Tx.ExclusiveLock, p.Tx.ExclusiveLockTable = p.Stmt, e.Relation
	}
	if p.Stmt.InTransaction() {
		for _, e := range p.Effects() {
			if e.Row.Rejected == "" && p.Existing(e.Relation) && e.Mode > p.Tx.Holds[e.Relation].Mode {
				p.Tx.Holds[e.Relation] = Held{Mode: e.Mode, By: p.Stmt}
			}
		}
	}
	// A locked relation renamed or moved is still the one locked.
	if from, to, ok := p.movesRelation(); ok {
		if p.Tx.ExclusiveLock != nil && p.Tx.ExclusiveLockTable == from {
			p.Tx.ExclusiveLockTable = to
		}
		if h, held := p.Tx.Holds[from]; held {
			delete(p.Tx.Holds, from)
			p.Tx.Holds[to] = h
		}
	}
	for _, e := range p.Effects() {
		if con := e.Cmd.GetDef().GetConstraint(); e.Role == locks.Target && con != nil && con.SkipValidation {
			// The lock the ADD leaves held: the statement's strongest on
			// the table (an ADD COLUMN beside it takes ACCESS EXCLUSIVE).
			p.Tx.NotValid[con.Conname] = p.strongestOn(e.Relation)
		}
	}
}

// movesRelation returns the relation a RENAME or SET SCHEMA statement
// renames or moves, and its new name.
func (p *Pass) movesRelation() (from, to catalog.Name, ok bool) {
	n := p.Stmt.Node
	switch {
	case renamesRelation(n.GetRenameStmt()):
		from = p.Resolve(n.GetRenameStmt().Relation)
		to = catalog.Name{Schema: from.Schema, Name: n.GetRenameStmt().Newname}
		return from, to, true
	case n.GetAlterObjectSchemaStmt().GetRelation() != nil:
		from = p.Resolve(n.GetAlterObjectSchemaStmt().Relation)
		to = catalog.Name{Schema: n.GetAlterObjectSchemaStmt().Newschema, Name: from.Name}
		return from, to, true
	}
	return catalog.Name{}, catalog.Name{}, false
}

// Created returns the names a statement creates, for the new-object scope:
// relations, indexes and types by name, and added columns as "table.column"
// under the table's schema. A statement that may find its object there
// already (IF NOT EXISTS, OR REPLACE) creates it only when the catalog
// knows it is absent: one that exists keeps its rows and the code that
// uses it (openmeter repeats a migration's ADD COLUMN IF NOT EXISTS).
func (p *Pass) Created() []catalog.Name {
	n := p.Stmt.Node
	relation := func(rv *pgast.RangeVar, mayExist bool) []catalog.Name {
		t := p.Resolve(rv)
		if mayExist && p.Catalog.Table(t) != nil {
			return nil
		}
		return []catalog.Name{t}
	}
	switch {
	case n.GetCreateStmt() != nil:
		return relation(n.GetCreateStmt().Relation, n.GetCreateStmt().IfNotExists)
	case n.GetCreateTableAsStmt() != nil:
		return relation(n.GetCreateTableAsStmt().GetInto().GetRel(), n.GetCreateTableAsStmt().IfNotExists)
	case n.GetViewStmt() != nil:
		return relation(n.GetViewStmt().View, n.GetViewStmt().Replace)
	case n.GetIndexStmt() != nil:
		s := n.GetIndexStmt()
		t := p.Resolve(s.Relation)
		ix := catalog.Name{Schema: t.Schema, Name: s.Idxname}
		if s.IfNotExists && p.Catalog.Index(ix) != nil {
			return nil
		}
		return []catalog.Name{ix}
	case n.GetCreateEnumStmt() != nil:
		names := stringList(n.GetCreateEnumStmt().TypeName)
		return []catalog.Name{p.Resolve(&pgast.RangeVar{Relname: names[len(names)-1]})}
	case n.GetAlterTableStmt() != nil:
		s, cmds := p.AlterCmds()
		t := p.Resolve(s.Relation)
		var out []catalog.Name
		table := p.Catalog.Table(t)
		for _, cmd := range cmds {
			d := cmd.Def.GetColumnDef()
			if cmd.Subtype != pgast.AlterTableType_AT_AddColumn || d == nil {
				continue
			}
			if cmd.MissingOk && (table == nil || table.Uncertain || table.Column(d.Colname) != nil) {
				continue // it may be there already
			}
			out = append(out, catalog.Name{Schema: t.Schema, Name: t.Name + "." + d.Colname})
		}
		return out
	case n.GetRenameStmt() != nil:
		// A renamed new object stays new under its new name: a table,
		// index or column of a new table, or a column the change added.
		s := n.GetRenameStmt()
		if s.Relation == nil {
			return nil
		}
		t := p.Resolve(s.Relation)
		if s.RenameType == pgast.ObjectType_OBJECT_COLUMN {
			if p.IsNew(t) || p.IsNew(catalog.Name{Schema: t.Schema, Name: t.Name + "." + s.Subname}) {
				return []catalog.Name{{Schema: t.Schema, Name: t.Name + "." + s.Newname}}
			}
			return nil
		}
		if p.IsNew(t) {
			return []catalog.Name{{Schema: t.Schema, Name: s.Newname}}
		}
	}
	return nil
}

// renamesRelation reports whether s renames a table, view or sequence
// itself, not one of its columns or constraints.
func renamesRelation(s *pgast.RenameStmt) bool {
	if s.GetRelation() == nil {
		return false
	}
	switch s.RenameType {
	case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW,
		pgast.ObjectType_OBJECT_FOREIGN_TABLE, pgast.ObjectType_OBJECT_SEQUENCE:
		return true
	}
	return false
}
