package preflight

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/migration"
)

// typeFit checks ALTER COLUMN TYPE: every existing value must convert to
// the new type. PostgreSQL decides: each value is converted by a PL/pgSQL
// assignment to a variable of the new type (the assignment rules ALTER
// COLUMN TYPE applies: "value too long", "numeric field overflow",
// "integer out of range", invalid input), inside the read-only
// transaction. A first pass converts every row at once; only when it
// fails are the rows converted one by one to count the failures.
func (r *runner) typeFit(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, name catalog.Name, rel *relation, t *catalog.Table, col string, def *pgast.ColumnDef) {
	if def == nil || def.TypeName == nil {
		return
	}
	to := catalog.TypeOf(def.TypeName)
	what := fmt.Sprintf("ALTER COLUMN %s TYPE %s on %s", col, to, name)
	var from *catalog.Type
	if t != nil {
		if c := t.Column(col); c != nil {
			from = &c.Type
		}
	}
	r.viewsBlockTypeChange(ctx, st, rel, col, what)
	if def.RawDefault == nil && from != nil && alwaysFits(*from, to) {
		return
	}
	var src *pgast.Node
	var err error
	if def.RawDefault != nil {
		src, err = substitute(def.RawDefault, rel.value)
	} else {
		src, err = rel.value(col)
	}
	if err != nil {
		r.unknownValue(st, ValuesDoNotFit, what, rel, err)
		return
	}
	target := typeName(cat, def.TypeName.Names)
	if made, ok := r.types[target]; ok {
		if e := cat.Enum(target); e != nil && len(def.TypeName.ArrayBounds) == 0 {
			r.enumFit(ctx, st, cat, name, rel, what, src, target, e, from)
			return
		}
		r.notCheckedInfo(st, ValuesDoNotFit, what, fmt.Sprintf("type %s is created or renamed by this change (at %s), so the database cannot convert to it yet", target, made))
		return
	}
	tg, ok := r.scan(ctx, st, name, rel, ValuesDoNotFit, what)
	if !ok {
		return
	}
	typ, err := typeText(def.TypeName)
	if err != nil {
		r.notChecked(st, ValuesDoNotFit, what, err)
		return
	}
	fit, err := r.convert(ctx, cat, tg, src, typ)
	switch {
	case err != nil:
		r.notChecked(st, ValuesDoNotFit, what, err)
	case fit.N > 0:
		r.report(st, ValuesDoNotFit, what, exampleLine(fit.label, fit.Examples, fit.N),
			"%s fails: %s%s do not convert (%s)", what, tg.counted(fit.N, "value"), tg.of(fit.N), fit.reasons())
	}
}

// conversion is what the conversion block found.
type conversion struct {
	N        int64            `json:"n"`
	Examples []string         `json:"examples"`
	Codes    map[string]int64 `json:"codes"`
	label    string
}

// convertBatch is how many rows one subtransaction converts.
const convertBatch = 1000

// convertTag delimits the block's body; an expression containing it is
// refused rather than quoted.
const convertTag = "$schemacheck_preflight$"

