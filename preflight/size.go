package preflight

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/rules"
)

// tableSize is a live relation's size as the planner knows it.
type tableSize struct {
	display string
	// rows is pg_class.reltuples (summed over partitions): an estimate
	// kept by ANALYZE and VACUUM; negative when the table was never
	// analyzed. Then counted holds an exact count when the table has at
	// most countLimit rows, which is all a threshold needs to know.
	rows    float64
	counted int64 // -1: not counted, or more than countLimit
	limit   int64 // the bound of the count
	bytes   int64 // pg_total_relation_size: heap, indexes and TOAST
	err     error
}

// rowsText renders the row count for messages.
func (s *tableSize) rowsText() string {
	switch {
	case s.err != nil:
		return "an unknown number of rows (" + s.err.Error() + ")"
	case s.rows >= 0:
		return "~" + num(int64(math.Round(s.rows))) + " rows"
	case s.counted >= 0:
		return num(s.counted) + " rows (counted: never analyzed)"
	}
	return "more than " + num(s.limit) + " rows (never analyzed)"
}

// below reports whether the table certainly has fewer than n rows.
func (s *tableSize) below(n int64) bool {
	switch {
	case s.err != nil:
		return false
	case s.rows >= 0:
		return s.rows < float64(n)
	}
	return s.counted >= 0 && s.counted < n
}

// size reads (once) a live relation's size.
func (r *runner) size(ctx context.Context, rel *relation) *tableSize {
	if s, ok := r.sizes[rel.live]; ok {
		return s
	}
	s := &tableSize{display: rel.display, counted: -1}
	r.sizes[rel.live] = s
	rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, `
SELECT coalesce(sum(CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples END)::float8, -1),
       bool_or(c.reltuples < 0 AND c.relkind <> 'p'),
       coalesce(sum(pg_total_relation_size(c.oid)), 0)::int8,
       count(*)
FROM pg_class c
WHERE c.oid = to_regclass($1) OR c.oid IN (SELECT relid FROM pg_partition_tree(to_regclass($1)))`, rel.live)
	if err != nil {
		s.err = err
		return s
	}
	if n, _ := rows[0][3].(int64); n == 0 {
		s.err = fmt.Errorf("%s is not in the database", rel.display)
		return s
	}
	s.rows, _ = rows[0][0].(float64)
	never, _ := rows[0][1].(bool)
	s.bytes, _ = rows[0][2].(int64)
	if never {
		s.rows = -1
		// Never analyzed: count, but no further than a threshold needs.
		s.limit = max(r.in.SmallTableRows, r.in.Sample, 0)
		rows, err := r.in.DB.Query(ctx, r.in.Timeout, 1, fmt.Sprintf("SELECT count(*) FROM (SELECT FROM %s LIMIT %d) s", rel.live, s.limit+1))
		if err == nil {
			if n, _ := rows[0][0].(int64); n <= s.limit {
				s.counted = n
			}
		}
	}
	return s
}

// bytesText prints a size as pg_size_pretty does, roughly.
func bytesText(b int64) string {
	units := []string{"bytes", "kB", "MB", "GB", "TB"}
	v, i := float64(b), 0
	for v >= 10*1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return fmt.Sprintf("%d %s", int64(math.Round(v)), units[i])
}

// recordSizes reads the size of every live relation st locks or scans.
func (r *runner) recordSizes(ctx context.Context, st *migration.Statement, cat *catalog.Catalog) {
	for _, n := range relationsOf(st.Node, cat) {
		rel := r.rel(n)
		if rel == nil || rel.live == "" || rel.empty {
			continue
		}
		pos := positionOf(st.Pos)
		r.res.sizes[pos] = append(r.res.sizes[pos], *r.size(ctx, rel))
	}
}

