package crosslayer

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
)

// History is what the migrations removed on the way to the head schema, and
// where: columns and tables dropped or renamed (so a property a client still
// exposes can be traced to the statement that took its column away), and the
// statement that last defined or changed each surviving column and enum.
type History struct {
	tables map[catalog.Name]*tableHistory // tables at head, by name
	gone   map[catalog.Name]*goneTable    // tables dropped or renamed away, by the name they had
	enums  map[catalog.Name]finding.Location
}

type tableHistory struct {
	removed map[string]Event            // columns dropped or renamed away, by the name they had
	touched map[string]finding.Location // surviving columns: the statement that last defined or changed them
}

// goneTable is a table that no longer exists under its name.
type goneTable struct {
	name    catalog.Name
	event   Event
	columns []string // the columns it had, and had had, under that name
}

// Event is a removal: a drop or a rename, and the statement that did it.
type Event struct {
	Renamed bool
	To      string // the new name of a renamed column or table
	At      finding.Location
}

func (e Event) String() string {
	if e.Renamed {
		return "renamed to " + e.To
	}
	return "dropped"
}

// Replay builds the head schema from files, as catalog.Replay does, and
// records its History on the way.
func Replay(files []*migration.File) (*catalog.Catalog, *History) {
	h := &History{tables: map[catalog.Name]*tableHistory{}, gone: map[catalog.Name]*goneTable{}, enums: map[catalog.Name]finding.Location{}}
	var pending *step
	cat := catalog.Replay(nil, files, func(_ *migration.File, st *migration.Statement, c *catalog.Catalog) {
		if pending != nil {
			h.record(pending, c)
		}
		pending = snapshot(st, c)
	})
	if pending != nil {
		h.record(pending, cat)
	}
	return cat, h
}

// step is one statement and the state, before it ran, of the relations it
// names; comparing with the state after it shows what it dropped or renamed.
// Only named relations are compared, so tracing costs no more than the statement.
type step struct {
	at     finding.Location
	stmt   *migration.Statement
	before []relState
	enums  []string // enum type names the statement creates or alters
}

type relState struct {
	name    catalog.Name
	table   *catalog.Table // nil when the relation did not exist yet
	columns []colState
}

type colState struct {
	ptr *catalog.Column
	was catalog.Column
}

func snapshot(st *migration.Statement, c *catalog.Catalog) *step {
	s := &step{at: st.Pos, stmt: st}
	for _, rv := range namedRelations(st.Node) {
		n := c.Resolve(rv)
		rs := relState{name: n, table: c.Table(n)}
		if rs.table != nil {
			for _, col := range rs.table.Columns {
				was := *col
				was.Type.Mods = slices.Clone(col.Type.Mods)
				rs.columns = append(rs.columns, colState{col, was})
			}
		}
		s.before = append(s.before, rs)
	}
	switch {
	case st.Node.GetCreateEnumStmt() != nil:
		s.enums = append(s.enums, qualified(st.Node.GetCreateEnumStmt().TypeName))
	case st.Node.GetAlterEnumStmt() != nil:
		s.enums = append(s.enums, qualified(st.Node.GetAlterEnumStmt().TypeName))
	}
	return s
}

func qualified(names []*pg_query.Node) string {
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, n.GetString_().GetSval())
	}
	return strings.Join(parts, ".")
}

// namedRelations lists the relations a statement creates, alters, renames
// or drops.
func namedRelations(n *pg_query.Node) []*pg_query.RangeVar {
	switch {
	case n.GetCreateStmt() != nil:
		return []*pg_query.RangeVar{n.GetCreateStmt().Relation}
	case n.GetAlterTableStmt() != nil:
		return []*pg_query.RangeVar{n.GetAlterTableStmt().Relation}
	case n.GetRenameStmt() != nil && n.GetRenameStmt().Relation != nil:
		return []*pg_query.RangeVar{n.GetRenameStmt().Relation}
	case n.GetAlterObjectSchemaStmt() != nil && n.GetAlterObjectSchemaStmt().Relation != nil:
		return []*pg_query.RangeVar{n.GetAlterObjectSchemaStmt().Relation}
	case n.GetViewStmt() != nil:
		return []*pg_query.RangeVar{n.GetViewStmt().View}
	case n.GetCreateTableAsStmt() != nil && n.GetCreateTableAsStmt().GetInto() != nil:
		return []*pg_query.RangeVar{n.GetCreateTableAsStmt().GetInto().GetRel()}
	case n.GetDropStmt() != nil:
		d := n.GetDropStmt()
		switch d.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		default:
			return nil
		}
		var out []*pg_query.RangeVar
		for _, obj := range d.Objects {
			var parts []string
			for _, p := range obj.GetList().GetItems() {
				parts = append(parts, p.GetString_().GetSval())
			}
			switch len(parts) {
			case 1:
				out = append(out, &pg_query.RangeVar{Relname: parts[0]})
			case 2:
				out = append(out, &pg_query.RangeVar{Schemaname: parts[0], Relname: parts[1]})
			}
		}
		return out
	}
	return nil
}

