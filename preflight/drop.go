package preflight

import (
	"context"
	"fmt"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/migration"
)

// maxDependents bounds the dependents a finding lists.
const maxDependents = 20

// dependentsSQL lists the objects that depend on a target with a normal
// dependency (pg_depend.deptype 'n': what makes DROP without CASCADE
// fail), except those that also depend on it automatically or internally
// (the relation's own indexes and constraints, which go with it anyway).
// $1 is the live relation or type, $2 a column ("" for the whole object),
// $3 whether $1 is a type.
const dependentsSQL = `
WITH target AS (
  SELECT 'pg_type'::regclass AS classid, to_regtype($1) AS objid, NULL::int2 AS subid WHERE $3
  UNION ALL
  SELECT 'pg_class'::regclass, c.oid, a.attnum
  FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = $2 AND NOT a.attisdropped
  WHERE NOT $3 AND c.oid = to_regclass($1) AND ($2 = '' OR a.attnum IS NOT NULL)
  UNION ALL
  SELECT 'pg_class'::regclass, i.indexrelid, NULL FROM pg_index i WHERE NOT $3 AND $2 = '' AND i.indrelid = to_regclass($1)
), deps AS (
  SELECT d.classid, d.objid, d.objsubid, d.deptype
  FROM pg_depend d JOIN target t ON d.refclassid = t.classid AND d.refobjid = t.objid AND (t.subid IS NULL OR d.refobjsubid = t.subid)
)
SELECT DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid)
FROM deps d
WHERE d.deptype = 'n'
  AND NOT EXISTS (SELECT 1 FROM deps a WHERE a.classid = d.classid AND a.objid = d.objid AND a.deptype IN ('a', 'i'))
ORDER BY 1
LIMIT 21`

// dependents returns what depends on a live object (see dependentsSQL);
// viewsOnly keeps the views (their rewrite rules).
func (r *runner) dependents(ctx context.Context, live, column string, isType, viewsOnly bool) ([]string, error) {
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, maxDependents+1, dependentsSQL, live, column, isType)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, row := range rows {
		s, _ := row[0].(string)
		view, isView := strings.CutPrefix(s, "rule _RETURN on ")
		switch {
		case isView:
			out = append(out, view)
		case !viewsOnly && s != "":
			out = append(out, s)
		}
	}
	if len(out) > maxDependents {
		out = append(out[:maxDependents], "…")
	}
	return out, nil
}

// reportDependents reports what depends on a dropped object: the DROP
// fails without CASCADE, and takes them along with it.
func (r *runner) reportDependents(st *migration.Statement, what string, deps []string, cascade bool) {
	if len(deps) == 0 {
		return
	}
	list := strings.Join(deps, ", ")
	if cascade {
		r.report(st, DataInUse, what+" cascade", nil, "%s also drops what depends on it in the database: %s", what, list)
		return
	}
	verb := "depend"
	if len(deps) == 1 {
		verb = "depends"
	}
	r.report(st, DependentsBlockDrop, what, nil, "%s fails: %s %s on it (add CASCADE only if they are meant to go too)", what, list, verb)
}

// dropColumn checks ALTER TABLE … DROP COLUMN: the objects that depend on
// the column, and the rows whose value it deletes.
func (r *runner) dropColumn(ctx context.Context, st *migration.Statement, name catalog.Name, rel *relation, cmd *pgast.AlterTableCmd) {
	v := rel.cols[cmd.Name]
	live := refName(v.expr)
	if v.expr == nil || live == "" || rel.live == "" || rel.empty {
		return // a column the change added or converted: the database has no data of it
	}
	what := fmt.Sprintf("DROP COLUMN %s on %s", cmd.Name, name)
	if rel.drifted {
		r.skipDrifted(st, rel.display, what)
		return
	}
	deps, err := r.dependents(ctx, rel.live, live, false, false)
	if err != nil {
		r.notChecked(st, DependentsBlockDrop, what, err)
	}
	r.reportDependents(st, what, deps, cmd.Behavior == pgast.DropBehavior_DROP_CASCADE)
	tg, ok := r.scan(ctx, st, name, rel, DataInUse, what)
	if !ok {
		return
	}
	col, _ := text(qualify(columnRef(live), "t"))
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, fmt.Sprintf("SELECT count(*) FROM %s WHERE %s IS NOT NULL", tg.from, col))
	if err != nil {
		r.notChecked(st, DataInUse, what, err)
		return
	}
	if n, _ := rows[0][0].(int64); n > 0 {
		r.report(st, DataInUse, what, nil, "%s deletes the values of %s%s", what, tg.counted(n, "row"), tg.of(n))
	}
}

