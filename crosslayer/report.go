package crosslayer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/finding"
)

// place says where a finding goes when the contract in this change is not
// where it shows: pinned findings always go to at (the statement that
// dropped a column, the annotation naming a missing table); others go to
// the contract in this change when it is affected, else to at (the
// statement that last changed the column), else to the first version.
type place struct {
	at     finding.Location
	pinned bool
}

func pinAt(at finding.Location) place   { return place{at: at, pinned: true} }
func placeAt(at finding.Location) place { return place{at: at} }

// agg is one finding being assembled from every version and operation
// that shares it.
type agg struct {
	rule      finding.Rule
	key       string
	sev       finding.Severity
	msg       string
	place     place
	current   *finding.Location // the property in this change's contract, when affected
	head      *finding.Location // the property (or else its schema) in this change's contract
	first     finding.Location
	versions  []string // "label: file:line:col"
	labels    []string
	ops       map[string]bool
	mapping   string
	column    string
	uncertain bool
}

func (c *checker) emit(s *site, p *openapi.Property, t *target, col *catalog.Column, vd verdict, pl place) {
	var curP *openapi.Property
	if p != nil {
		curP = s.curProperty(p.Name)
	}
	for _, list := range [][]string{s.sch.Ignore, ignoreOf(s.cur), propIgnore(p), propIgnore(curP)} {
		if ignores(list, vd.rule) {
			return
		}
	}
	ops := flows(s.sch, p, vd.rule, vd.aspect)
	if len(ops) == 0 {
		return // the contract does not move data the way that would break
	}
	prop := ""
	if p != nil {
		prop = p.Name
	}
	key := strings.Join([]string{s.contract, s.sch.Pointer, prop, vd.key}, "\x00")
	loc := s.sch.Location
	if p != nil {
		loc = p.Location
	}
	a := c.found[vd.rule.ID+"\x00"+key]
	if a == nil {
		a = &agg{rule: vd.rule, key: key, msg: vd.msg, first: loc, ops: map[string]bool{}, place: pl}
		c.found[vd.rule.ID+"\x00"+key] = a
	}
	sev := vd.sev
	if t != nil && t.table != nil && t.table.Uncertain {
		// A DO block or dynamic SQL may have changed the table in ways the
		// catalog could not follow: say so, and do not fail the build on it.
		sev = min(sev, finding.SeverityWarning)
		a.uncertain = true
	}
	a.sev = max(a.sev, sev)
	if s.v.Current {
		a.msg, a.current = vd.msg, &loc
	}
	if a.head == nil || s.v.Current {
		switch {
		case s.v.Current:
			a.head = &loc
		case curP != nil:
			a.head = &curP.Location
		case s.cur != nil:
			a.head = &s.cur.Location
		}
	}
	if a.place.at.File == "" {
		a.place = pl
	}
	if !slices.Contains(a.labels, s.v.Label) {
		a.labels = append(a.labels, s.v.Label)
		a.versions = append(a.versions, s.v.Label+": "+loc.String())
	}
	for _, op := range ops {
		a.ops[op] = true
	}
	if t != nil && (a.mapping == "" || s.v.Current) {
		a.mapping = fmt.Sprintf("mapping: %s → %s (%s)", s.what(), t.name, t.how)
	}
	if col != nil && a.column == "" {
		a.column = describeColumn(t.name, col, pl.at)
	}
}

func ignoreOf(s *openapi.Schema) []string {
	if s == nil {
		return nil
	}
	return s.Ignore
}

func propIgnore(p *openapi.Property) []string {
	if p == nil {
		return nil
	}
	return p.Ignore
}

// ignores reports whether an x-schemacheck-ignore list names r.
func ignores(list []string, r finding.Rule) bool {
	for _, name := range list {
		if strings.EqualFold(name, r.ID) || name == r.Name {
			return true
		}
	}
	return false
}

