package schemacheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/report"
	"github.com/schemacheck/schemacheck/rules"
)

// TestReadmeCounts holds the README's counts of what is built to the code:
// they went stale as rules and formats were added.
func TestReadmeCounts(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]int{"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16}
	for _, c := range []struct {
		pattern string
		want    int
	}{
		{"`lint`: (\\d+) migration rules", len(rules.All())},
		{`migration\s+discovery for (\w+) tool layouts`, len(migration.Tools())},
		{`(\w+) report formats`, len(report.Formats())},
	} {
		m := regexp.MustCompile(c.pattern).FindSubmatch(src)
		if m == nil {
			t.Errorf("README.md: no %q; keep the count in the README's summary, or change this test", c.pattern)
			continue
		}
		got, err := strconv.Atoi(string(m[1]))
		if err != nil {
			n, ok := words[string(m[1])]
			if !ok {
				t.Errorf("README.md: %q: %q is not a number this test reads", m[0], m[1])
				continue
			}
			got = n
		}
		if got != c.want {
			t.Errorf("README.md says %q; the code has %d", m[0], c.want)
		}
	}
}
