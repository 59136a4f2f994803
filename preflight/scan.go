package preflight

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
)

var printer = message.NewPrinter(language.English)

// num prints a count with thousands separators.
func num(n int64) string { return printer.Sprintf("%d", n) }

// maxExamples is how many primary keys a finding lists.
const maxExamples = 5

// target is a relation a check reads, and how much of it.
type target struct {
	name    catalog.Name // as the migrations name it at the statement
	rel     *relation
	from    string  // the FROM item, aliased t
	sampled float64 // percent of the table in the sample; 0: the whole table
	size    *tableSize
}

// scan decides whether the rows of rel can be checked at st, and reads
// its size. When they cannot, it says why (a note for a drifted relation,
// an info finding for rows the change alters first) or, for a relation the
// change creates, nothing: it has no rows to fail on.
func (r *runner) scan(ctx context.Context, st *migration.Statement, name catalog.Name, rel *relation, rule finding.Rule, what string) (target, bool) {
	switch {
	case rel.rowsChangedBy != "":
		r.notCheckedInfo(st, rule, what, rel.rowsChangedBy)
		return target{}, false
	case r.rowsChangedBy != "" && r.rowsChangedBy != rel.createdAfter:
		r.notCheckedInfo(st, rule, what, r.rowsChangedBy)
		return target{}, false
	case rel.empty || rel.live == "":
		return target{}, false
	case rel.drifted:
		r.skipDrifted(st, rel.display, what)
		return target{}, false
	}
	size := r.size(ctx, rel)
	tg := target{name: name, rel: rel, from: rel.live + " AS t", size: size}
	if r.in.Sample > 0 && size.rows > float64(r.in.Sample) {
		tg.sampled = 100 * float64(r.in.Sample) / size.rows
		tg.from = fmt.Sprintf("%s AS t TABLESAMPLE SYSTEM (%s) REPEATABLE (0)", rel.live, strconv.FormatFloat(tg.sampled, 'f', 6, 64))
	}
	return tg, true
}

// skipDrifted notes, once per object, that its checks are skipped.
func (r *runner) skipDrifted(st *migration.Statement, object, what string) {
	if r.skipped[object] {
		return
	}
	r.skipped[object] = true
	r.res.Notes = append(r.res.Notes, fmt.Sprintf("preflight: %s differs from what the applied migrations define (see the drift findings), so its data is not checked (first: %s at %s)", object, what, at(st)))
}

// note adds a note about a statement.
func (r *runner) note(st *migration.Statement, format string, args ...any) {
	r.res.Notes = append(r.res.Notes, fmt.Sprintf("preflight: %s: ", at(st))+fmt.Sprintf(format, args...))
}

// notChecked reports a check whose query failed or timed out.
func (r *runner) notChecked(st *migration.Statement, rule finding.Rule, what string, err error) {
	why := fmt.Sprintf("the query failed: %v", err)
	if r.in.TimedOut(err) {
		why = fmt.Sprintf("the query ran past preflight.statement_timeout (%s) or waited too long for a lock; nothing was read to the end", r.in.Timeout)
	}
	f := NotChecked.New(st.Pos, "%s was not checked (%s): %s", what, rule.Name, why)
	f.Key = what + " " + rule.ID
	r.res.Findings = append(r.res.Findings, f)
}

// notCheckedInfo reports a check preflight did not run, and why: an
// expected consequence of the migration's own steps, so an info.
func (r *runner) notCheckedInfo(st *migration.Statement, rule finding.Rule, what, why string) {
	f := NotChecked.New(st.Pos, "%s was not checked (%s): %s", what, rule.Name, why)
	f.Severity = finding.SeverityInfo
	f.Key = what + " " + rule.ID
	r.res.Findings = append(r.res.Findings, f)
}

// report adds a finding at st.
func (r *runner) report(st *migration.Statement, rule finding.Rule, key string, details []string, format string, args ...any) *finding.Finding {
	f := rule.New(st.Pos, format, args...)
	f.Key, f.Details = key, details
	r.res.Findings = append(r.res.Findings, f)
	return &r.res.Findings[len(r.res.Findings)-1]
}

