package crosslayer

import (
	"slices"
	"strings"

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

// Replay builds the head schema from files with one traced replay and
// reads its History from the trace.
func Replay(files []*migration.File) (*catalog.Catalog, *History) {
	cat, trace := catalog.Trace(nil, files)
	return cat, Fold(trace.Steps())
}

// Fold reads the History of a replay from its steps.
func Fold(steps []*catalog.Step) *History {
	h := NewHistory()
	for _, s := range steps {
		h.Add(s)
	}
	return h
}

// NewHistory returns the history of an empty schema.
func NewHistory() *History {
	return &History{tables: map[catalog.Name]*tableHistory{}, gone: map[catalog.Name]*goneTable{}, enums: map[catalog.Name]finding.Location{}}
}

// Add reads one statement of a replay's provenance (catalog.Step), in
// order: the tables it created, dropped or renamed, the columns it added,
// changed, dropped or renamed, the enums it created or changed. Whatever
// reached them counts: the statement's own names, CASCADE, a DO block.
func (h *History) Add(s *catalog.Step) {
	if len(s.Changes) == 0 {
		return
	}
	renamed := map[string]string{} // "object old name" → new name
	renamedTo := map[string]bool{} // "object new name"
	for _, r := range s.Renames {
		renamed[r.Object+" "+r.From] = r.To
		renamedTo[r.Object+" "+r.To] = true
	}
	added := map[string]catalog.Change{} // renamed relations and columns under their new names
	for _, ch := range s.Changes {
		if ch.Kind == catalog.Added && renamedTo[ch.Object+" "+ch.Name] {
			added[ch.Object+" "+ch.Name] = ch
		}
	}
	// Relations first: a table renamed by the statement takes its history
	// to its new name before the columns under that name are read.
	for _, ch := range s.Changes {
		if relationChange(ch) {
			h.relation(s, ch, renamed, added)
		}
	}
	for _, ch := range s.Changes {
		switch {
		case relationChange(ch):
		case ch.Object == "column" && ch.Kind == catalog.Changed && slices.Contains(s.Retargeted, ch.Table):
			// Only the name of a sequence, type or enum label it refers
			// to changed: the column is what it was.
		case ch.Object == "column":
			h.column(s, ch, renamed, added)
		case ch.Object != "enum":
		case ch.Kind == catalog.Removed && renamed["enum "+ch.Name] != "":
			// Renamed: the same type, whose labels did not change.
			if at, ok := h.enums[splitName(ch.Name)]; ok {
				h.enums[splitName(renamed["enum "+ch.Name])] = at
			}
			delete(h.enums, splitName(ch.Name))
		case ch.Kind == catalog.Removed:
			delete(h.enums, splitName(ch.Name))
		case ch.Kind == catalog.Changed || !renamedTo["enum "+ch.Name]:
			h.enums[splitName(ch.Name)] = s.Stmt.Pos
		}
	}
}

// relationChange says whether a relation (a table, a view …) was added or
// removed.
func relationChange(ch catalog.Change) bool {
	switch ch.Object {
	case "column", "constraint", "index", "enum", "domain", "sequence", "relation":
		return false
	}
	return true
}

func (h *History) relation(s *catalog.Step, ch catalog.Change, renamed map[string]string, added map[string]catalog.Change) {
	n := ch.Table
	switch ch.Kind {
	case catalog.Added:
		if _, ok := added[ch.Object+" "+ch.Name]; ok {
			return // the new name of a renamed table: see Removed
		}
		delete(h.gone, n)
		th := &tableHistory{removed: map[string]Event{}, touched: map[string]finding.Location{}}
		for _, col := range ch.Columns {
			th.touched[col] = s.Stmt.ColumnPos(col)
		}
		h.tables[n] = th
	case catalog.Removed:
		th := h.table(n)
		delete(h.tables, n)
		if to, ok := renamed[ch.Object+" "+ch.Name]; ok {
			m := added[ch.Object+" "+to].Table
			h.gone[n] = &goneTable{name: n, event: Event{Renamed: true, To: to, At: s.Stmt.Pos}, columns: ch.Columns}
			delete(h.gone, m)
			h.tables[m] = th // the history follows the table
			return
		}
		// Dropped: remember what it had, so old contracts still map to it.
		cols := slices.Clone(ch.Columns)
		for name := range th.removed {
			cols = append(cols, name)
		}
		slices.Sort(cols)
		h.gone[n] = &goneTable{name: n, event: Event{At: s.Stmt.Pos}, columns: slices.Compact(cols)}
	}
}

func (h *History) column(s *catalog.Step, ch catalog.Change, renamed map[string]string, added map[string]catalog.Change) {
	th := h.table(ch.Table)
	col := strings.TrimPrefix(ch.Name, ch.Table.String()+".")
	switch ch.Kind {
	case catalog.Removed:
		delete(th.touched, col)
		if to, ok := renamed["column "+ch.Name]; ok {
			now := added["column "+to]
			th.removed[col] = Event{Renamed: true, To: strings.TrimPrefix(to, now.Table.String()+"."), At: s.Stmt.Pos}
			return
		}
		th.removed[col] = Event{At: s.Stmt.ColumnPos(col)}
	default: // added or changed
		th.touched[col] = s.Stmt.ColumnPos(col)
		delete(th.removed, col)
	}
}

// splitName parses the name of a type as catalog.Change prints it.
func splitName(s string) catalog.Name {
	schema, name, _ := strings.Cut(s, ".")
	return catalog.Name{Schema: schema, Name: name}
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
