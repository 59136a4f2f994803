package preflight

import (
	"context"
	"fmt"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/migration"
)

// notNull checks that no existing row holds NULL in col.
func (r *runner) notNull(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, name catalog.Name, rel *relation, col, what string) {
	what = fmt.Sprintf("%s on %s.%s", what, name, col)
	v, err := rel.value(col)
	if err != nil {
		r.unknownValue(st, NullValues, what, rel, err)
		return
	}
	tg, ok := r.scan(ctx, st, name, rel, NullValues, what)
	if !ok {
		return
	}
	cond := &pgast.Node{Node: &pgast.Node_NullTest{NullTest: &pgast.NullTest{Arg: v, Nulltesttype: pgast.NullTestType_IS_NULL, Location: -1}}}
	n, ex, err := r.violations(ctx, cat, tg, cond)
	switch {
	case err != nil:
		r.notChecked(st, NullValues, what, err)
	case n > 0:
		r.report(st, NullValues, what, ex, "%s fails: %s%s hold NULL", what, tg.counted(n, "row"), tg.of(n))
	}
}

// unknownValue reports a check whose column value the change alters first
// (or that preflight cannot follow): not checked, with the reason.
func (r *runner) unknownValue(st *migration.Statement, rule finding.Rule, what string, rel *relation, err error) {
	if rel.empty && rel.rowsChangedBy == "" {
		return // a new relation: no existing rows to hold any value
	}
	r.notCheckedInfo(st, rule, what, err.Error())
}

// check checks a CHECK constraint: rows where it is false (NULL passes).
func (r *runner) check(ctx context.Context, st *migration.Statement, name catalog.Name, rel *relation, conname string, expr *pgast.Node, notValid bool) {
	what := fmt.Sprintf("CHECK constraint %s on %s", conname, name)
	if conname == "" {
		e, _ := text(expr)
		what = fmt.Sprintf("CHECK (%s) on %s", e, name)
	}
	cond, err := substitute(expr, rel.value)
	if err != nil {
		r.unknownValue(st, CheckViolations, what, rel, err)
		return
	}
	tg, ok := r.scan(ctx, st, name, rel, CheckViolations, what)
	if !ok {
		return
	}
	isFalse := &pgast.Node{Node: &pgast.Node_BooleanTest{BooleanTest: &pgast.BooleanTest{Arg: cond, Booltesttype: pgast.BoolTestType_IS_FALSE, Location: -1}}}
	n, ex, err := r.violations(ctx, r.catAt, tg, isFalse)
	switch {
	case err != nil:
		r.notChecked(st, CheckViolations, what, err)
	case n > 0 && notValid:
		f := r.report(st, CheckViolations, what, ex, "%s is added NOT VALID, but %s%s violate it: updating them fails from now on, and so will VALIDATE CONSTRAINT", what, tg.counted(n, "row"), tg.of(n))
		f.Severity = finding.SeverityWarning
	case n > 0:
		r.report(st, CheckViolations, what, ex, "%s fails: %s%s violate it", what, tg.counted(n, "row"), tg.of(n))
	}
}

// unique checks that no two existing rows share a key (rows where a key
// column is NULL never collide, unless NULLS NOT DISTINCT).
func (r *runner) unique(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, name catalog.Name, rel *relation, what string, keys []*pgast.Node, where *pgast.Node, nullsNotDistinct bool) {
	what = fmt.Sprintf("%s on %s", what, name)
	var keySQL, conds []string
	for _, k := range keys {
		v, err := substitute(k, rel.value)
		if err != nil {
			r.unknownValue(st, DuplicateValues, what, rel, err)
			return
		}
		s, err := text(qualify(v, "t"))
		if err != nil {
			r.notChecked(st, DuplicateValues, what, err)
			return
		}
		keySQL = append(keySQL, "("+s+")")
		if !nullsNotDistinct {
			conds = append(conds, "("+s+") IS NOT NULL")
		}
	}
	if where != nil {
		w, err := substitute(where, rel.value)
		if err != nil {
			r.unknownValue(st, DuplicateValues, what, rel, err)
			return
		}
		s, err := text(qualify(w, "t"))
		if err != nil {
			r.notChecked(st, DuplicateValues, what, err)
			return
		}
		conds = append(conds, "("+s+")")
	}
	tg, ok := r.scan(ctx, st, name, rel, DuplicateValues, what)
	if !ok {
		return
	}
	filter := ""
	if len(conds) > 0 {
		filter = " WHERE " + strings.Join(conds, " AND ")
	}
	group := fmt.Sprintf("FROM %s%s GROUP BY %s HAVING count(*) > 1", tg.from, filter, strings.Join(keySQL, ", "))
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, "SELECT count(*), coalesce(sum(n), 0)::int8 FROM (SELECT count(*) AS n "+group+") d")
	if err != nil {
		r.notChecked(st, DuplicateValues, what, err)
		return
	}
	groups, _ := rows[0][0].(int64)
	dups, _ := rows[0][1].(int64)
	if groups == 0 {
		return
	}
	show, order, label := r.primaryKey(cat, tg)
	rows, err = r.in.DB.Query(ctx, r.in.Timeout, maxExamples,
		fmt.Sprintf("SELECT (array_agg(%s ORDER BY %s))[1:3], count(*) %s ORDER BY min(%s) LIMIT %d", show, order, group, firstOf(order), maxExamples))
	if err != nil {
		r.notChecked(st, DuplicateValues, what, err)
		return
	}
	var ex []string
	for _, row := range rows {
		keys, _ := row[0].([]any)
		count, _ := row[1].(int64)
		var ks []string
		for _, k := range keys {
			if s, ok := k.(string); ok {
				ks = append(ks, s)
			}
		}
		line := strings.Join(ks, " = ")
		if count > int64(len(ks)) {
			line += fmt.Sprintf(" (%s rows share the key)", num(count))
		}
		ex = append(ex, line)
	}
	var details []string
	if len(ex) > 0 {
		more := ""
		if groups > int64(len(ex)) {
			more = fmt.Sprintf("; and %s more groups", num(groups-int64(len(ex))))
		}
		details = []string{fmt.Sprintf("duplicates (%s): %s%s", label, strings.Join(ex, "; "), more)}
	}
	r.report(st, DuplicateValues, what, details, "%s fails: %s share a key with another row (%s)",
		what, tg.counted(dups, "row"), tg.sampledNote(fmt.Sprintf("%s %s", num(groups), plural(groups, "duplicate key"))))
}

