package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// ChangeKind says whether an object was added, removed or changed.
type ChangeKind string

const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Change is one difference between two catalogs.
type Change struct {
	Kind   ChangeKind
	Object string // table, column, constraint, index, enum
	Name   string // qualified: public.users, public.users.email, public.users.users_pkey
	Detail string // for changes: what changed, old → new
	// Columns lists, for a relation added or removed, the columns it has
	// (or had), in order: what a reader of the relation saw.
	Columns []string
	// Table is the relation a change is about: the relation itself, or
	// the one a column or constraint belongs to. Zero for other objects.
	Table Name
}

func (c Change) String() string {
	s := fmt.Sprintf("%s %s %s", c.Object, c.Name, c.Kind)
	if c.Detail != "" {
		s += ": " + c.Detail
	}
	return s
}

// Diff lists how new differs from old, sorted by name then object. It is
// the one comparison the database diff, drift and the PostgreSQL oracle
// test share; a Tracer makes the same comparison object by object, for
// the objects a statement touched.
func Diff(old, new *Catalog) []Change {
	var d differ
	for n, t := range old.tables {
		if new.tables[n] == nil {
			d.relation(n, t, nil)
		}
	}
	for n, nt := range new.tables {
		d.relation(n, old.tables[n], nt)
	}
	for n, ix := range old.indexes {
		if new.indexes[n] == nil {
			d.index(n, ix, nil)
		}
	}
	for n, nix := range new.indexes {
		d.index(n, old.indexes[n], nix)
	}
	for n, e := range old.enums {
		if new.enums[n] == nil {
			d.enum(n, e, nil)
		}
	}
	for n, ne := range new.enums {
		d.enum(n, old.enums[n], ne)
	}
	for n, od := range old.domains {
		if new.domains[n] == nil {
			d.domain(n, od, nil)
		}
	}
	for n, nd := range new.domains {
		d.domain(n, old.domains[n], nd)
	}
	for n, sq := range old.sequences {
		if new.sequences[n] == nil {
			d.sequence(n, sq, nil)
		}
	}
	for n, sq := range new.sequences {
		d.sequence(n, old.sequences[n], sq)
	}
	return d.sorted()
}

// differ collects the changes between two states of objects, one object
// at a time: nil stands for an object that does not exist.
type differ struct{ out []Change }

func (d *differ) add(kind ChangeKind, object, name, detail string) {
	d.out = append(d.out, Change{Kind: kind, Object: object, Name: name, Detail: detail})
}

// member adds a change of a column or constraint of relation n.
func (d *differ) member(kind ChangeKind, object string, n Name, name, detail string) {
	d.out = append(d.out, Change{Kind: kind, Object: object, Name: n.String() + "." + name, Detail: detail, Table: n})
}

// sorted returns the changes by name, then object, kind and detail, so
// the order does not depend on which objects were compared first.
func (d *differ) sorted() []Change {
	slices.SortFunc(d.out, func(a, b Change) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Object, b.Object), strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.Detail, b.Detail))
	})
	return d.out
}

// relation compares a relation with its columns and constraints. An added
// or removed relation is one change, which lists its columns.
func (d *differ) relation(n Name, ot, nt *Table) {
	switch {
	case ot == nil && nt == nil:
	case ot == nil:
		d.out = append(d.out, Change{Kind: Added, Object: string(nt.Kind), Name: n.String(), Columns: columnNames(nt), Table: n})
	case nt == nil:
		d.out = append(d.out, Change{Kind: Removed, Object: string(ot.Kind), Name: n.String(), Columns: columnNames(ot), Table: n})
	default:
		if ot.Kind != nt.Kind {
			d.out = append(d.out, Change{Kind: Changed, Object: "relation", Name: n.String(), Detail: fmt.Sprintf("kind %s → %s", ot.Kind, nt.Kind), Table: n})
		}
		diffColumns(n, ot, nt, d)
		diffConstraints(n, ot, nt, d)
	}
}

func columnNames(t *Table) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

func (d *differ) index(n Name, oix, nix *Index) {
	switch {
	case oix == nil && nix == nil:
	case oix == nil:
		d.add(Added, "index", n.String(), "on "+nix.Table.String())
	case nix == nil:
		d.add(Removed, "index", n.String(), "on "+oix.Table.String())
	case oix.Unique != nix.Unique || !slices.Equal(oix.Columns, nix.Columns) || oix.Table != nix.Table:
		d.add(Changed, "index", n.String(), fmt.Sprintf("%s → %s", describeIndex(oix), describeIndex(nix)))
	}
}

func (d *differ) enum(n Name, oe, ne *Enum) {
	switch {
	case oe == nil && ne == nil:
	case oe == nil:
		d.add(Added, "enum", n.String(), "")
	case ne == nil:
		d.add(Removed, "enum", n.String(), "")
	case !slices.Equal(oe.Labels, ne.Labels):
		d.add(Changed, "enum", n.String(), fmt.Sprintf("labels (%s) → (%s)", strings.Join(oe.Labels, ", "), strings.Join(ne.Labels, ", ")))
	}
}

