package dbdiff

import (
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
)

// chain is a base object renamed by the change: its names in order, and
// the statement of the first rename.
type chain struct {
	object string
	names  []string
	step   *step
}

// renameChains follows renames through the change, keyed by the object's
// kind and base name ("column public.users.name"). Renaming a relation
// renames its columns too.
func renameChains(steps []*step) map[string]*chain {
	byCurrent := map[string]*chain{}
	start := map[string]*chain{}
	for _, s := range steps {
		if !s.renames() {
			continue
		}
		for _, c := range s.changes {
			to, ok := renamedTo(s, c)
			if !ok {
				continue
			}
			key := c.Object + " " + c.Name
			ch := byCurrent[key]
			if ch == nil {
				// A column of a relation renamed earlier in the change
				// starts its chain at its base name, under the
				// relation's base name.
				ch = &chain{object: c.Object, names: []string{baseColumn(byCurrent, c)}, step: s}
				if ch.names[0] != c.Name {
					ch.names = append(ch.names, c.Name)
				}
				start[c.Object+" "+ch.names[0]] = ch
			}
			delete(byCurrent, key)
			ch.names = append(ch.names, to)
			byCurrent[c.Object+" "+to] = ch
			if c.Object == "column" {
				continue
			}
			for k, cc := range byCurrent {
				cur := cc.names[len(cc.names)-1]
				if cc.object == "column" && strings.HasPrefix(cur, c.Name+".") {
					delete(byCurrent, k)
					cc.names = append(cc.names, to+strings.TrimPrefix(cur, c.Name))
					byCurrent["column "+cc.names[len(cc.names)-1]] = cc
				}
			}
		}
	}
	return start
}

// baseColumn is the name column change c had at the base: the same, unless
// its relation was renamed earlier in the change (byCurrent holds the
// renames so far by current name).
func baseColumn(byCurrent map[string]*chain, c catalog.Change) string {
	if c.Object != "column" {
		return c.Name
	}
	dot := strings.LastIndexByte(c.Name, '.')
	if dot < 0 {
		return c.Name
	}
	relation, column := c.Name[:dot], c.Name[dot:]
	for _, rc := range byCurrent {
		if rc.object != "column" && rc.names[len(rc.names)-1] == relation {
			return rc.names[0] + column
		}
	}
	return c.Name
}

// renamedChanges compares a renamed object at the base with what it is
// after the change under its final name: a renamed relation's columns
// (removed, renamed, changed), a renamed column's type and constraints.
func renamedChanges(c catalog.Change, ch *chain, renames map[string]*chain, base, head *catalog.Catalog) []item {
	final := ch.names[len(ch.names)-1]
	if c.Object == "column" {
		oc, nc := columnOf(base, c.Name), columnOf(head, final)
		if oc == nil || nc == nil {
			return nil
		}
		if parts := columnParts(oc, nc); len(parts) > 0 {
			return []item{{change: catalog.Change{Kind: catalog.Changed, Object: "column", Name: c.Name}, names: ch.names, parts: parts}}
		}
		return nil
	}
	ot, nt := base.Table(splitName(c.Name)), head.Table(splitName(final))
	if ot == nil || nt == nil {
		return nil
	}
	var out []item
	for _, oc := range ot.Columns {
		name := c.Name + "." + oc.Name
		if renames["column "+name] != nil {
			continue // reported as a column rename
		}
		var names []string
		for _, n := range ch.names {
			names = append(names, n+"."+oc.Name)
		}
		nc := nt.Column(oc.Name)
		if nc == nil {
			out = append(out, item{change: catalog.Change{Kind: catalog.Removed, Object: "column", Name: name, Detail: oc.Type.String()}, names: names})
			continue
		}
		if parts := columnParts(oc, nc); len(parts) > 0 {
			out = append(out, item{change: catalog.Change{Kind: catalog.Changed, Object: "column", Name: name}, names: names, parts: parts})
		}
	}
	return out
}

// exists says whether the catalog has an object of the kind Diff names.
func exists(c *catalog.Catalog, object, name string) bool {
	switch object {
	case "column":
		return columnOf(c, name) != nil
	case "index":
		return c.Index(splitName(name)) != nil
	case "enum":
		return c.Enum(splitName(name)) != nil
	case "domain":
		return c.Domain(splitName(name)) != nil
	case "sequence":
		return c.Sequence(splitName(name)) != nil
	case "constraint":
		return true // not followed through renames
	}
	return c.Table(splitName(name)) != nil
}

// renamedTo is the name of the object of c's kind that the same statement
// adds, when c is a removal: the object under its new name.
func renamedTo(s *step, c catalog.Change) (string, bool) {
	if c.Kind != catalog.Removed {
		return "", false
	}
	for _, sc := range s.changes {
		if sc.Kind == catalog.Added && sc.Object == c.Object {
			return sc.Name, true
		}
	}
	return "", false
}
