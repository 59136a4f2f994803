package dbdiff

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
)

// sliceWindow is how many migrations each simulated pull request adds.
const sliceWindow = 10

// corpusSlices replays each corpus project's real history as a series of
// pull requests: the first N migrations are the base, the first N+10 the
// head, for N at the start, a third, two thirds and the end of the history.
func corpusSlices(tb testing.TB) []struct {
	name       string
	base, head *migration.Set
} {
	var out []struct {
		name       string
		base, head *migration.Set
	}
	projects := make([]string, 0, len(testenv.CorpusMigrationDirs))
	for p := range testenv.CorpusMigrationDirs {
		projects = append(projects, p)
	}
	slices.Sort(projects)
	for _, p := range projects {
		set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(tb, p)), ".", migration.Options{})
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		n := len(set.Migrations)
		starts := []int{0, n / 3, 2 * n / 3, max(0, n-sliceWindow)}
		slices.Sort(starts)
		for _, start := range slices.Compact(starts) {
			end := min(n, start+sliceWindow)
			out = append(out, struct {
				name       string
				base, head *migration.Set
			}{
				name: fmt.Sprintf("%s/%d-%d", p, start, end),
				base: &migration.Set{Layout: set.Layout, Migrations: set.Migrations[:start]},
				head: &migration.Set{Layout: set.Layout, Migrations: set.Migrations[:end]},
			})
		}
	}
	return out
}

func render(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s %s %s\n", f.RuleID, f.Severity, f.Location, f.Message)
		for _, d := range f.Details {
			fmt.Fprintf(&b, "    %s\n", d)
		}
	}
	return b.String()
}

// TestCorpusSlices runs the database diff over consecutive slices of every
// corpus project: it must not fail or panic, must give the same output
// twice, must report only in the files the slice adds, and its findings
// (shown with -v) are for judging by hand.
func TestCorpusSlices(t *testing.T) {
	counts := map[string]int{}
	all := corpusSlices(t)
	for _, sl := range all {
		added := map[string]bool{}
		for _, m := range sl.head.Migrations[len(sl.base.Migrations):] {
			for _, f := range []*migration.File{m.Up, m.Down} {
				if f != nil {
					added[f.Path] = true
				}
			}
		}
		in := Input{Base: sl.base, Head: sl.head}
		first := Compare(in)
		finding.Sort(first.Findings)
		again := Compare(in)
		finding.Sort(again.Findings)
		if a, b := render(first.Findings), render(again.Findings); a != b {
			t.Errorf("%s: output differs between two runs", sl.name)
		}
		for _, fc := range first.Files {
			if fc.Kind != FileAdded {
				t.Errorf("%s: %s %s: a slice of one history only adds files", sl.name, fc.Path, fc.Kind)
			}
		}
		var diffOnly []finding.Finding
		for _, f := range first.Findings {
			if !added[f.Location.File] {
				t.Errorf("%s: finding outside the added files: %s %s", sl.name, f.RuleID, f.Location)
			}
			counts[f.RuleID]++
			if strings.HasPrefix(f.RuleID, "SC-DB5") {
				diffOnly = append(diffOnly, f)
			}
		}
		if len(diffOnly) > 0 {
			t.Logf("%s: %d findings, %d from the diff:\n%s", sl.name, len(first.Findings), len(diffOnly), render(diffOnly))
		}
	}
	var ids []string
	for id := range counts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "%s=%d ", id, counts[id])
	}
	t.Logf("%d slices; findings by rule: %s", len(all), b.String())
}

// BenchmarkCorpusSlices measures the diff of every corpus slice.
func BenchmarkCorpusSlices(b *testing.B) {
	all := corpusSlices(b)
	for b.Loop() {
		for _, sl := range all {
			Compare(Input{Base: sl.base, Head: sl.head})
		}
	}
}