func (d *differ) domain(n Name, od, nd *Domain) {
	switch {
	case od == nil && nd == nil:
	case od == nil:
		d.add(Added, "domain", n.String(), nd.Base.String())
	case nd == nil:
		d.add(Removed, "domain", n.String(), od.Base.String())
	case od.Base.String() != nd.Base.String() || od.NotNull != nd.NotNull || !slices.Equal(od.Checks, nd.Checks):
		d.add(Changed, "domain", n.String(), fmt.Sprintf("%s → %s", od.Base, nd.Base))
	}
}

func (d *differ) sequence(n Name, os, ns *Sequence) {
	switch {
	case os == nil && ns != nil:
		d.add(Added, "sequence", n.String(), "")
	case os != nil && ns == nil:
		d.add(Removed, "sequence", n.String(), "")
	}
}

// diffColumns compares the columns of two states of a table by name. A
// name the model holds twice (a view's SELECT * over a join) is matched by
// occurrence, so an unchanged table never shows a change.
func diffColumns(n Name, ot, nt *Table, d *differ) {
	colName := func(c *Column) string { return c.Name }
	for i, oc := range ot.Columns {
		if counterpart(ot.Columns, i, nt.Columns, colName) == nil {
			d.member(Removed, "column", n, oc.Name, oc.Type.String())
		}
	}
	for i, nc := range nt.Columns {
		oc := counterpart(nt.Columns, i, ot.Columns, colName)
		if oc == nil {
			d.member(Added, "column", n, nc.Name, nc.Type.String())
			continue
		}
		var what []string
		if !sameType(oc.Type, nc.Type) {
			what = append(what, fmt.Sprintf("type %s → %s", oc.Type, nc.Type))
		}
		if oc.NotNull != nc.NotNull {
			what = append(what, fmt.Sprintf("not null %v → %v", oc.NotNull, nc.NotNull))
		}
		if od, nd := defaultText(oc), defaultText(nc); od != nd {
			what = append(what, fmt.Sprintf("default %s → %s", od, nd))
		}
		if oc.Identity != nc.Identity {
			what = append(what, fmt.Sprintf("identity %q → %q", oc.Identity, nc.Identity))
		}
		if (oc.Generated == "") != (nc.Generated == "") {
			what = append(what, fmt.Sprintf("generated %q → %q", oc.Generated, nc.Generated))
		}
		if len(what) > 0 {
			d.member(Changed, "column", n, nc.Name, strings.Join(what, "; "))
		}
	}
}

// sameType says whether two types print the same, comparing their parts
// before printing them.
func sameType(a, b Type) bool {
	if a.Name == b.Name && a.ArrayDims == b.ArrayDims && slices.Equal(a.Mods, b.Mods) {
		return true
	}
	return a.String() == b.String()
}

func defaultText(c *Column) string {
	if c.Default == nil {
		return "none"
	}
	return c.Default.Expr
}

// counterpart returns the element of other with the name of from[i] and
// the same occurrence of that name (the second "x" for the second "x"),
// or nil.
func counterpart[T any](from []*T, i int, other []*T, name func(*T) string) *T {
	want, k := name(from[i]), 0
	for _, x := range from[:i] {
		if name(x) == want {
			k++
		}
	}
	for _, x := range other {
		if name(x) == want {
			if k == 0 {
				return x
			}
			k--
		}
	}
	return nil
}

// diffConstraints compares constraints by name, and by occurrence for a
// name the model holds twice.
func diffConstraints(n Name, ot, nt *Table, d *differ) {
	conName := func(k *Constraint) string { return k.Name }
	for i, ok := range ot.Constraints {
		if counterpart(ot.Constraints, i, nt.Constraints, conName) == nil {
			d.member(Removed, "constraint", n, ok.Name, string(ok.Kind))
		}
	}
	for i, nk := range nt.Constraints {
		ok := counterpart(nt.Constraints, i, ot.Constraints, conName)
		switch {
		case ok == nil:
			d.member(Added, "constraint", n, nk.Name, string(nk.Kind))
		case ok.Kind != nk.Kind || ok.NotValid != nk.NotValid ||
			!slices.Equal(ok.Columns, nk.Columns) && !slices.Equal(constraintColumns(ok), constraintColumns(nk)):
			d.member(Changed, "constraint", n, nk.Name, fmt.Sprintf("%s → %s", describeConstraint(ok), describeConstraint(nk)))
		}
	}
}

// constraintColumns are compared in order for keys, where order matters,
// and as a set for CHECK constraints, where it does not.
func constraintColumns(k *Constraint) []string {
	if k.Kind != Check {
		return k.Columns
	}
	cols := slices.Clone(k.Columns)
	slices.Sort(cols)
	return cols
}

func describeConstraint(k *Constraint) string {
	s := fmt.Sprintf("%s (%s)", k.Kind, strings.Join(k.Columns, ", "))
	if k.NotValid {
		s += " not valid"
	}
	return s
}

func describeIndex(ix *Index) string {
	u := ""
	if ix.Unique {
		u = "unique "
	}
	return fmt.Sprintf("%son %s (%s)", u, ix.Table, strings.Join(ix.Columns, ", "))
}
