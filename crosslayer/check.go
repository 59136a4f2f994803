// Package crosslayer compares API contracts with the schema the migrations
// build. It maps contract properties to table columns (x-schemacheck-table
// and x-schemacheck-column in the contract, the mappings of
// schemacheck.yaml, or, when every property matches, by name) and reports
// what breaks between the layers: a column dropped or renamed while a
// supported client version still exposes it, and types, lengths,
// nullability and enum values that do not fit the column. Neither a DDL
// linter nor an API diff can see these, since each looks at one layer.
package crosslayer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/finding"
)

// Input is what Check compares.
type Input struct {
	Catalog *catalog.Catalog // the schema the migrations build at head
	History *History         // what they removed on the way, and where; may be nil
	// Contracts are the contract versions to compare: the one in this change
	// and the ones client versions were built against.
	Contracts []Contract
	Mappings  []Mapping // from the configuration
	// Infer maps a component schema to a table by name when every property
	// matches a column of exactly one table.
	Infer bool
}

// Contract is one version of a contract.
type Contract struct {
	// Name is the contract's name: versions with the same name are versions
	// of one contract and share its mappings.
	Name  string
	Label string // "this change", "client ios 3.2 (ref v3.2)"
	Model *openapi.Model
	// Current marks the version in this change, which the server serves.
	Current bool
	// Supported says a supported client version uses it. Versions that are
	// neither current nor supported are not checked: nobody uses them.
	Supported bool
	// UnknownEnumValues says its readers tolerate enum values they do not know.
	UnknownEnumValues bool
}

// Mapping ties a schema of a contract to a table (config mappings:).
type Mapping struct {
	Contract string // "" applies to every contract
	Schema   string // JSON pointer, e.g. #/components/schemas/User
	Table    string // optionally schema-qualified
	Columns  map[string]string
	At       finding.Location // where it is written, for findings about it
}

// Check compares every current or supported contract version with the
// schema and returns the findings, one per rule and property (or schema),
// whatever the number of versions and operations that share it; those are
// listed in the details.
func Check(in Input) []finding.Finding {
	if in.Catalog == nil {
		in.Catalog = catalog.New()
	}
	c := &checker{in: in, found: map[string]*agg{}, inferred: map[string]*target{}}
	var names []string
	for _, v := range in.Contracts {
		if !slices.Contains(names, v.Name) {
			names = append(names, v.Name)
		}
	}
	for _, name := range names {
		c.contract(name)
	}
	return c.results()
}

type checker struct {
	in       Input
	found    map[string]*agg
	inferred map[string]*target // the current version's inferred mappings, by contract and pointer
	files    map[string]bool    // contract files, and whether this change's contract has them (inHead)
}

func (c *checker) contract(name string) {
	var versions []*Contract
	var current *Contract
	var pointers []string
	for i := range c.in.Contracts {
		v := &c.in.Contracts[i]
		if v.Name != name || v.Model == nil || !v.Current && !v.Supported {
			continue
		}
		versions = append(versions, v)
		if v.Current && current == nil {
			current = v
		}
		for _, s := range v.Model.Schemas {
			pointers = append(pointers, s.Pointer)
		}
	}
	slices.Sort(pointers)
	for _, ptr := range slices.Compact(pointers) {
		var cur *openapi.Schema
		if current != nil {
			cur = current.Model.Schema(ptr)
		}
		for _, v := range versions {
			sch := v.Model.Schema(ptr)
			if sch == nil || len(sch.Uses) == 0 {
				continue // nothing flows through a schema no operation uses
			}
			s := &site{contract: name, v: v, sch: sch, cur: cur}
			if t := c.mapping(s); t != nil {
				c.schema(s, t)
			}
		}
	}
}

// site is one schema of one contract version, with the same schema in
// the current version: annotations there (x-schemacheck-*) apply to the
// versions clients were built against, which predate them.
type site struct {
	contract string
	v        *Contract
	sch, cur *openapi.Schema
}

func (s *site) what() string {
	if s.sch.Name != "" {
		return s.sch.Name
	}
	return s.sch.Pointer
}

// target is the table a schema maps to.
type target struct {
	name     catalog.Name
	table    *catalog.Table // nil when the table is gone
	gone     *goneTable
	columns  map[string]string // config: property → column
	how      string
	explicit bool // not inferred
	at       finding.Location
}