// relationsOf names the relations a statement locks, scans or rewrites.
func relationsOf(n *pgast.Node, cat *catalog.Catalog) []catalog.Name {
	var out []catalog.Name
	add := func(rv *pgast.RangeVar) {
		if rv != nil {
			out = append(out, cat.Resolve(rv))
		}
	}
	switch {
	case n.GetAlterTableStmt() != nil:
		add(n.GetAlterTableStmt().Relation)
	case n.GetIndexStmt() != nil:
		add(n.GetIndexStmt().Relation)
	case n.GetRenameStmt() != nil:
		add(n.GetRenameStmt().Relation)
	case n.GetTruncateStmt() != nil:
		for _, rel := range n.GetTruncateStmt().Relations {
			add(rel.GetRangeVar())
		}
	case n.GetClusterStmt() != nil:
		add(n.GetClusterStmt().Relation)
	case n.GetVacuumStmt() != nil:
		for _, rel := range n.GetVacuumStmt().Rels {
			add(rel.GetVacuumRelation().GetRelation())
		}
	case n.GetReindexStmt() != nil:
		s := n.GetReindexStmt()
		if s.Kind == pgast.ReindexObjectType_REINDEX_OBJECT_INDEX {
			if ix := index(cat, s.Relation); ix != nil {
				out = append(out, ix.Table)
			}
		} else {
			add(s.Relation)
		}
	case n.GetDropStmt() != nil:
		s := n.GetDropStmt()
		for _, obj := range s.Objects {
			parts := stringNodes(obj.GetList().GetItems())
			if len(parts) == 0 {
				continue
			}
			rv := &pgast.RangeVar{Relname: parts[len(parts)-1]}
			if len(parts) > 1 {
				rv.Schemaname = parts[len(parts)-2]
			}
			switch s.RemoveType {
			case pgast.ObjectType_OBJECT_INDEX:
				if ix := index(cat, rv); ix != nil {
					out = append(out, ix.Table)
				}
			case pgast.ObjectType_OBJECT_TABLE:
				add(rv)
			}
		}
	}
	return out
}

// index finds the index a name refers to.
func index(cat *catalog.Catalog, rv *pgast.RangeVar) *catalog.Index {
	if rv == nil {
		return nil
	}
	if rv.Schemaname != "" {
		return cat.Index(catalog.Name{Schema: rv.Schemaname, Name: rv.Relname})
	}
	return cat.IndexNamed(rv.Relname)
}

// lockRules classifies the linter's lock, rewrite and scan rules (category
// safety) for sizing. true: the statement holds its lock for as long as the
// table takes to build, scan or rewrite, so on a small table it is brief
// and the finding becomes an info. false: the harm is waiting for the lock
// or holding it across other work, which a small table does not shorten;
// the size is shown, the severity kept. A test keeps every safety rule here.
var lockRules = map[string]bool{
	"SC-DB101": true,  // CREATE INDEX builds under SHARE
	"SC-DB102": false, // DROP INDEX waits for ACCESS EXCLUSIVE
	"SC-DB104": true,  // ADD CONSTRAINT scans
	"SC-DB105": true,  // VALIDATE scans while the ADD's lock is held
	"SC-DB106": true,  // ADD UNIQUE / PRIMARY KEY builds its index
	"SC-DB107": true,  // SET NOT NULL scans
	"SC-DB108": true,  // ADD COLUMN rewrites
	"SC-DB109": true,  // ALTER COLUMN TYPE rewrites
	"SC-DB110": false, // no lock_timeout: queueing behind the lock
	"SC-DB111": false, // later statements run while the lock is held
	"SC-DB112": true,  // VACUUM FULL / CLUSTER rewrite
	"SC-DB113": false, // DETACH PARTITION waits for ACCESS EXCLUSIVE
	"SC-DB114": true,  // REINDEX rebuilds
	"SC-DB115": true,  // no statement_timeout for a scan or rewrite
	"SC-DB116": true,  // REFRESH MATERIALIZED VIEW rewrites the view
	"SC-DB117": false, // PostgreSQL refuses the statement, whatever the size
}

var safety = func() map[string]bool {
	out := map[string]bool{}
	for _, r := range rules.Rules() {
		if r.Category == finding.CategorySafety {
			out[r.ID] = true
		}
	}
	return out
}()

// Size adds, to each lock, rewrite and scan finding of the linter located
// at a pending statement, the size of the table it is about, and makes an
// info of those whose lock lasts as long as the table is big when the table
// is under Options.SmallTableRows. Other findings are left alone.
func (res *Result) Size(fs []finding.Finding) {
	for i := range fs {
		f := &fs[i]
		if !safety[f.RuleID] {
			continue
		}
		sizes := res.sizes[positionOf(f.Location)]
		if len(sizes) == 0 {
			continue
		}
		var parts []string
		small := true
		for _, s := range sizes {
			part := fmt.Sprintf("%s has %s", s.display, s.rowsText())
			if s.err == nil {
				part += fmt.Sprintf(" (%s)", bytesText(s.bytes))
			}
			parts = append(parts, part)
			small = small && s.below(res.opts.SmallTableRows)
		}
		f.Message += "; " + strings.Join(parts, ", ")
		if small && lockRules[f.RuleID] && res.opts.SmallTableRows > 0 && f.Severity > finding.SeverityInfo {
			f.Details = append(f.Details, fmt.Sprintf("info, not %s: the table is under preflight.small_table_rows (%s rows), so the lock lasts only as long as a small table takes", f.Severity, num(res.opts.SmallTableRows)))
			f.Severity = finding.SeverityInfo
		}
	}
}
