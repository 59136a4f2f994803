package catalog

import (
	"errors"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/migration"
)

// applyDo follows a DO block as far as it can without guessing: its
// static statements are replayed; statements under a condition that
// change the schema (not DML) make the tables they name uncertain;
// dynamic SQL (EXECUTE) makes every table the body names uncertain; a
// call of a function the migrations created makes what its body names
// uncertain. Data changes (INSERT, UPDATE, DELETE, SELECT) change no
// schema, wherever they are.
func (c *Catalog) applyDo(b *migration.DoBlock, statics bool) error {
	if why := b.Unreadable(); why != "" {
		return c.markUncertain(b.Body(), why)
	}
	if statics {
		for _, s := range b.Statements() {
			_ = c.Apply(s.Node)
		}
	}
	var errs []string
	note := func(err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	if b.Dynamic() {
		note(c.markUncertain(b.Body(), "a DO block with dynamic SQL"))
	}
	for _, s := range b.MayRun() {
		if !migration.ChangesData(s.Node) {
			note(c.markUncertain(s.SQL, "a statement a DO block runs under a condition"))
		} else if name, body := c.callsKnownFunction(s.Node); name != "" {
			note(c.markUncertain(body, "function "+name))
		}
	}
	for _, e := range b.Exprs() {
		if res, err := pgtree.Parse(e); err == nil && len(res.Stmts) == 1 {
			if name, body := c.callsKnownFunction(res.Stmts[0].Stmt); name != "" {
				note(c.markUncertain(body, "function "+name))
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

// DoWrites names the tables whose rows a DO block may change: the targets
// of the INSERT, UPDATE, DELETE and MERGE statements it runs or may run.
// ok is false when that cannot be known: a body that cannot be read,
// dynamic SQL, or a call of a function the migrations created (its body
// may write anywhere). For any other statement it returns nil, true.
func (c *Catalog) DoWrites(stmt *pgast.Node) (tables []Name, ok bool) {
	b := migration.ReadDo(stmt)
	if b == nil {
		return nil, true
	}
	if b.Unreadable() != "" || b.Dynamic() {
		return nil, false
	}
	for _, s := range append(slices.Clone(b.Statements()), b.MayRun()...) {
		n := s.Node
		switch {
		case n.GetInsertStmt() != nil:
			tables = append(tables, c.Resolve(n.GetInsertStmt().Relation))
		case n.GetUpdateStmt() != nil:
			tables = append(tables, c.Resolve(n.GetUpdateStmt().Relation))
		case n.GetDeleteStmt() != nil:
			tables = append(tables, c.Resolve(n.GetDeleteStmt().Relation))
		case n.GetMergeStmt() != nil:
			tables = append(tables, c.Resolve(n.GetMergeStmt().Relation))
		case n.GetTruncateStmt() != nil:
			for _, r := range n.GetTruncateStmt().Relations {
				tables = append(tables, c.Resolve(r.GetRangeVar()))
			}
		default:
			if name, _ := c.callsKnownFunction(n); name != "" {
				return nil, false
			}
		}
	}
	for _, e := range b.Exprs() {
		res, err := pgtree.Parse(e)
		if err != nil { // a FOR loop's query is a SELECT already
			res, err = pgtree.Parse(strings.TrimPrefix(e, "SELECT "))
		}
		if _, value, assign := strings.Cut(e, ":="); err != nil && assign { // x := value
			res, err = pgtree.Parse("SELECT " + value)
		}
		if err != nil || len(res.Stmts) != 1 {
			return nil, false
		}
		if name, _ := c.callsKnownFunction(res.Stmts[0].Stmt); name != "" {
			return nil, false
		}
	}
	return tables, true
}

// CallsFunction names a function the migrations created that a SELECT or
// CALL statement calls, or ""; its body may change rows and schema alike.
func (c *Catalog) CallsFunction(stmt *pgast.Node) string {
	name, _ := c.callsKnownFunction(stmt)
	return name
}