func (c *checker) mapping(s *site) *target {
	if s.sch.IgnoreAll || s.cur != nil && s.cur.IgnoreAll {
		return nil
	}
	decl, at := s.sch.Table, s.sch.Location
	if decl == "" && s.cur != nil {
		decl, at = s.cur.Table, s.cur.Location
	}
	if decl != "" {
		t := c.resolve(decl)
		if t == nil {
			c.missingTarget(s, nil, nil, at, fmt.Sprintf("%s names table %q in x-schemacheck-table, which no migration creates", s.what(), decl))
			return nil
		}
		t.how, t.explicit, t.at = "x-schemacheck-table at "+at.String(), true, at
		return t
	}
	for _, m := range c.in.Mappings {
		if m.Schema != s.sch.Pointer || m.Contract != "" && m.Contract != s.contract {
			continue
		}
		t := c.resolve(m.Table)
		if t == nil {
			c.missingTarget(s, nil, nil, m.At, fmt.Sprintf("the mapping of %s names table %q, which no migration creates", s.what(), m.Table))
			return nil
		}
		t.how, t.explicit, t.at, t.columns = "mapping at "+m.At.String(), true, m.At, m.Columns
		return t
	}
	if !c.in.Infer || s.sch.Name == "" {
		return nil
	}
	// A schema the current contract maps by name maps the same way in the
	// versions before it, even when an old property (computed by the
	// server) keeps the old version from matching on its own.
	if s.cur != nil && s.cur != s.sch {
		key := s.contract + "\x00" + s.sch.Pointer
		t, ok := c.inferred[key]
		if !ok {
			t = c.infer(&site{contract: s.contract, v: s.v, sch: s.cur, cur: s.cur})
			c.inferred[key] = t
		}
		if t != nil {
			return t
		}
	}
	return c.infer(s)
}

// resolve finds a table by the name a mapping gives: schema-qualified, or
// in public, or in the one schema that has it; then among the tables the
// migrations dropped or renamed.
func (c *checker) resolve(decl string) *target {
	schema, name, qualified := strings.Cut(decl, ".")
	if !qualified {
		schema, name = "", decl
	}
	schema, name = fold(schema), fold(name)
	pick := func(names []catalog.Name) (catalog.Name, bool) {
		var found []catalog.Name
		for _, n := range names {
			if n.Name == name && (schema == "" || n.Schema == schema) {
				found = append(found, n)
			}
		}
		if i := slices.IndexFunc(found, func(n catalog.Name) bool { return n.Schema == "public" }); i >= 0 && schema == "" {
			return found[i], true
		}
		if len(found) == 1 {
			return found[0], true
		}
		return catalog.Name{}, false
	}
	var head []catalog.Name
	for _, t := range c.in.Catalog.Tables() {
		head = append(head, t.Name)
	}
	if n, ok := pick(head); ok {
		return &target{name: n, table: c.in.Catalog.Table(n)}
	}
	gone := c.in.History.goneTables()
	var goneNames []catalog.Name
	for _, g := range gone {
		goneNames = append(goneNames, g.name)
	}
	if n, ok := pick(goneNames); ok {
		return &target{name: n, gone: c.in.History.gone[n]}
	}
	return nil
}

// fold folds an identifier as PostgreSQL does: lower case unless quoted.
func fold(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return strings.ToLower(s)
}

// infer maps a component to the one table named like it, when every
// property matches a column the table has or had. Objects and arrays of
// objects without a matching column are relations (another table's rows),
// not columns, and do not count against the match.
func (c *checker) infer(s *site) *target {
	keys := tableKeys(s.sch.Name)
	var cands []*target
	for _, t := range c.in.Catalog.Tables() {
		if slices.Contains(keys, nameKey(t.Name.Name)) {
			cands = append(cands, &target{name: t.Name, table: t})
		}
	}
	for _, g := range c.in.History.goneTables() {
		if slices.Contains(keys, nameKey(g.name.Name)) && c.in.Catalog.Table(g.name) == nil {
			cands = append(cands, &target{name: g.name, gone: g})
		}
	}
	if len(cands) != 1 {
		return nil // none, or ambiguous: never guess
	}
	t := cands[0]
	matched := 0
	for _, p := range s.sch.Properties {
		curP := s.curProperty(p.Name)
		if p.IgnoreAll || curP != nil && curP.IgnoreAll {
			continue
		}
		if name, _ := c.columnFor(t, p, curP); name != "" {
			if !slices.Contains(c.knownColumns(t), name) {
				return nil
			}
			matched++
			continue
		}
		if isRelation(p) {
			continue
		}
		return nil
	}
	if matched == 0 {
		return nil
	}
	t.how = "inferred from names; pin it with x-schemacheck-table"
	return t
}

func isRelation(p *openapi.Property) bool {
	return p.Type == "object" || p.Type == "array" && p.Items != nil && p.Items.Type == "object"
}