// record compares the relations s named with their state after it ran.
func (h *History) record(s *step, after *catalog.Catalog) {
	for _, rs := range s.before {
		if rs.table == nil {
			if t := after.Table(rs.name); t != nil { // created
				delete(h.gone, rs.name)
				th := &tableHistory{removed: map[string]Event{}, touched: map[string]finding.Location{}}
				for _, col := range t.Columns {
					th.touched[col.Name] = s.stmt.ColumnPos(col.Name)
				}
				h.tables[rs.name] = th
			}
			continue
		}
		th := h.table(rs.name)
		now := rs.table.Name // renames and SET SCHEMA change the relation in place
		if after.Table(now) != rs.table {
			// Dropped: remember what it had, so old contracts still map to it.
			cols := slices.Sorted(func(yield func(string) bool) {
				for _, c := range rs.columns {
					if !yield(c.was.Name) {
						return
					}
				}
				for name := range th.removed {
					if !yield(name) {
						return
					}
				}
			})
			h.gone[rs.name] = &goneTable{name: rs.name, event: Event{At: s.at}, columns: slices.Compact(cols)}
			delete(h.tables, rs.name)
			continue
		}
		if now != rs.name {
			cols := make([]string, 0, len(rs.columns))
			for _, c := range rs.columns {
				cols = append(cols, c.was.Name)
			}
			h.gone[rs.name] = &goneTable{name: rs.name, event: Event{Renamed: true, To: now.String(), At: s.at}, columns: cols}
			delete(h.tables, rs.name)
			delete(h.gone, now)
			h.tables[now] = th
		}
		present := make(map[*catalog.Column]bool, len(rs.table.Columns))
		for _, col := range rs.table.Columns {
			present[col] = true
		}
		before := make(map[*catalog.Column]bool, len(rs.columns))
		for _, c := range rs.columns {
			before[c.ptr] = true
			if !present[c.ptr] {
				th.removed[c.was.Name] = Event{At: s.stmt.ColumnPos(c.was.Name)}
				delete(th.touched, c.was.Name)
				continue
			}
			if c.ptr.Name != c.was.Name {
				th.removed[c.was.Name] = Event{Renamed: true, To: c.ptr.Name, At: s.at}
				delete(th.touched, c.was.Name)
			}
			if changed(c.was, *c.ptr) {
				th.touched[c.ptr.Name] = s.stmt.ColumnPos(c.ptr.Name)
				delete(th.removed, c.ptr.Name)
			}
		}
		for _, col := range rs.table.Columns {
			if !before[col] {
				th.touched[col.Name] = s.stmt.ColumnPos(col.Name) // added
				delete(th.removed, col.Name)
			}
		}
	}
	for _, name := range s.enums {
		if e := after.EnumOf(catalog.Type{Name: name}); e != nil {
			h.enums[e.Name] = s.at
		}
	}
}

func changed(a, b catalog.Column) bool {
	return a.Name != b.Name || a.Type.Name != b.Type.Name || !slices.Equal(a.Type.Mods, b.Type.Mods) ||
		a.Type.ArrayDims != b.Type.ArrayDims || a.NotNull != b.NotNull ||
		(a.Default == nil) != (b.Default == nil) || a.Default != nil && b.Default != nil && a.Default.Expr != b.Default.Expr ||
		a.Identity != b.Identity || a.Generated != b.Generated
}

func (h *History) table(n catalog.Name) *tableHistory {
	th := h.tables[n]
	if th == nil {
		th = &tableHistory{removed: map[string]Event{}, touched: map[string]finding.Location{}}
		h.tables[n] = th
	}
	return th
}

// removedColumn reports how a column of a head table went away.
func (h *History) removedColumn(t catalog.Name, col string) (Event, bool) {
	if h == nil || h.tables[t] == nil {
		return Event{}, false
	}
	e, ok := h.tables[t].removed[col]
	return e, ok
}

// removedColumns lists the columns a head table once had, sorted.
func (h *History) removedColumns(t catalog.Name) []string {
	if h == nil || h.tables[t] == nil {
		return nil
	}
	out := make([]string, 0, len(h.tables[t].removed))
	for name := range h.tables[t].removed {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// goneTables lists the tables dropped or renamed away, sorted by name.
func (h *History) goneTables() []*goneTable {
	if h == nil {
		return nil
	}
	out := make([]*goneTable, 0, len(h.gone))
	for _, g := range h.gone {
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *goneTable) int { return strings.Compare(a.name.String(), b.name.String()) })
	return out
}

// lastChange is the statement that last defined or changed a column.
func (h *History) lastChange(t catalog.Name, col string) (finding.Location, bool) {
	if h == nil || h.tables[t] == nil {
		return finding.Location{}, false
	}
	at, ok := h.tables[t].touched[col]
	return at, ok
}

// enumChange is the statement that last created or changed an enum type.
func (h *History) enumChange(n catalog.Name) (finding.Location, bool) {
	if h == nil {
		return finding.Location{}, false
	}
	at, ok := h.enums[n]
	return at, ok
}
