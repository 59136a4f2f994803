package catalog

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// Catalog is the schema state after replaying statements in order.
type Catalog struct {
	tables     map[Name]*Table
	indexes    map[Name]*Index
	enums      map[Name]*Enum
	domains    map[Name]*Domain
	sequences  map[Name]*Sequence
	schemas    map[string]bool
	extensions map[string]bool
	// functions maps function names created by the migrations to their
	// bodies, so a later call can mark what the body may touch uncertain.
	functions map[string]string
	// routines maps the (lowercased) names of the functions the
	// migrations create to what a call of one is (Catalog.Volatile).
	routines   map[string]routine
	searchPath []string
	// removed holds the indexes, and the columns (as "table.column" in the
	// table's schema), that a replayed statement dropped or renamed away.
	// One that is still absent is known not to exist where the history
	// ran, so DROP … IF EXISTS of it does nothing; of a name the history
	// never had, that is not known (it may predate the history).
	removed map[Name]bool
	// journal, while a Tracer follows this catalog, keeps what each object
	// was before the current statement first changed it; nil otherwise.
	journal *journal
}

// New returns an empty catalog with the default search_path (public).
func New() *Catalog {
	return &Catalog{
		tables:     map[Name]*Table{},
		indexes:    map[Name]*Index{},
		enums:      map[Name]*Enum{},
		domains:    map[Name]*Domain{},
		sequences:  map[Name]*Sequence{},
		schemas:    map[string]bool{"public": true},
		extensions: map[string]bool{},
		functions:  map[string]string{},
		routines:   map[string]routine{},
		searchPath: []string{"public"},
		removed:    map[Name]bool{},
	}
}

// Clone returns a deep copy, so a caller can replay on it without changing c.
func (c *Catalog) Clone() *Catalog {
	n := New()
	n.searchPath = slices.Clone(c.searchPath)
	for k, t := range c.tables {
		n.tables[k] = t.clone()
	}
	for k, ix := range c.indexes {
		n.indexes[k] = ix.clone()
	}
	for k, e := range c.enums {
		n.enums[k] = e.clone()
	}
	for k, d := range c.domains {
		n.domains[k] = d.clone()
	}
	for k, sq := range c.sequences {
		n.sequences[k] = sq.clone()
	}
	maps.Copy(n.schemas, c.schemas)
	maps.Copy(n.extensions, c.extensions)
	maps.Copy(n.functions, c.functions)
	maps.Copy(n.routines, c.routines)
	maps.Copy(n.removed, c.removed)
	return n
}

func (ix *Index) clone() *Index {
	i2 := *ix
	i2.Columns = slices.Clone(ix.Columns)
	i2.Uses = slices.Clone(ix.Uses)
	return &i2
}

func (e *Enum) clone() *Enum { return &Enum{Name: e.Name, Labels: slices.Clone(e.Labels)} }

func (d *Domain) clone() *Domain {
	d2 := *d
	d2.Checks = slices.Clone(d.Checks)
	return &d2
}

func (sq *Sequence) clone() *Sequence {
	s2 := *sq
	if sq.OwnedBy != nil {
		o := *sq.OwnedBy
		s2.OwnedBy = &o
	}
	return &s2
}

// clone copies a table deeply: no slice or pointer of the copy is shared
// with t, so replaying on one never changes the other.
func (t *Table) clone() *Table {
	t2 := *t
	// One allocation for the columns, one for their defaults and one for
	// the constraints: tracing copies every table a statement changes.
	cols := make([]Column, len(t.Columns))
	t2.Columns = make([]*Column, len(t.Columns))
	defaults := 0
	for _, col := range t.Columns {
		if col.Default != nil {
			defaults++
		}
	}
	defs := make([]Default, 0, defaults)
	for i, col := range t.Columns {
		cols[i] = *col
		cols[i].Type.Mods = slices.Clone(col.Type.Mods)
		if col.Default != nil {
			defs = append(defs, *col.Default)
			cols[i].Default = &defs[len(defs)-1]
		}
		t2.Columns[i] = &cols[i]
	}
	t2.DependsOn = slices.Clone(t.DependsOn)
	cons := make([]Constraint, len(t.Constraints))
	t2.Constraints = make([]*Constraint, len(t.Constraints))
	for i, con := range t.Constraints {
		cons[i] = *con
		cons[i].Columns = slices.Clone(con.Columns)
		cons[i].RefCols = slices.Clone(con.RefCols)
		t2.Constraints[i] = &cons[i]
	}
	return &t2
}