func (s *site) curProperty(name string) *openapi.Property {
	if s.cur == nil {
		return nil
	}
	return s.cur.Property(name)
}

// knownColumns are the columns a table has at head plus those it had.
func (c *checker) knownColumns(t *target) []string {
	if t.table == nil {
		return t.gone.columns
	}
	out := make([]string, 0, len(t.table.Columns))
	for _, col := range t.table.Columns {
		out = append(out, col.Name)
	}
	return append(out, c.in.History.removedColumns(t.name)...)
}

// columnFor names the column a property is stored in, and whether a
// mapping named it: x-schemacheck-column (in this version or the current
// one), the config's columns, else the one column whose name matches.
func (c *checker) columnFor(t *target, p, curP *openapi.Property) (string, bool) {
	switch {
	case p.Column != "":
		return p.Column, true
	case curP != nil && curP.Column != "":
		return curP.Column, true
	case t.columns[p.Name] != "":
		return t.columns[p.Name], true
	}
	return matchName(c.knownColumns(t), p.Name), false
}

// matchName finds the column named like prop: the same name, else the one
// column whose name folds to the same key (createdAt and created_at).
func matchName(cols []string, prop string) string {
	if slices.Contains(cols, prop) {
		return prop
	}
	found := ""
	for _, col := range cols {
		if nameKey(col) == nameKey(prop) {
			if found != "" && found != col {
				return "" // two candidates: never guess
			}
			found = col
		}
	}
	return found
}

// schema checks every property of a mapped schema.
func (c *checker) schema(s *site, t *target) {
	if t.table == nil {
		c.emit(s, nil, t, nil, verdict{rule: ruleColumnDropped, key: "table", sev: finding.SeverityError,
			aspect: onEither, msg: fmt.Sprintf("table %s is %s, but %s still maps to it", t.name, t.gone.event, s.what())},
			pinAt(t.gone.event.At))
		return
	}
	mapped := map[string]bool{}
	for _, p := range s.sch.Properties {
		curP := s.curProperty(p.Name)
		if p.IgnoreAll || curP != nil && curP.IgnoreAll {
			continue
		}
		name, explicit := c.columnFor(t, p, curP)
		if name == "" {
			continue // computed by the server: no column behind it
		}
		mapped[name] = true
		what := s.what() + "." + p.Name
		col := t.table.Column(name)
		if col == nil {
			if e, ok := c.in.History.removedColumn(t.name, name); ok {
				c.emit(s, p, t, nil, verdict{rule: ruleColumnDropped, aspect: onEither, sev: finding.SeverityError,
					msg: fmt.Sprintf("column %s.%s is %s, but %s still exposes it", t.name, name, e, what)}, pinAt(e.At))
			} else if explicit {
				c.missingTarget(s, p, t, p.Location, fmt.Sprintf("%s maps to column %q, which table %s does not have", what, name, t.name))
			}
			continue
		}
		pr := pair{prop: p, what: what, col: col, table: t.table, colName: t.name.String() + "." + col.Name,
			ct: classify(c.in.Catalog, col.Type), tolerant: s.v.UnknownEnumValues}
		at, _ := c.in.History.lastChange(t.name, col.Name)
		for _, vd := range compare(pr) {
			dbAt := at
			if vd.rule.ID == ruleEnumMismatch.ID && pr.ct.enum != nil {
				if e, ok := c.in.History.enumChange(pr.ct.enum.Name); ok {
					dbAt = e
				}
			}
			c.emit(s, p, t, col, vd, placeAt(dbAt))
		}
	}
	if !t.explicit {
		return // an inferred mapping says nothing about the columns a schema leaves out
	}
	for _, col := range t.table.Columns {
		ct := classify(c.in.Catalog, col.Type)
		if mapped[col.Name] || !(col.NotNull || ct.notNull) || col.Default != nil || col.Identity != "" || col.Generated != "" {
			continue
		}
		at, _ := c.in.History.lastChange(t.name, col.Name)
		c.emit(s, nil, t, col, verdict{rule: ruleNotNullWrite, aspect: onCreate, key: "absent " + col.Name, sev: finding.SeverityWarning,
			msg: fmt.Sprintf("%s has no property for column %s.%s, which is NOT NULL without a default: the server must set it, or inserts fail",
				s.what(), t.name, col.Name)}, placeAt(at))
	}
}

func (c *checker) missingTarget(s *site, p *openapi.Property, t *target, at finding.Location, msg string) {
	c.emit(s, p, t, nil, verdict{rule: ruleMappingTarget, aspect: onEither, key: "target", sev: finding.SeverityError, msg: msg}, pinAt(at))
}