// convert runs the conversion block over tg and reads its result back
// through a transaction-local setting (a DO block returns nothing).
func (r *runner) convert(ctx context.Context, cat *catalog.Catalog, tg target, src *pgast.Node, typ string) (conversion, error) {
	var sel []string
	for _, c := range columnsOf(src) {
		s, err := text(qualify(columnRef(c), "t"))
		if err != nil {
			return conversion{}, err
		}
		sel = append(sel, s)
	}
	expr, err := text(qualify(src, "r"))
	if err != nil {
		return conversion{}, err
	}
	show, order, label := r.primaryKey(cat, tg)
	cols := strings.Join(append([]string{"1 AS schemacheck_one"}, sel...), ", ")
	// The rows are converted in batches of convertBatch, each in one
	// subtransaction; a batch that fails is read again (the cursor scrolls
	// back) and converted row by row, so a few bad values among millions
	// cost little more than the first pass.
	body := fmt.Sprintf(`
DECLARE
  v %[1]s;
  r record;
  c refcursor;
  n bigint := 0;
  got int;
  failed boolean := false;
  ex text[] := '{}';
  codes jsonb := '{}';
BEGIN
  BEGIN
    FOR r IN SELECT %[2]s FROM %[3]s LOOP
      v := %[4]s;
    END LOOP;
  EXCEPTION WHEN others THEN
    failed := true;
  END;
  IF failed THEN
    OPEN c SCROLL FOR SELECT %[5]s AS schemacheck_key, %[2]s FROM %[3]s ORDER BY %[6]s;
    LOOP
      got := 0;
      failed := false;
      BEGIN
        LOOP
          FETCH c INTO r;
          EXIT WHEN NOT FOUND;
          got := got + 1;
          v := %[4]s;
          EXIT WHEN got >= %[8]d;
        END LOOP;
      EXCEPTION WHEN others THEN
        failed := true;
      END;
      EXIT WHEN got = 0;
      IF failed THEN
        MOVE BACKWARD got FROM c;
        FOR i IN 1..got LOOP
          FETCH c INTO r;
          BEGIN
            v := %[4]s;
          EXCEPTION WHEN others THEN
            n := n + 1;
            IF n <= %[7]d THEN ex := ex || r.schemacheck_key; END IF;
            codes := codes || jsonb_build_object(SQLSTATE, coalesce((codes ->> SQLSTATE)::bigint, 0) + 1);
          END;
        END LOOP;
      END IF;
    END LOOP;
    CLOSE c;
  END IF;
  PERFORM set_config('schemacheck.preflight', jsonb_build_object('n', n, 'examples', to_jsonb(ex), 'codes', codes)::text, true);
END`, typ, cols, tg.from, expr, show, order, maxExamples, convertBatch)
	if strings.Contains(body, convertTag) {
		return conversion{}, fmt.Errorf("the expression contains %s", convertTag)
	}
	if _, err := r.in.DB.Query(ctx, r.in.Timeout, 0, "DO "+convertTag+body+convertTag); err != nil {
		return conversion{}, err
	}
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, "SELECT current_setting('schemacheck.preflight', true)")
	if err != nil {
		return conversion{}, err
	}
	out, _ := rows[0][0].(string)
	var res conversion
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		return conversion{}, fmt.Errorf("reading the conversion result %q: %w", out, err)
	}
	res.label = label
	return res, nil
}

