package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
)

// TestMarkdownFoldsPerRule: each rule shows its first findings, the rest
// sit in a closed <details> block, and however the size limit cuts the
// report, every <details> it opened is closed and the note says how many
// findings are missing.
func TestMarkdownFoldsPerRule(t *testing.T) {
	var fs []finding.Finding
	for r := range 40 {
		for i := range 30 {
			fs = append(fs, finding.Finding{RuleID: fmt.Sprintf("SC-DB%03d", r), RuleName: "rule", Severity: finding.SeverityError,
				Message:  strings.Repeat("long message ", 5),
				Location: finding.Location{File: "db/1.sql", Line: i + 1, Column: 1}})
		}
	}
	full := Markdown(fs[:30*2], Options{})
	if n := strings.Count(full, "<details><summary>27 more</summary>"); n != 2 {
		t.Errorf("%d folds of 27 findings, want one per rule (2):\n%s", n, full)
	}
	if strings.Contains(full, "not shown") {
		t.Errorf("a report under the limit left findings out:\n%s", full)
	}
	for _, limit := range []int{2000, 5000, 20000, 60000} {
		out := Markdown(fs, Options{MaxBytes: limit})
		if len(out) > limit {
			t.Errorf("limit %d: %d bytes", limit, len(out))
		}
		if o, c := strings.Count(out, "<details>"), strings.Count(out, "</details>"); o != c {
			t.Errorf("limit %d: %d <details> opened, %d closed", limit, o, c)
		}
		rows := strings.Count(out, "\n| error |")
		if want := fmt.Sprintf("%d more findings not shown", len(fs)-rows); !strings.Contains(out, want) {
			t.Errorf("limit %d: %d rows shown, the note does not say %q", limit, rows, want)
		}
	}
}