// drop checks DROP TABLE and DROP TYPE: dependents, and the data that goes.
func (r *runner) drop(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, s *pgast.DropStmt) {
	cascade := s.Behavior == pgast.DropBehavior_DROP_CASCADE
	for _, obj := range s.Objects {
		switch s.RemoveType {
		case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW, pgast.ObjectType_OBJECT_FOREIGN_TABLE:
			parts := stringNodes(obj.GetList().GetItems())
			if len(parts) == 0 {
				continue
			}
			rv := &pgast.RangeVar{Relname: parts[len(parts)-1]}
			if len(parts) > 1 {
				rv.Schemaname = parts[len(parts)-2]
			}
			n := cat.Resolve(rv)
			if s.RemoveType == pgast.ObjectType_OBJECT_TABLE {
				r.dropTable(ctx, st, n, cascade)
			}
			r.forget(n)
		case pgast.ObjectType_OBJECT_TYPE, pgast.ObjectType_OBJECT_DOMAIN:
			tn := obj.GetTypeName()
			if tn == nil {
				continue
			}
			n := typeName(cat, tn.Names)
			if _, made := r.types[n]; !made {
				r.dropType(ctx, st, n, cascade)
			}
			r.types[n] = at(st)
		}
	}
}

// dropTable checks DROP TABLE of a table the database has.
func (r *runner) dropTable(ctx context.Context, st *migration.Statement, n catalog.Name, cascade bool) {
	rel := r.rel(n)
	if rel == nil || rel.live == "" || rel.empty {
		return
	}
	what := "DROP TABLE " + n.String()
	if rel.drifted {
		r.skipDrifted(st, rel.display, what)
		return
	}
	deps, err := r.dependents(ctx, rel.live, "", false, false)
	if err != nil {
		r.notChecked(st, DependentsBlockDrop, what, err)
	}
	r.reportDependents(st, what, deps, cascade)
	tg, ok := r.scan(ctx, st, n, rel, DataInUse, what)
	if !ok {
		return
	}
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, "SELECT count(*) FROM "+tg.from)
	if err != nil {
		r.notChecked(st, DataInUse, what, err)
		return
	}
	if c, _ := rows[0][0].(int64); c > 0 {
		r.report(st, DataInUse, what, nil, "%s deletes its %s (%s)", what, tg.counted(c, "row"), bytesText(tg.size.bytes))
	}
}

// column is a live column of some type.
type column struct{ schema, table, name string }

func (c column) live() string { return ident(c.schema) + "." + ident(c.table) }
func (c column) String() string {
	return catalog.Name{Schema: c.schema, Name: c.table}.String() + "." + c.name
}

// columnsOfType lists the live table columns of a type (partitions are
// counted through their parent).
func (r *runner) columnsOfType(ctx context.Context, typ catalog.Name) ([]column, error) {
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, 100, `
SELECT n.nspname::text, c.relname::text, a.attname::text
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.atttypid = to_regtype($1) AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY 1, 2, 3 LIMIT 100`, ident(typ.Schema)+"."+ident(typ.Name))
	if err != nil {
		return nil, err
	}
	var out []column
	for _, row := range rows {
		s, _ := row[0].(string)
		t, _ := row[1].(string)
		c, _ := row[2].(string)
		out = append(out, column{s, t, c})
	}
	return out, nil
}

