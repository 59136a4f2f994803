package catalog

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// createForeignTable records a foreign table: a relation with columns and
// no storage.
func (c *Catalog) createForeignTable(s *pg_query.CreateStmt) error {
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
func (c *Catalog) attachPartition(parent Name, cmd *pg_query.PartitionCmd) {
	if child := c.tables[c.Resolve(cmd.GetName())]; child != nil {
		child.PartitionOf, child.DefaultPartition = parent, cmd.GetBound().GetIsDefault()
	}
}

func (c *Catalog) detachPartition(cmd *pg_query.PartitionCmd) {
	if child := c.tables[c.Resolve(cmd.GetName())]; child != nil {
		child.PartitionOf, child.DefaultPartition = Name{}, false
	}
}

// Partitions returns the partitions of a partitioned table, sorted by name.
func (c *Catalog) Partitions(parent Name) []*Table {
	var out []*Table
	for _, t := range c.Tables() {
		if t.PartitionOf == parent {
			out = append(out, t)
		}
	}
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
	for _, tab := range c.Tables() {
		for _, k := range tab.Constraints {
			if k.Kind == ForeignKey && k.RefTable == t && tab.Name != t {
				out = append(out, tab)
				break
			}
		}
	}
	return out
}
