package catalog

import (
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// createForeignTable records a foreign table: a relation with columns and
// no storage.
func (c *Catalog) createForeignTable(s *pgast.CreateStmt) error {
	if err := c.createTable(s); err != nil {
		return err
	}
	if t := c.tables[c.Resolve(s.Relation)]; t != nil {
		t.Kind = RelForeign
	}
	return nil
}

// attachPartition and detachPartition follow ALTER TABLE parent ATTACH /
// DETACH PARTITION child.
func (c *Catalog) attachPartition(parent Name, cmd *pgast.PartitionCmd) {
	if child := c.tables[c.Resolve(cmd.GetName())]; child != nil {
		c.touchTable(child.Name)
		child.PartitionOf, child.DefaultPartition = parent, cmd.GetBound().GetIsDefault()
	}
}

func (c *Catalog) detachPartition(cmd *pgast.PartitionCmd) {
	if child := c.tables[c.Resolve(cmd.GetName())]; child != nil {
		c.touchTable(child.Name)
		child.PartitionOf, child.DefaultPartition = Name{}, false
	}
}

// Partitions returns the partitions of a partitioned table, sorted by name.
func (c *Catalog) Partitions(parent Name) []*Table {
	if t := c.tables[parent]; t == nil || t.Kind != RelPartitioned {
		return nil
	}
	var out []*Table
	for _, t := range c.tables {
		if t.PartitionOf == parent {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *Table) int { return strings.Compare(a.Name.String(), b.Name.String()) })
	return out
}

// DefaultPartition returns the DEFAULT partition of a partitioned table, or nil.
func (c *Catalog) DefaultPartition(parent Name) *Table {
	for _, t := range c.Partitions(parent) {
		if t.DefaultPartition {
			return t
		}
	}
	return nil
}

// ReferencedBy returns the tables with a foreign key to t, sorted by name.
func (c *Catalog) ReferencedBy(t Name) []*Table {
	var out []*Table
	for _, tab := range c.tables {
		for _, k := range tab.Constraints {
			if k.Kind == ForeignKey && k.RefTable == t && tab.Name != t {
				out = append(out, tab)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b *Table) int { return strings.Compare(a.Name.String(), b.Name.String()) })
	return out
}

// ConstraintOf returns the constraint con would be on table t, named and
// with its expression and columns as ADD CONSTRAINT records them, without
// adding it; nil when the catalog does not know t.
func (c *Catalog) ConstraintOf(t Name, con *pgast.Constraint) *Constraint {
	tab := c.tables[t]
	if tab == nil {
		return nil
	}
	scratch := *tab
	scratch.Constraints = nil
	scratch.Columns = make([]*Column, len(tab.Columns))
	for i, col := range tab.Columns {
		cc := *col
		scratch.Columns[i] = &cc
	}
	c.addConstraintTo(&scratch, con, "", true)
	if len(scratch.Constraints) == 0 {
		return nil
	}
	return scratch.Constraints[0]
}
