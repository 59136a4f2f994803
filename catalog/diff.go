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
}

func (c Change) String() string {
	s := fmt.Sprintf("%s %s %s", c.Object, c.Name, c.Kind)
	if c.Detail != "" {
		s += ": " + c.Detail
	}
	return s
}

// Diff lists how new differs from old, sorted by name then object. It is
// the one comparison the database diff and the PostgreSQL oracle test share.
func Diff(old, new *Catalog) []Change {
	var out []Change
	add := func(kind ChangeKind, object, name, detail string) {
		out = append(out, Change{kind, object, name, detail})
	}
	for n, t := range old.tables {
		if new.tables[n] == nil {
			add(Removed, string(t.Kind), n.String(), "")
		}
	}
	for n, nt := range new.tables {
		ot := old.tables[n]
		if ot == nil {
			add(Added, string(nt.Kind), n.String(), "")
			continue
		}
		if ot.Kind != nt.Kind {
			add(Changed, "relation", n.String(), fmt.Sprintf("kind %s → %s", ot.Kind, nt.Kind))
		}
		diffColumns(n, ot, nt, add)
		diffConstraints(n, ot, nt, add)
	}
	for n, ix := range old.indexes {
		if new.indexes[n] == nil {
			add(Removed, "index", n.String(), "on "+ix.Table.String())
		}
	}
	for n, nix := range new.indexes {
		oix := old.indexes[n]
		switch {
		case oix == nil:
			add(Added, "index", n.String(), "on "+nix.Table.String())
		case oix.Unique != nix.Unique || !slices.Equal(oix.Columns, nix.Columns) || oix.Table != nix.Table:
			add(Changed, "index", n.String(), fmt.Sprintf("%s → %s", describeIndex(oix), describeIndex(nix)))
		}
	}
	for n := range old.enums {
		if new.enums[n] == nil {
			add(Removed, "enum", n.String(), "")
		}
	}
	for n, ne := range new.enums {
		oe := old.enums[n]
		switch {
		case oe == nil:
			add(Added, "enum", n.String(), "")
		case !slices.Equal(oe.Labels, ne.Labels):
			add(Changed, "enum", n.String(), fmt.Sprintf("labels (%s) → (%s)", strings.Join(oe.Labels, ", "), strings.Join(ne.Labels, ", ")))
		}
	}
	for n, od := range old.domains {
		switch nd := new.domains[n]; {
		case nd == nil:
			add(Removed, "domain", n.String(), od.Base.String())
		case od.Base.String() != nd.Base.String() || od.NotNull != nd.NotNull || !slices.Equal(od.Checks, nd.Checks):
			add(Changed, "domain", n.String(), fmt.Sprintf("%s → %s", od.Base, nd.Base))
		}
	}
	for n, nd := range new.domains {
		if old.domains[n] == nil {
			add(Added, "domain", n.String(), nd.Base.String())
		}
	}
	for n := range old.sequences {
		if new.sequences[n] == nil {
			add(Removed, "sequence", n.String(), "")
		}
	}
	for n := range new.sequences {
		if old.sequences[n] == nil {
			add(Added, "sequence", n.String(), "")
		}
	}
	slices.SortFunc(out, func(a, b Change) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Object, b.Object), strings.Compare(string(a.Kind), string(b.Kind)))
	})
	return out
}

func diffColumns(n Name, ot, nt *Table, add func(ChangeKind, string, string, string)) {
	for _, oc := range ot.Columns {
		if nt.Column(oc.Name) == nil {
			add(Removed, "column", n.String()+"."+oc.Name, oc.Type.String())
		}
	}
	for _, nc := range nt.Columns {
		name := n.String() + "." + nc.Name
		oc := ot.Column(nc.Name)
		if oc == nil {
			add(Added, "column", name, nc.Type.String())
			continue
		}
		var what []string
		if oc.Type.String() != nc.Type.String() {
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
			add(Changed, "column", name, strings.Join(what, "; "))
		}
	}
}

func defaultText(c *Column) string {
	if c.Default == nil {
		return "none"
	}
	return c.Default.Expr
}

func diffConstraints(n Name, ot, nt *Table, add func(ChangeKind, string, string, string)) {
	find := func(t *Table, name string) *Constraint {
		for _, k := range t.Constraints {
			if k.Name == name {
				return k
			}
		}
		return nil
	}
	for _, ok := range ot.Constraints {
		if find(nt, ok.Name) == nil {
			add(Removed, "constraint", n.String()+"."+ok.Name, string(ok.Kind))
		}
	}
	for _, nk := range nt.Constraints {
		name := n.String() + "." + nk.Name
		ok := find(ot, nk.Name)
		switch {
		case ok == nil:
			add(Added, "constraint", name, string(nk.Kind))
		case ok.Kind != nk.Kind || !slices.Equal(constraintColumns(ok), constraintColumns(nk)) || ok.NotValid != nk.NotValid:
			add(Changed, "constraint", name, fmt.Sprintf("%s → %s", describeConstraint(ok), describeConstraint(nk)))
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