// primaryKey returns how to show and order the rows of tg: its primary key
// columns (as the schema has them at the statement, read from their live
// columns), else ctid.
func (r *runner) primaryKey(cat *catalog.Catalog, tg target) (show, order, label string) {
	if t := cat.Table(tg.name); t != nil {
		for _, k := range t.Constraints {
			if k.Kind != catalog.PrimaryKey || len(k.Columns) == 0 {
				continue
			}
			var shows, orders []string
			ok := true
			for _, c := range k.Columns {
				v, err := tg.rel.value(c)
				if err != nil {
					ok = false
					break
				}
				txt, err := text(qualify(v, "t"))
				if err != nil {
					ok = false
					break
				}
				orders = append(orders, txt)
				shows = append(shows, "("+txt+")::text")
			}
			if !ok {
				break
			}
			if len(k.Columns) == 1 {
				return shows[0], orders[0], k.Columns[0]
			}
			return "'(' || concat_ws(', ', " + strings.Join(shows, ", ") + ") || ')'", strings.Join(orders, ", "), "(" + strings.Join(k.Columns, ", ") + ")"
		}
	}
	return "t.ctid::text", "t.ctid", "ctid"
}

// predicate turns a condition over live columns into SQL over alias t.
// A condition that reads no column is the same for every row: it is
// evaluated once, and constant reports its value.
func (r *runner) predicate(ctx context.Context, cond *pgast.Node) (sql string, constant *bool, err error) {
	sql, err = text(qualify(cond, "t"))
	if err != nil {
		return "", nil, err
	}
	if len(columnsOf(cond)) > 0 {
		return sql, nil, nil
	}
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, "SELECT coalesce(("+sql+"), false)")
	if err != nil {
		return "", nil, err
	}
	v, _ := rows[0][0].(bool)
	return sql, &v, nil
}

// violations counts the rows of tg where cond holds (an expression over
// live columns) and lists up to maxExamples of their primary keys.
func (r *runner) violations(ctx context.Context, cat *catalog.Catalog, tg target, cond *pgast.Node) (n int64, examples []string, err error) {
	pred, constant, err := r.predicate(ctx, cond)
	if err != nil {
		return 0, nil, err
	}
	if constant != nil {
		if !*constant {
			return 0, nil, nil
		}
		pred = "true"
	}
	return r.violationsSQL(ctx, cat, tg, pred)
}

// exampleLine renders example keys as a detail line.
func exampleLine(label string, keys []string, total int64) []string {
	if len(keys) == 0 {
		return nil
	}
	more := ""
	if total > int64(len(keys)) {
		more = fmt.Sprintf(" (and %s more)", num(total-int64(len(keys))))
	}
	return []string{fmt.Sprintf("rows: %s %s%s", label, strings.Join(keys, ", "), more)}
}

// counted says how many rows (or values) a check found.
func (tg target) counted(n int64, noun string) string {
	return fmt.Sprintf("%s %s", num(n), plural(n, noun))
}

// plural turns "row" into "rows" unless n is 1; "rows hold" style nouns
// carry their verb after a slash: "row holds/rows hold".
func plural(n int64, noun string) string {
	one, many, ok := strings.Cut(noun, "/")
	if !ok {
		one, many = noun, noun+"s"
	}
	if n == 1 {
		return one
	}
	return many
}

// of says what n was counted in: " of ~1,000,000 rows" for a whole table,
// or the sample, with n scaled to the table.
func (tg target) of(n int64) string {
	switch {
	case tg.sampled > 0:
		return fmt.Sprintf(" of a %s%% sample of %s (TABLESAMPLE SYSTEM, --sample: about %s in the whole table)",
			strconv.FormatFloat(tg.sampled, 'g', 2, 64), tg.rel.display, num(int64(float64(n)*100/tg.sampled+0.5)))
	case tg.size == nil:
		return ""
	}
	return " of " + tg.size.rowsText()
}