// reasons says why values failed, by SQLSTATE, most frequent first.
func (c conversion) reasons() string {
	words := map[string]string{
		"22001": "too long",
		"22003": "out of range or too many digits",
		"22P02": "not valid input for the type",
		"22007": "not a valid date or time",
		"22008": "date or time out of range",
		"23502": "NULL where the type forbids it",
		"23514": "rejected by the type's CHECK",
		"22021": "not valid in the encoding",
		"22P05": "not representable in the encoding",
	}
	codes := make([]string, 0, len(c.Codes))
	for code := range c.Codes {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b string) int {
		if c.Codes[a] != c.Codes[b] {
			return int(c.Codes[b] - c.Codes[a])
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, code := range codes {
		w, ok := words[code]
		if !ok {
			w = "error " + code
		}
		parts = append(parts, fmt.Sprintf("%s %s", num(c.Codes[code]), w))
	}
	return strings.Join(parts, ", ")
}

// enumFit checks a conversion to an enum type the change creates (the
// database does not have it yet): the values, as text, must be among its
// labels. This is how a label is removed: a new type without it, and the
// column converted with USING col::text::new_type.
func (r *runner) enumFit(ctx context.Context, st *migration.Statement, cat *catalog.Catalog, name catalog.Name, rel *relation, what string, src *pgast.Node, target catalog.Name, e *catalog.Enum, from *catalog.Type) {
	inner := src
	if tc := src.GetTypeCast(); tc != nil && typeName(cat, tc.TypeName.GetNames()) == target {
		inner = tc.Arg
	}
	if len(columnsOf(inner)) == 0 && len(columnsOf(src)) > 0 {
		inner = src
	}
	tg, ok := r.scan(ctx, st, name, rel, ValuesDoNotFit, what)
	if !ok {
		return
	}
	val, err := text(qualify(inner, "t"))
	if err != nil {
		r.notChecked(st, ValuesDoNotFit, what, err)
		return
	}
	var labels []string
	for _, l := range e.Labels {
		labels = append(labels, literal(l))
	}
	pred := fmt.Sprintf("(%s) IS NOT NULL AND (%s)::text NOT IN (%s)", val, val, strings.Join(labels, ", "))
	if len(labels) == 0 {
		pred = fmt.Sprintf("(%s) IS NOT NULL", val)
	}
	n, ex, err := r.violationsSQL(ctx, cat, tg, pred)
	if err != nil {
		r.notChecked(st, ValuesDoNotFit, what, err)
		return
	}
	if n == 0 {
		return
	}
	// Labels of the old enum are schema, not data: name the ones in use.
	// Values of a text column could be anything, so they are not shown.
	detail := ""
	if from != nil && cat.EnumOf(*from) != nil {
		rows, err := r.in.DB.Query(ctx, r.in.Timeout, 10, fmt.Sprintf("SELECT DISTINCT (%s)::text FROM %s WHERE %s ORDER BY 1 LIMIT 10", val, tg.from, pred))
		if err == nil {
			var vals []string
			for _, row := range rows {
				if s, ok := row[0].(string); ok {
					vals = append(vals, literal(s))
				}
			}
			detail = " (" + strings.Join(vals, ", ") + ")"
		}
	}
	r.report(st, ValuesDoNotFit, what, ex, "%s fails: %s%s hold values that are not labels of the new %s%s",
		what, tg.counted(n, "row"), tg.of(n), target, detail)
}

// alwaysFits reports whether every value of type from converts to type to
// without error, so the data need not be read: the same type, a wider
// length or precision, a wider integer, or text.
func alwaysFits(from, to catalog.Type) bool {
	if from.ArrayDims != to.ArrayDims {
		return false
	}
	mod := func(t catalog.Type, i int) (int, bool) {
		if i < len(t.Mods) {
			return t.Mods[i], true
		}
		return 0, false
	}
	str := func(n string) bool { return n == "text" || n == "character varying" || n == "character" }
	ints := map[string]int{"smallint": 1, "integer": 2, "bigint": 3}
	switch {
	case from.Name == to.Name && slices.Equal(from.Mods, to.Mods):
		return true
	case to.Name == "text":
		return true
	case str(from.Name) && to.Name == "character varying":
		m, ok := mod(to, 0)
		f, fok := mod(from, 0)
		return !ok || fok && f <= m && from.Name != "text"
	case ints[from.Name] > 0 && ints[to.Name] > 0:
		return ints[from.Name] <= ints[to.Name]
	case ints[from.Name] > 0 && to.Name == "numeric":
		p, ok := mod(to, 0)
		s, _ := mod(to, 1)
		digits := map[string]int{"smallint": 5, "integer": 10, "bigint": 19}[from.Name]
		return !ok || p-s >= digits
	case from.Name == "numeric" && to.Name == "numeric":
		p2, ok := mod(to, 0)
		s2, _ := mod(to, 1)
		p, fok := mod(from, 0)
		s, _ := mod(from, 1)
		return !ok || fok && s2 >= s && p2-s2 >= p-s
	case from.Name == "real" && to.Name == "double precision":
		return true
	case from.Name == to.Name && (from.Name == "timestamp without time zone" || from.Name == "timestamp with time zone" ||
		from.Name == "time without time zone" || from.Name == "time with time zone" || from.Name == "interval"):
		return true // a precision change rounds; it never fails
	}
	return false
}

// viewsBlockTypeChange reports the views of the database that read the
// column: PostgreSQL refuses to change the type of a column a view uses
// ("cannot alter type of a column used by a view or rule"), whatever the
// data, and a view made by hand is not in the migrations to see.
func (r *runner) viewsBlockTypeChange(ctx context.Context, st *migration.Statement, rel *relation, col, what string) {
	v, ok := rel.cols[col]
	live := refName(v.expr)
	if !ok || live == "" || hasFields(v.expr, 2) || rel.live == "" || rel.empty || rel.drifted {
		return
	}
	views, err := r.dependents(ctx, rel.live, live, false, true)
	if err != nil {
		r.notChecked(st, DependentsBlockDrop, what, err)
		return
	}
	if len(views) > 0 {
		r.report(st, DependentsBlockDrop, what+" views", nil, "%s fails: %s %s the column, and PostgreSQL does not change the type of a column a view uses (drop the view and recreate it after)",
			what, strings.Join(views, ", "), map[bool]string{true: "reads", false: "read"}[len(views) == 1])
	}
}
