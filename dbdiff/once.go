package dbdiff

import (
	"fmt"
	"slices"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
)

// perChange lists the rules that say the same of every statement of a
// change they flag (the timeouts a deploy runs without): a change is
// reported once per rule, at its first statement, listing the others.
var perChange = []string{"SC-DB110", "SC-DB115"}

// oncePerChange folds the findings of the perChange rules into one per
// rule. Findings an ignore comment suppresses are left as they are, for
// the comment to consume.
func oncePerChange(ups []*migration.File, linted []finding.Finding) []finding.Finding {
	var out []finding.Finding
	first := map[string]int{} // rule → index in out of its folded finding
	count := map[string]int{}
	for _, f := range linted {
		if !slices.Contains(perChange, f.RuleID) || len(lint.Unsuppressed(ups, []finding.Finding{f})) == 0 {
			out = append(out, f)
			continue
		}
		count[f.RuleID]++
		i, ok := first[f.RuleID]
		if !ok {
			first[f.RuleID] = len(out)
			out = append(out, f)
			continue
		}
		out[i].Details = append(slices.Clip(out[i].Details), fmt.Sprintf("also at %s: %s", f.Location, f.Message))
	}
	for rule, i := range first {
		if n := count[rule]; n > 1 {
			more := "statement"
			if n > 2 {
				more += "s"
			}
			out[i].Message = fmt.Sprintf("%s (and %d more %s of this change, listed below)", out[i].Message, n-1, more)
			out[i].Key = "the change's statements"
		}
	}
	return out
}

// stillThere drops the lint findings about a table or column dropped whose
// name is back when the transaction ends: a file that drops a column and
// adds it again (to reset its values, or change its type) in the one
// transaction its tool runs it in leaves running code a column to use.
// What the change did to it (its type, nullability, columns) is the schema
// diff's to report, from the schemas before and after.
func stillThere(linted []finding.Finding, ups []*migration.File, trace *catalog.Tracer) []finding.Finding {
	if trace == nil {
		return linted
	}
	files := map[string]*migration.File{}
	for _, f := range ups {
		files[f.Path] = f
	}
	return slices.DeleteFunc(linted, func(fd finding.Finding) bool {
		if fd.RuleID != "SC-DB201" && fd.RuleID != "SC-DB202" {
			return false
		}
		f := files[fd.Location.File]
		if f == nil || !oneTransaction(f) {
			return false
		}
		after := trace.After(f)
		if after == nil {
			return false
		}
		if fd.RuleID == "SC-DB201" {
			return after.Table(splitName(fd.Key)) != nil
		}
		return columnOf(after, fd.Key) != nil
	})
}

// oneTransaction says whether every statement of f runs in one transaction.
func oneTransaction(f *migration.File) bool {
	if len(f.Statements) == 0 || f.Statements[0].Tx == 0 {
		return false
	}
	for _, st := range f.Statements {
		if st.Tx != f.Statements[0].Tx {
			return false
		}
	}
	return true
}