// firstOf is the first expression of an ORDER BY list (min() takes one).
func firstOf(order string) string {
	if i := strings.Index(order, ", "); i >= 0 && !strings.Contains(order[:i], "(") {
		return order[:i]
	}
	return order
}

// sampledNote qualifies a count that sampling only bounds from below.
func (tg target) sampledNote(s string) string {
	if tg.sampled > 0 {
		return "at least " + s + " (in the sample; duplicates across it are not seen)"
	}
	return s
}

// foreignKey checks that every existing row with a complete reference
// finds its row in the referenced table (MATCH SIMPLE: a row with a NULL
// in the key is not checked; MATCH FULL: all or none must be NULL).
func (r *runner) foreignKey(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, name catalog.Name, rel *relation, conname string, cols []string, parent catalog.Name, refCols []string, matchFull, notValid bool) {
	what := fmt.Sprintf("FOREIGN KEY %s on %s", conname, name)
	prel := r.rel(parent)
	if prel == nil {
		return
	}
	if len(refCols) == 0 {
		if t := cat.Table(parent); t != nil {
			for _, k := range t.Constraints {
				if k.Kind == catalog.PrimaryKey {
					refCols = k.Columns
				}
			}
		}
	}
	if len(refCols) != len(cols) || len(cols) == 0 {
		return
	}
	var childSQL, parentSQL []string
	for i := range cols {
		v, err := rel.value(cols[i])
		if err != nil {
			r.unknownValue(st, OrphanRows, what, rel, err)
			return
		}
		c, err := text(qualify(v, "t"))
		if err != nil {
			r.notChecked(st, OrphanRows, what, err)
			return
		}
		childSQL = append(childSQL, "("+c+")")
		if prel.empty || prel.live == "" {
			continue
		}
		pv, err := prel.value(refCols[i])
		if err != nil {
			r.unknownValue(st, OrphanRows, what, prel, err)
			return
		}
		p, err := text(qualify(pv, "p"))
		if err != nil {
			r.notChecked(st, OrphanRows, what, err)
			return
		}
		parentSQL = append(parentSQL, "("+p+")")
	}
	// The referenced rows must be today's rows too.
	switch {
	case prel.rowsChangedBy != "":
		r.notCheckedInfo(st, OrphanRows, what, prel.rowsChangedBy)
		return
	case prel.drifted:
		r.skipDrifted(st, prel.display, what)
		return
	}
	tg, ok := r.scan(ctx, st, name, rel, OrphanRows, what)
	if !ok {
		return
	}
	var notNull, anyNull, match []string
	for i, c := range childSQL {
		notNull = append(notNull, c+" IS NOT NULL")
		anyNull = append(anyNull, c+" IS NULL")
		if len(parentSQL) > 0 {
			match = append(match, parentSQL[i]+" = "+c)
		}
	}
	missing := "true" // the referenced table is new: it has no rows yet
	if len(match) > 0 {
		missing = fmt.Sprintf("NOT EXISTS (SELECT 1 FROM %s AS p WHERE %s)", prel.live, strings.Join(match, " AND "))
	}
	pred := strings.Join(notNull, " AND ") + " AND " + missing
	if matchFull {
		pred = fmt.Sprintf("NOT (%s) AND (%s OR %s)", strings.Join(anyNull, " AND "), strings.Join(anyNull, " OR "), missing)
	}
	n, ex, err := r.violationsSQL(ctx, cat, tg, pred)
	switch {
	case err != nil:
		r.notChecked(st, OrphanRows, what, err)
	case n > 0 && notValid:
		f := r.report(st, OrphanRows, what, ex, "%s is added NOT VALID, but %s%s reference no row of %s: updating them fails from now on, and so will VALIDATE CONSTRAINT",
			what, tg.counted(n, "row"), tg.of(n), parent)
		f.Severity = finding.SeverityWarning
	case n > 0:
		r.report(st, OrphanRows, what, ex, "%s fails: %s%s reference no row of %s", what, tg.counted(n, "row"), tg.of(n), parent)
	}
}

// violationsSQL is violations for a predicate already in SQL over t.
func (r *runner) violationsSQL(ctx context.Context, cat *catalog.Catalog, tg target, pred string) (int64, []string, error) {
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, "SELECT count(*) FROM "+tg.from+" WHERE "+pred)
	if err != nil {
		return 0, nil, err
	}
	n, _ := rows[0][0].(int64)
	if n == 0 {
		return 0, nil, nil
	}
	show, order, label := r.primaryKey(cat, tg)
	rows, err = r.in.DB.Query(ctx, r.in.Timeout, maxExamples,
		fmt.Sprintf("SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT %d", show, tg.from, pred, order, maxExamples))
	if err != nil {
		return 0, nil, err
	}
	var keys []string
	for _, row := range rows {
		if s, ok := row[0].(string); ok {
			keys = append(keys, s)
		}
	}
	return n, exampleLine(label, keys, n), nil
}