// flows lists the operations through which the schema's data moves in the
// direction a verdict is about, leaving out operations that silence the rule.
func flows(sch *openapi.Schema, p *openapi.Property, r finding.Rule, a aspect) []string {
	readOnly, writeOnly := p != nil && p.ReadOnly, p != nil && p.WriteOnly
	var ops []string
	for _, u := range sch.Uses {
		if ignores(u.Ignore, r) {
			continue
		}
		reads, writes := u.Response && !writeOnly, !u.Response && !readOnly
		var ok bool
		switch a {
		case onRead:
			ok = reads
		case onWrite:
			ok = writes
		case onCreate:
			ok = writes && u.Body && u.Created && (u.Method == "post" || u.Method == "put")
		case onEither:
			ok = reads || writes
		}
		if !ok {
			continue
		}
		label := u.Operation + " request"
		if u.Response {
			label = u.Operation + " response"
		}
		if !slices.Contains(ops, label) {
			ops = append(ops, label)
		}
	}
	return ops
}

func describeColumn(table catalog.Name, col *catalog.Column, changed finding.Location) string {
	s := fmt.Sprintf("column: %s.%s %s", table, col.Name, col.Type)
	if col.NotNull {
		s += " NOT NULL"
	}
	if col.Default != nil {
		s += " DEFAULT " + col.Default.Expr
	}
	if col.Identity != "" {
		s += " GENERATED " + strings.ToUpper(col.Identity) + " AS IDENTITY"
	}
	if changed.File != "" {
		s += ", last changed at " + changed.String()
	}
	return s
}

func (c *checker) results() []finding.Finding {
	keys := make([]string, 0, len(c.found))
	for k := range c.found {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]finding.Finding, 0, len(keys))
	for _, k := range keys {
		a := c.found[k]
		loc := a.first
		switch {
		case a.place.pinned:
			loc = a.place.at
		case a.current != nil:
			loc = *a.current
		case a.place.at.File != "":
			loc = a.place.at
		}
		var old []finding.Location
		if !c.inHead(loc) {
			// Something a client version has and this change does not:
			// the finding goes to a line of the head tree, the old place
			// becomes a related location.
			old = append(old, loc)
			switch {
			case a.head != nil:
				loc = *a.head
			case a.place.at.File != "" && c.inHead(a.place.at):
				loc = a.place.at
			default:
				loc = finding.Location{File: c.headFile(), Line: 1}
			}
		}
		msg := a.msg
		if a.rule.ID == ruleColumnDropped.ID {
			msg += " (exposed by: " + strings.Join(a.labels, "; ") + ")"
		}
		f := a.rule.New(loc, "%s", msg)
		f.Severity, f.Key, f.Related = a.sev, a.key, old
		for _, d := range []string{a.mapping, a.column} {
			if d != "" {
				f.Details = append(f.Details, d)
			}
		}
		if a.uncertain {
			f.Details = append(f.Details, "the table is uncertain: a statement the catalog cannot follow (a DO block, dynamic SQL) may have changed it")
		}
		for _, v := range a.versions {
			f.Details = append(f.Details, "in "+v)
		}
		ops := make([]string, 0, len(a.ops))
		for op := range a.ops {
			ops = append(ops, op)
		}
		slices.Sort(ops)
		f.Details = append(f.Details, "operations: "+strings.Join(ops, ", "))
		out = append(out, f)
	}
	finding.Sort(out)
	return out
}

// inHead says whether a location is a line of the head tree: anything but
// a file of a contract version other than this change's (a client
// version's contract read at its git ref).
func (c *checker) inHead(loc finding.Location) bool {
	if c.files == nil {
		c.files = map[string]bool{}
		for _, v := range c.in.Contracts {
			if v.Model == nil {
				continue
			}
			for _, file := range modelFiles(v.Model) {
				c.files[file] = c.files[file] || v.Current
			}
		}
	}
	inHead, contract := c.files[loc.File]
	return inHead || !contract
}

// headFile is the file of this change's contract: where findings about
// what only older versions have go when nothing closer exists.
func (c *checker) headFile() string {
	for _, v := range c.in.Contracts {
		if v.Current && v.Model != nil {
			return v.Model.File
		}
	}
	return ""
}

// modelFiles are the files a contract version's schemas and properties
// are located in.
func modelFiles(m *openapi.Model) []string {
	out := []string{m.File}
	for _, s := range m.Schemas {
		out = append(out, s.Location.File)
		for _, p := range s.Properties {
			out = append(out, p.Location.File)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