// countWhere counts the rows of each column's table where cond (SQL over
// the column, given as %s) holds; only columns with rows are returned.
func (r *runner) countWhere(ctx context.Context, cols []column, cond string) (map[column]int64, int64, error) {
	out := map[column]int64{}
	var total int64
	for _, c := range cols {
		ref, _ := text(qualify(columnRef(c.name), "t"))
		rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, fmt.Sprintf("SELECT count(*) FROM %s AS t WHERE %s", c.live(), fmt.Sprintf(cond, ref)))
		if err != nil {
			return nil, 0, err
		}
		if n, _ := rows[0][0].(int64); n > 0 {
			out[c] = n
			total += n
		}
	}
	return out, total, nil
}

func countsText(cols []column, counts map[column]int64) string {
	var parts []string
	for _, c := range cols {
		if n := counts[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s: %s", c, num(n)))
		}
	}
	return strings.Join(parts, ", ")
}

// dropType checks DROP TYPE of a type the database has: the columns and
// other objects using it, and with CASCADE the values those columns hold.
func (r *runner) dropType(ctx context.Context, st *migration.Statement, n catalog.Name, cascade bool) {
	what := "DROP TYPE " + n.String()
	if r.in.Drifted[n.String()] {
		r.skipDrifted(st, n.String(), what)
		return
	}
	if r.rowsChangedBy != "" {
		r.notCheckedInfo(st, DataInUse, what, r.rowsChangedBy)
		return
	}
	deps, err := r.dependents(ctx, ident(n.Schema)+"."+ident(n.Name), "", true, false)
	if err != nil {
		r.notChecked(st, DependentsBlockDrop, what, err)
		return
	}
	if !cascade {
		r.reportDependents(st, what, deps, false)
		return
	}
	cols, err := r.columnsOfType(ctx, n)
	if err == nil {
		var counts map[column]int64
		var total int64
		if counts, total, err = r.countWhere(ctx, cols, "%s IS NOT NULL"); err == nil && total > 0 {
			r.report(st, DataInUse, what+" data", nil, "%s CASCADE drops the columns of that type, deleting the values of %s %s (%s)",
				what, num(total), plural(total, "row"), countsText(cols, counts))
		}
	}
	if err != nil {
		r.notChecked(st, DataInUse, what, err)
	}
	r.reportDependents(st, what, deps, true)
}

// enumRename checks ALTER TYPE … RENAME VALUE: the rows holding the label.
func (r *runner) enumRename(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, s *pgast.AlterEnumStmt) {
	n := typeName(cat, s.TypeName)
	what := fmt.Sprintf("RENAME VALUE %s TO %s on %s", literal(s.OldVal), literal(s.NewVal), n)
	if _, made := r.types[n]; made {
		return
	}
	if r.in.Drifted[n.String()] {
		r.skipDrifted(st, n.String(), what)
		return
	}
	if r.rowsChangedBy != "" {
		r.notCheckedInfo(st, DataInUse, what, r.rowsChangedBy)
		return
	}
	cols, err := r.columnsOfType(ctx, n)
	if err != nil {
		r.notChecked(st, DataInUse, what, err)
		return
	}
	counts, total, err := r.countWhere(ctx, cols, "%s = "+literal(s.OldVal))
	if err != nil {
		r.notChecked(st, DataInUse, what, err)
		return
	}
	if total > 0 {
		r.report(st, DataInUse, what, []string{countsText(cols, counts)},
			"%s changes %s %s holding %s: they read %s afterwards, while code deployed before the migration still writes %s and fails",
			what, num(total), plural(total, "row"), literal(s.OldVal), literal(s.NewVal), literal(s.OldVal))
	}
}