// Resolve qualifies a relation name: an explicit schema wins; otherwise the
// first schema on the search_path holding the relation, else the first one.
func (c *Catalog) Resolve(rv *pgast.RangeVar) Name {
	if rv == nil {
		return Name{}
	}
	if rv.Schemaname != "" {
		return Name{rv.Schemaname, rv.Relname}
	}
	return c.qualify(rv.Relname, func(n Name) bool { return c.tables[n] != nil })
}

func (c *Catalog) qualify(name string, exists func(Name) bool) Name {
	for _, s := range c.searchPath {
		if n := (Name{s, name}); exists(n) {
			return n
		}
	}
	schema := "public"
	if len(c.searchPath) > 0 {
		schema = c.searchPath[0]
	}
	return Name{schema, name}
}

// Table returns the relation named n, or nil when the catalog has none.
func (c *Catalog) Table(n Name) *Table { return c.tables[n] }

// Index returns the index named n, or nil.
func (c *Catalog) Index(n Name) *Index { return c.indexes[n] }

// IndexRemoved reports whether a replayed statement dropped or renamed
// away the index named n (unqualified: in a schema of the search_path)
// and none has that name now: where the history ran, it does not exist.
func (c *Catalog) IndexRemoved(schema, name string) bool {
	if c.indexNamedIn(schema, name) != nil {
		return false
	}
	if schema != "" {
		return c.removed[Name{schema, name}]
	}
	return slices.ContainsFunc(c.searchPath, func(s string) bool { return c.removed[Name{s, name}] })
}

// ColumnRemoved reports whether a replayed statement dropped or renamed
// away column col of table t, which has no such column now.
func (c *Catalog) ColumnRemoved(t Name, col string) bool {
	tab := c.tables[t]
	return tab != nil && tab.Column(col) == nil && c.removed[Name{t.Schema, t.Name + "." + col}]
}

// indexNamedIn finds an index by name, in schema when one is given, else
// as IndexNamed does; nil when there is none.
func (c *Catalog) indexNamedIn(schema, name string) *Index {
	if schema != "" {
		return c.indexes[Name{schema, name}]
	}
	return c.IndexNamed(name)
}

// removeIndex removes index n, when the catalog has it, remembering the
// name.
func (c *Catalog) removeIndex(n Name) {
	c.touchIndex(n)
	if c.indexes[n] != nil {
		delete(c.indexes, n)
		c.removed[n] = true
	}
}

// Enum returns the enum type named n, or nil.
func (c *Catalog) Enum(n Name) *Enum { return c.enums[n] }

// Domain returns the domain named n, or nil.
func (c *Catalog) Domain(n Name) *Domain { return c.domains[n] }

// Sequence returns the sequence named n, or nil.
func (c *Catalog) Sequence(n Name) *Sequence { return c.sequences[n] }

// HasExtension reports whether CREATE EXTENSION name ran.
func (c *Catalog) HasExtension(name string) bool { return c.extensions[name] }

// HasSchema reports whether the schema exists (public always does).
func (c *Catalog) HasSchema(name string) bool { return c.schemas[name] }

// IndexNamed finds an index by its unqualified name, trying the schemas
// of the search_path in order; nil when there is none.
func (c *Catalog) IndexNamed(name string) *Index {
	return c.indexes[c.qualify(name, func(n Name) bool { return c.indexes[n] != nil })]
}

// IndexesOn returns the indexes of table t, sorted by name.
func (c *Catalog) IndexesOn(t Name) []*Index {
	var out []*Index
	for _, ix := range c.indexes {
		if ix.Table == t {
			out = append(out, ix)
		}
	}
	slices.SortFunc(out, func(a, b *Index) int { return strings.Compare(a.Name.String(), b.Name.String()) })
	return out
}

// Tables returns every relation, sorted by name.
func (c *Catalog) Tables() []*Table {
	out := make([]*Table, 0, len(c.tables))
	for _, t := range c.tables {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *Table) int { return strings.Compare(a.Name.String(), b.Name.String()) })
	return out
}

// Column returns the column named name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Constraint returns the first constraint named name, or nil.
func (t *Table) Constraint(name string) *Constraint {
	for _, k := range t.Constraints {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// String renders a type as format_type() does: character varying(20),
// numeric(10,2), integer[].
func (t Type) String() string {
	s := t.Name
	if len(t.Mods) > 0 {
		parts := make([]string, len(t.Mods))
		for i, m := range t.Mods {
			parts[i] = fmt.Sprint(m)
		}
		base, rest, found := strings.Cut(s, " with")
		if found { // timestamp(3) with time zone
			s = base + "(" + strings.Join(parts, ",") + ") with" + rest
		} else {
			s += "(" + strings.Join(parts, ",") + ")"
		}
	}
	return s + strings.Repeat("[]", t.ArrayDims)
}
