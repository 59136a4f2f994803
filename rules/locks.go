package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/locks"
)

// Lock modes, rewrites and scans come from the lock table (package locks),
// which an oracle test checks on PostgreSQL 12 to 18; rules only read it.

// Effects returns what the statement does to each relation it touches,
// as the lock table says, on the target PostgreSQL version.
func (p *Pass) Effects() []locks.Effect {
	if p.effects == nil {
		e := locks.Of(p.Stmt.Node, p.Catalog, p.PGVersion, locks.Session{TimeZone: p.Tx.TimeZone.Value()})
		p.effects = &e
	}
	return *p.effects
}

// EffectsOf returns the statement's effects on existing relations (not
// created in this change) that keep returns true for.
func (p *Pass) EffectsOf(keep func(locks.Effect) bool) []locks.Effect {
	var out []locks.Effect
	for _, e := range p.Effects() {
		if e.Row.Rejected == "" && p.Existing(e.Relation) && keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// blockingLock returns the strongest lock the statement takes on an
// existing relation when that lock blocks reads or writes.
func (p *Pass) blockingLock() (locks.Effect, bool) {
	blocking := p.EffectsOf(func(e locks.Effect) bool { return e.Mode.BlocksWrites() })
	best, ok := locks.Strongest(blocking, func(locks.Effect) bool { return true })
	// Between locks of one mode, name the table: DROP INDEX takes ACCESS
	// EXCLUSIVE on the index and on its table, and it is the table whose
	// reads and writes wait.
	if table, found := locks.Strongest(blocking, func(e locks.Effect) bool { return !e.OnIndex() }); found && table.Mode == best.Mode {
		return table, true
	}
	return best, ok
}

// does reports whether the part of the statement e belongs to does w to
// an existing relation: by its effects, or, for a partitioned table whose
// partitions the catalog does not know, by the table's row.
func (p *Pass) does(e locks.Effect, w locks.Work) bool {
	for _, x := range p.Effects() {
		if x.Group == e.Group && x.Work == w && p.Existing(x.Relation) {
			return true
		}
	}
	return e.Row.On == locks.Partitioned && e.Row.Does(w) && len(p.Catalog.Partitions(e.Relation)) == 0
}

// keepsLockNoLonger reports whether the statement, run after the one that
// took ACCESS EXCLUSIVE on held, keeps that lock no longer: it waits for no
// lock the transaction may lack and works through no rows. Every existing
// relation it touches is held, whose catalog entry alone changes; new
// relations are empty and nobody else can lock them. Statements the lock
// table does not describe (DML, DO blocks, function calls) may do
// anything, unless touchesNoRelation knows better.
func (p *Pass) keepsLockNoLonger(held catalog.Name) bool {
	effects := p.Effects()
	if len(effects) == 0 {
		return touchesNoRelation(p.Stmt.Node)
	}
	for _, e := range effects {
		if !p.Existing(e.Relation) {
			continue
		}
		partitionsWork := e.Row.On == locks.Partitioned && (e.Row.Does(locks.Scan) || e.Row.Does(locks.Rewrite))
		if !p.heldWith(e.Relation, held) || e.Work != locks.CatalogOnly || partitionsWork {
			return false
		}
	}
	return true
}

// heldWith reports whether relation r is the table held under ACCESS
// EXCLUSIVE or one of its indexes: no other session holds a lock on an
// index without one on its table, so locking it waits for nothing
// (kestra drops two indexes of one table in a row).
func (p *Pass) heldWith(r, held catalog.Name) bool {
	if r == held {
		return true
	}
	ix := p.Catalog.Index(r)
	return ix != nil && ix.Table == held
}

// touchesNoRelation reports whether a statement the lock table does not
// describe locks no existing table, index or view and reads no rows:
// settings, functions, types and sequences made or dropped (a DROP
// without CASCADE fails rather than reach into tables), and tables created
// without naming another.
// TestNoRelationAskPostgres checks each kind against pg_locks.
func touchesNoRelation(n *pgast.Node) bool {
	switch {
	case n.GetVariableSetStmt() != nil, n.GetCreateEnumStmt() != nil, n.GetCompositeTypeStmt() != nil, n.GetAlterEnumStmt() != nil:
		return true
	case n.GetCreateSeqStmt() != nil: // OWNED BY locks the table
		return !slices.ContainsFunc(n.GetCreateSeqStmt().Options, func(o *pgast.Node) bool { return o.GetDefElem().GetDefname() == "owned_by" })
	case n.GetCreateFunctionStmt() != nil: // a SQL body is analysed, which locks the tables it reads
		f := n.GetCreateFunctionStmt()
		language := ""
		for _, o := range f.Options {
			if d := o.GetDefElem(); d.GetDefname() == "language" {
				language = strings.ToLower(d.GetArg().GetString_().GetSval())
			}
		}
		return f.SqlBody == nil && language != "sql" && language != ""
	case n.GetCreateStmt() != nil: // a new, empty table: nothing to wait for unless it names another
		return createNamesNoRelation(n.GetCreateStmt())
	case n.GetDropStmt() != nil:
		s := n.GetDropStmt()
		switch s.RemoveType {
		case pgast.ObjectType_OBJECT_FUNCTION, pgast.ObjectType_OBJECT_PROCEDURE, pgast.ObjectType_OBJECT_TYPE:
			return s.Behavior != pgast.DropBehavior_DROP_CASCADE
		}
	}
	return false
}

// targetExists reports whether the relation the statement names in e's
// part exists: a referenced table is scanned to validate the referencing
// table's rows, and a new referencing table has none.
func (p *Pass) targetExists(e locks.Effect) bool {
	if e.Role == locks.Target {
		return true
	}
	for _, x := range p.Effects() {
		if x.Group == e.Group && x.Role == locks.Target {
			return p.Existing(x.Relation)
		}
	}
	return true
}

// lockMessage describes a lock for a finding message.
func lockMessage(mode locks.Mode, table catalog.Name, until string) string {
	return fmt.Sprintf("takes %s on %s: %s %s", mode, table, mode.Blocks(), until)
}

// strongestOn is the strongest lock the statement takes on relation r.
func (p *Pass) strongestOn(r catalog.Name) locks.Mode {
	mode := locks.None
	for _, x := range p.Effects() {
		if x.Relation == r && x.Row.Rejected == "" {
			mode = max(mode, x.Mode)
		}
	}
	return mode
}

// lockDuring is lockMessage for the lock e.Relation is under while e's
// work runs: the strongest of e's own, any other this statement takes on
// the relation (PostgreSQL applies all of an ALTER TABLE's subcommands
// under the strongest), and one an earlier statement of the transaction
// took and still holds (a CREATE INDEX after an ADD COLUMN of the same
// table in one migration builds under ACCESS EXCLUSIVE, not SHARE).
func (p *Pass) lockDuring(e locks.Effect, until string) string {
	mode, line := p.heldDuring(e)
	if line > 0 {
		return fmt.Sprintf("runs under the %s lock on %s that line %d took in this transaction: %s %s", mode, e.Relation, line, mode.Blocks(), until)
	}
	return lockMessage(mode, e.Relation, until)
}

// heldDuring is the lock e.Relation is under while e's work runs (see
// lockDuring), with the line of the earlier statement of the transaction
// that took it, or 0 when it is this statement's own.
func (p *Pass) heldDuring(e locks.Effect) (locks.Mode, int) {
	mode := max(e.Mode, p.strongestOn(e.Relation))
	if h, ok := p.Tx.Holds[e.Relation]; ok && h.Mode > mode && p.Stmt.InTransaction() {
		return h.Mode, h.By.Pos.Line
	}
	return mode, 0
}

// holdsDuring is "holds MODE" for the lock e.Relation is under while e's
// work runs, naming the line that took it when an earlier statement did.
func (p *Pass) holdsDuring(e locks.Effect) string {
	mode, line := p.heldDuring(e)
	if line > 0 {
		return fmt.Sprintf("holds %s, taken at line %d in this transaction", mode, line)
	}
	return "holds " + mode.String()
}

// relationNamed resolves a DROP object (a list of name parts).
func relationNamed(p *Pass, obj *pgast.Node) catalog.Name {
	parts := stringItems(obj)
	rv := &pgast.RangeVar{Relname: parts[len(parts)-1]}
	if len(parts) > 1 {
		rv.Schemaname = parts[len(parts)-2]
	}
	return p.Resolve(rv)
}

func stringItems(obj *pgast.Node) []string {
	var out []string
	for _, it := range obj.GetList().GetItems() {
		out = append(out, it.GetString_().GetSval())
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// createNamesNoRelation reports whether CREATE TABLE s names no existing
// relation: no PARTITION OF, INHERITS or LIKE, no REFERENCES, and no
// default that calls nextval (which records the sequence it names).
func createNamesNoRelation(s *pgast.CreateStmt) bool {
	if s.Partbound != nil || len(s.InhRelations) > 0 {
		return false
	}
	constraintOK := func(c *pgast.Node) bool {
		con := c.GetConstraint()
		if con == nil {
			return true
		}
		return con.Contype != pgast.ConstrType_CONSTR_FOREIGN &&
			!slices.Contains(pgtree.FuncCalls(con.RawExpr), "nextval")
	}
	for _, e := range s.TableElts {
		switch {
		case e.GetTableLikeClause() != nil:
			return false
		case e.GetConstraint() != nil:
			if !constraintOK(e) {
				return false
			}
		case e.GetColumnDef() != nil:
			for _, c := range e.GetColumnDef().Constraints {
				if !constraintOK(c) {
					return false
				}
			}
		}
	}
	return true
}
