package catalog

import (
	"cmp"
	"slices"
	"strings"
)

// journal keeps, for the statement being replayed, the state each object
// had before the statement first changed it. Every change the catalog
// makes to an object goes through a touch of that object first, so the
// journal holds exactly what the statement reached: the objects its parse
// tree names and the dependents the catalog followed from them (CASCADE,
// renames, a DO block's statements). A Tracer compares only those objects,
// which costs what the statement costs, not what the schema weighs.
type journal struct {
	tables    map[Name]tableBefore
	indexes   map[Name]before[Index]
	enums     map[Name]before[Enum]
	domains   map[Name]before[Domain]
	sequences map[Name]before[Sequence]
}

// before is an object as it was before the statement: orig is the live
// object (nil when there was none), copy a copy of it then.
type before[T any] struct{ orig, copy *T }

// tableBefore also keeps the column and constraint objects the table held,
// in the copy's order, so a rename (the same object under a new name) can
// be told from a drop and an add.
type tableBefore struct {
	before[Table]
	columns     []*Column
	constraints []*Constraint
	// direct is set unless every change the statement made to the table
	// rewrote a reference to another object it renamed (touchRef).
	direct bool
}

func newJournal() *journal {
	return &journal{
		tables:    map[Name]tableBefore{},
		indexes:   map[Name]before[Index]{},
		enums:     map[Name]before[Enum]{},
		domains:   map[Name]before[Domain]{},
		sequences: map[Name]before[Sequence]{},
	}
}

func (j *journal) empty() bool {
	return len(j.tables)+len(j.indexes)+len(j.enums)+len(j.domains)+len(j.sequences) == 0
}

// touch records the state of live[n] unless the statement touched it already.
func touch[T any](m map[Name]before[T], live map[Name]*T, n Name, clone func(*T) *T) {
	if _, ok := m[n]; ok {
		return
	}
	b := before[T]{orig: live[n]}
	if b.orig != nil {
		b.copy = clone(b.orig)
	}
	m[n] = b
}

// touchTable, touchIndex and the others are called before any change to
// the object named n (its creation, its removal, any field of it): outside
// a trace they do nothing.
func (c *Catalog) touchTable(n Name) { c.touchTableAs(n, true) }

// touchRef is touchTable before a change that only rewrites a reference
// to an object the statement renames: a sequence in a default, a type's
// name, an enum label in a default. The table means what it meant.
func (c *Catalog) touchRef(n Name) { c.touchTableAs(n, false) }

func (c *Catalog) touchTableAs(n Name, direct bool) {
	j := c.journal
	if j == nil {
		return
	}
	if b, ok := j.tables[n]; ok {
		if direct && !b.direct {
			b.direct = true
			j.tables[n] = b
		}
		return
	}
	b := tableBefore{before: before[Table]{orig: c.tables[n]}, direct: direct}
	if t := b.orig; t != nil {
		b.copy = t.clone()
		b.columns = slices.Clone(t.Columns)
		b.constraints = slices.Clone(t.Constraints)
	}
	j.tables[n] = b
}

func (c *Catalog) touchIndex(n Name) {
	if c.journal != nil {
		touch(c.journal.indexes, c.indexes, n, (*Index).clone)
	}
}

func (c *Catalog) touchEnum(n Name) {
	if c.journal != nil {
		touch(c.journal.enums, c.enums, n, (*Enum).clone)
	}
}

func (c *Catalog) touchDomain(n Name) {
	if c.journal != nil {
		touch(c.journal.domains, c.domains, n, (*Domain).clone)
	}
}

func (c *Catalog) touchSequence(n Name) {
	if c.journal != nil {
		touch(c.journal.sequences, c.sequences, n, (*Sequence).clone)
	}
}

// Rename is an object that a statement renamed or moved to another
// schema: the same object under a new name. The statement's Changes list
// it as removed under From and added under To, as Diff sees it.
type Rename struct {
	Object   string // as in Change: table (or another relation kind), column, constraint, index, enum, domain, sequence
	From, To string // qualified names
}

// settle compares every object the statement touched with what it is now,
// as Diff compares them, and empties the journal for the next statement.
func (j *journal) settle(c *Catalog) (changes []Change, renames []Rename, uncertain, retargeted []Name) {
	var d differ
	rename := func(object string, from, to Name) {
		if from != to {
			renames = append(renames, Rename{Object: object, From: from.String(), To: to.String()})
		}
	}
	for n, b := range j.tables {
		now := c.tables[n]
		d.relation(n, b.copy, now)
		if now != nil && now.Uncertain && (b.copy == nil || !b.copy.Uncertain) {
			uncertain = append(uncertain, n)
		}
		if !b.direct {
			retargeted = append(retargeted, n)
		}
		t := b.orig
		if t == nil || c.tables[t.Name] != t {
			continue // created, or dropped
		}
		rename(string(b.copy.Kind), n, t.Name)
		for i, col := range b.columns {
			if old := b.copy.Columns[i].Name; col.Name != old && slices.Contains(t.Columns, col) {
				renames = append(renames, Rename{Object: "column", From: n.String() + "." + old, To: t.Name.String() + "." + col.Name})
			}
		}
		for i, k := range b.constraints {
			if old := b.copy.Constraints[i].Name; k.Name != old && slices.Contains(t.Constraints, k) {
				renames = append(renames, Rename{Object: "constraint", From: n.String() + "." + old, To: t.Name.String() + "." + k.Name})
			}
		}
	}
	for n, b := range j.indexes {
		d.index(n, b.copy, c.indexes[n])
		if ix := b.orig; ix != nil && c.indexes[ix.Name] == ix {
			rename("index", n, ix.Name)
		}
	}
	for n, b := range j.enums {
		d.enum(n, b.copy, c.enums[n])
		if e := b.orig; e != nil && c.enums[e.Name] == e {
			rename("enum", n, e.Name)
		}
	}
	for n, b := range j.domains {
		d.domain(n, b.copy, c.domains[n])
		if dm := b.orig; dm != nil && c.domains[dm.Name] == dm {
			rename("domain", n, dm.Name)
		}
	}
	for n, b := range j.sequences {
		d.sequence(n, b.copy, c.sequences[n])
		if sq := b.orig; sq != nil && c.sequences[sq.Name] == sq {
			rename("sequence", n, sq.Name)
		}
	}
	clear(j.tables)
	clear(j.indexes)
	clear(j.enums)
	clear(j.domains)
	clear(j.sequences)
	slices.SortFunc(renames, func(a, b Rename) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.Object, b.Object))
	})
	byName := func(a, b Name) int { return strings.Compare(a.String(), b.String()) }
	slices.SortFunc(uncertain, byName)
	slices.SortFunc(retargeted, byName)
	return d.sorted(), renames, uncertain, retargeted
}
