package catalog

import (
	"fmt"
	"maps"
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
		if t.Comment != "" {
			fmt.Fprintf(&b, " -- %s", t.Comment)
		}
		b.WriteString("\n")
		for _, d := range t.DependsOn {
			fmt.Fprintf(&b, "  reads %s.%s\n", d.Table, d.Column)
		}
		for _, col := range t.Columns {
			typ := col.Type.String()
			if typ == "" {
				typ = "(type not followed)"
			}
			fmt.Fprintf(&b, "  column %s %s", col.Name, typ)
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
			if col.Comment != "" {
				fmt.Fprintf(&b, " -- %s", col.Comment)
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
	for _, n := range sortedNames(c.domains) {
		d := c.domains[n]
		fmt.Fprintf(&b, "domain %s %s", n, d.Base)
		if d.NotNull {
			b.WriteString(" not null")
		}
		for _, ch := range d.Checks {
			fmt.Fprintf(&b, " check (%s)", ch)
		}
		b.WriteString("\n")
	}
	for _, n := range sortedNames(c.sequences) {
		sq := c.sequences[n]
		fmt.Fprintf(&b, "sequence %s %s", n, sq.Type)
		if sq.OwnedBy != nil {
			fmt.Fprintf(&b, " owned by %s.%s", sq.OwnedBy.Table, sq.OwnedBy.Column)
		}
		b.WriteString("\n")
	}
	exts := slices.Sorted(maps.Keys(c.extensions))
	if len(exts) > 0 {
		fmt.Fprintf(&b, "extensions %s\n", strings.Join(exts, ", "))
	}
	return b.String()
}

func sortedNames[V any](m map[Name]V) []Name {
	names := slices.Collect(maps.Keys(m))
	slices.SortFunc(names, func(a, b Name) int { return strings.Compare(a.String(), b.String()) })
	return names
}
