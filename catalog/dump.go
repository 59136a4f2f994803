package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Dump renders the catalog as deterministic text, for tests and debugging.
func (c *Catalog) Dump() string {
	var b strings.Builder
	for _, t := range c.Tables() {
		fmt.Fprintf(&b, "%s %s", t.Kind, t.Name)
		if t.Uncertain {
			b.WriteString(" (uncertain)")
		}
		b.WriteString("\n")
		for _, col := range t.Columns {
			fmt.Fprintf(&b, "  column %s %s", col.Name, col.Type)
			if col.NotNull {
				b.WriteString(" not null")
			}
			if col.Default != nil {
				fmt.Fprintf(&b, " default %s", col.Default.Expr)
				if col.Default.Volatile {
					b.WriteString(" (volatile)")
				}
			}
			if col.Identity != "" {
				fmt.Fprintf(&b, " identity %s", col.Identity)
			}
			if col.Generated != "" {
				fmt.Fprintf(&b, " generated (%s)", col.Generated)
			}
			b.WriteString("\n")
		}
		cons := slices.Clone(t.Constraints)
		slices.SortFunc(cons, func(a, b *Constraint) int { return strings.Compare(a.Name, b.Name) })
		for _, k := range cons {
			fmt.Fprintf(&b, "  constraint %s %s (%s)", k.Name, k.Kind, strings.Join(k.Columns, ", "))
			if k.Expr != "" {
				fmt.Fprintf(&b, " %s", k.Expr)
			}
			if k.Kind == ForeignKey {
				fmt.Fprintf(&b, " references %s (%s)", k.RefTable, strings.Join(k.RefCols, ", "))
			}
			if k.NotValid {
				b.WriteString(" not valid")
			}
			b.WriteString("\n")
		}
		for _, ix := range c.IndexesOn(t.Name) {
			u := ""
			if ix.Unique {
				u = "unique "
			}
			fmt.Fprintf(&b, "  %sindex %s (%s)", u, ix.Name.Name, strings.Join(ix.Columns, ", "))
			if ix.Where != "" {
				fmt.Fprintf(&b, " where %s", ix.Where)
			}
			b.WriteString("\n")
		}
	}
	var enums []*Enum
	for _, e := range c.enums {
		enums = append(enums, e)
	}
	slices.SortFunc(enums, func(a, b *Enum) int { return strings.Compare(a.Name.String(), b.Name.String()) })
	for _, e := range enums {
		fmt.Fprintf(&b, "enum %s (%s)\n", e.Name, strings.Join(e.Labels, ", "))
	}
	return b.String()
}
