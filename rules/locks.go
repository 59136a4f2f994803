package rules

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemacheck/schemacheck/catalog"
)

// Lock modes and what each blocks, for messages.
const (
	accessExclusive = "ACCESS EXCLUSIVE"
	share           = "SHARE"
	shareRowExcl    = "SHARE ROW EXCLUSIVE"
	shareUpdateExcl = "SHARE UPDATE EXCLUSIVE"
)

var lockBlocks = map[string]string{
	accessExclusive: "blocks all reads and writes",
	share:           "blocks inserts, updates and deletes",
	shareRowExcl:    "blocks inserts, updates and deletes",
	shareUpdateExcl: "blocks schema changes and vacuum, not reads or writes",
}

// lockMessage describes a lock for a finding message.
func lockMessage(mode string, table catalog.Name, until string) string {
	return fmt.Sprintf("takes %s on %s: %s %s", mode, table, lockBlocks[mode], until)
}

// strongLock returns the lock a statement takes on an existing relation
// when that lock blocks reads or writes, so the lock-timeout and
// held-lock rules know which statements are dangerous. ok is false for
// statements that take no such lock (or only on new relations).
func strongLock(p *Pass) (mode string, table catalog.Name, ok bool) {
	n := p.Stmt.Node
	switch {
	case n.GetAlterTableStmt() != nil:
		s := n.GetAlterTableStmt()
		t := p.Resolve(s.Relation)
		if !p.Existing(t) {
			return "", t, false
		}
		mode := shareUpdateExcl
		for _, c := range s.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd == nil {
				continue
			}
			switch cmd.Subtype {
			case pg_query.AlterTableType_AT_ValidateConstraint, pg_query.AlterTableType_AT_SetStatistics,
				pg_query.AlterTableType_AT_SetOptions, pg_query.AlterTableType_AT_ResetOptions, pg_query.AlterTableType_AT_DetachPartitionFinalize:
			case pg_query.AlterTableType_AT_AddConstraint:
				if con := cmd.Def.GetConstraint(); con != nil && con.Contype == pg_query.ConstrType_CONSTR_FOREIGN && mode != accessExclusive {
					mode = shareRowExcl
					continue
				}
				mode = accessExclusive
			case pg_query.AlterTableType_AT_DetachPartition:
				if !cmd.Def.GetPartitionCmd().GetConcurrent() {
					mode = accessExclusive
				}
			default:
				mode = accessExclusive
			}
		}
		return mode, t, mode != shareUpdateExcl
	case n.GetIndexStmt() != nil:
		s := n.GetIndexStmt()
		t := p.Resolve(s.Relation)
		return share, t, !s.Concurrent && p.Existing(t)
	case n.GetDropStmt() != nil:
		s := n.GetDropStmt()
		if s.Concurrent || len(s.Objects) == 0 {
			return "", catalog.Name{}, false
		}
		switch s.RemoveType {
		case pg_query.ObjectType_OBJECT_INDEX:
			ix := indexNamed(p, s.Objects[0])
			if ix == nil || !p.Existing(ix.Table) {
				return "", catalog.Name{}, false
			}
			return accessExclusive, ix.Table, true
		case pg_query.ObjectType_OBJECT_TABLE:
			t := relationNamed(p, s.Objects[0])
			return accessExclusive, t, p.Existing(t)
		}
	case n.GetRenameStmt() != nil:
		s := n.GetRenameStmt()
		if s.Relation != nil {
			t := p.Resolve(s.Relation)
			return accessExclusive, t, p.Existing(t)
		}
	case n.GetTruncateStmt() != nil:
		for _, r := range n.GetTruncateStmt().Relations {
			t := p.Resolve(r.GetRangeVar())
			if p.Existing(t) {
				return accessExclusive, t, true
			}
		}
	case n.GetVacuumStmt() != nil || n.GetClusterStmt() != nil:
		return accessExclusive, catalog.Name{}, isVacuumFull(n) || n.GetClusterStmt() != nil
	}
	return "", catalog.Name{}, false
}

// relationNamed resolves a DROP object (a list of name parts).
func relationNamed(p *Pass, obj *pg_query.Node) catalog.Name {
	parts := stringItems(obj)
	rv := &pg_query.RangeVar{Relname: parts[len(parts)-1]}
	if len(parts) > 1 {
		rv.Schemaname = parts[len(parts)-2]
	}
	return p.Resolve(rv)
}

// indexNamed finds the catalog index a DROP INDEX object names; nil when
// the index is unknown or was created in this change.
func indexNamed(p *Pass, obj *pg_query.Node) *catalog.Index {
	parts := stringItems(obj)
	name := parts[len(parts)-1]
	if len(parts) > 1 {
		return p.Catalog.Index(catalog.Name{Schema: parts[len(parts)-2], Name: name})
	}
	if ix := p.Catalog.IndexNamed(name); ix != nil {
		return ix
	}
	return &catalog.Index{Name: catalog.Name{Name: name}, Table: catalog.Name{Name: "(table of " + name + ")"}}
}

func stringItems(obj *pg_query.Node) []string {
	var out []string
	for _, it := range obj.GetList().GetItems() {
		out = append(out, it.GetString_().GetSval())
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func isVacuumFull(n *pg_query.Node) bool {
	v := n.GetVacuumStmt()
	if v == nil || !v.IsVacuumcmd {
		return false
	}
	for _, o := range v.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "full" {
			return true
		}
	}
	return false
}
