package matrix

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
)

var (
	breaking = finding.Finding{RuleID: "SC-API007", RuleName: "api-property-removed", Severity: finding.SeverityError, Message: "property <phone> removed"}
	warning  = finding.Finding{RuleID: "SC-API020", RuleName: "x", Severity: finding.SeverityWarning, Message: "deprecated"}
	note     = finding.Finding{RuleID: "SC-API030", RuleName: "y", Severity: finding.SeverityInfo, Message: "added"}
)

// fixture: documents 0, 1, 2 are releases; 3 is this change. A diff's
// result depends on the pair and, for 0 → 1, on enum tolerance.
func fixture(t *testing.T, workers int) (*Matrix, map[[3]int]int) {
	var mu sync.Mutex
	calls := map[[3]int]int{}
	var running, peak atomic.Int32
	diff := func(c, s int, tol Tolerance) []finding.Finding {
		n := running.Add(1)
		defer running.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		tolKey := 0
		if tol.UnknownEnumValues {
			tolKey = 1
		}
		mu.Lock()
		calls[[3]int{c, s, tolKey}]++
		mu.Unlock()
		switch {
		case c == 0 && s == 1 && !tol.UnknownEnumValues:
			return []finding.Finding{breaking}
		case s == 3:
			return []finding.Finding{warning, note}
		case c > s:
			return []finding.Finding{note}
		}
		return nil
	}
	rows := []Row{
		{Client: "ios", Version: "1", Doc: 0, Supported: true},
		{Client: "ios", Version: "0", Doc: 0}, // unsupported, same diffs as ios 1
		{Client: "web", Version: "1", Doc: 0, Supported: true, Tolerance: Tolerance{UnknownEnumValues: true}},
		{Client: "web", Version: "2", Doc: 2, Supported: true},
		{Client: "tv", Version: "9", Doc: 7, Supported: true}, // a contract no server has served
	}
	cols := []Column{{Version: "v1", Doc: 0}, {Version: "v2", Doc: 1}, {Version: "v3", Doc: 2}, {Version: "this change", Doc: 3, Current: true}}
	m := Compute("api", rows, cols, diff, workers)
	if p := peak.Load(); workers > 0 && int(p) > workers {
		t.Errorf("%d diffs ran at once, want at most %d", p, workers)
	}
	return m, calls
}

func TestComputeRunsEachDistinctDiffOnce(t *testing.T) {
	m, calls := fixture(t, 2)
	for k, n := range calls {
		if n != 1 {
			t.Errorf("diff %v ran %d times", k, n)
		}
		if k[0] == k[1] {
			t.Errorf("diff %v compares a document with itself", k)
		}
	}
	// ios 1 and ios 0 share every diff; web 1 differs by tolerance:
	// (0 × 3 others) × 2 tolerances + 2 × 3 others + 7 × 4 = 6 + 3 + 4.
	if len(calls) != 13 {
		t.Errorf("%d distinct diffs, want 13: %v", len(calls), calls)
	}
	var got []string
	for ri := range m.Rows {
		var line []string
		for _, c := range m.Cells[ri] {
			line = append(line, c.Status.String()+"/"+string(c.Direction))
		}
		got = append(got, strings.Join(line, " | "))
	}
	want := []string{
		"compatible/same contract | breaking/old client, new server | compatible/old client, new server | warnings/old client, new server",
		"compatible/same contract | breaking/old client, new server | compatible/old client, new server | warnings/old client, new server",
		"compatible/same contract | compatible/old client, new server | compatible/old client, new server | warnings/old client, new server",
		"compatible/new client, old server | compatible/new client, old server | compatible/same contract | warnings/old client, new server",
		"compatible/ | compatible/ | compatible/ | warnings/old client, new server",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cells:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f := m.Failing(); len(f) != 1 || f[0] != [2]int{0, 1} {
		t.Errorf("Failing() = %v, want only ios 1 × v2 (ios 0 is unsupported)", f)
	}
	if c := m.Counts(); c != [3]int{13, 5, 2} {
		t.Errorf("Counts() = %v", c)
	}
}

func TestComputeDefaultsToGOMAXPROCSWorkers(t *testing.T) {
	m, _ := fixture(t, 0)
	if m.Cells[0][1].Status != Breaking {
		t.Errorf("ios 1 × v2 = %v", m.Cells[0][1].Status)
	}
	empty := Compute("api", nil, nil, nil, 0)
	if len(empty.Cells) != 0 {
		t.Errorf("an empty matrix has cells")
	}
}

func TestWriteEscapesAndRejectsUnknownFormats(t *testing.T) {
	m, _ := fixture(t, 1)
	m.Contract = "api <v2>"
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, format, []*Matrix{m}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if format != "json" && format != "text" && (strings.Contains(out, "<phone>") || strings.Contains(out, "<v2>")) {
			t.Errorf("%s output carries unescaped markup:\n%s", format, out)
		}
		if !strings.Contains(out, "SC-API007") {
			t.Errorf("%s output lacks the finding behind the breaking cell", format)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, "sarif", nil); err == nil || !strings.Contains(err.Error(), "text, markdown, json, html") {
		t.Errorf("unknown format error = %v", err)
	}
}

// TestHTMLIsSelfContained: no external scripts, styles, images or fonts,
// and every linked cell has its findings section.
func TestHTMLIsSelfContained(t *testing.T) {
	m, _ := fixture(t, 1)
	var buf bytes.Buffer
	if err := HTML(&buf, []*Matrix{m}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, external := range []string{"http://", "https://", "<script", "<link", "<img", "@import", "url("} {
		if strings.Contains(out, external) {
			t.Errorf("HTML contains %q", external)
		}
	}
	links := strings.Count(out, `<a href="#m0-`)
	sections := strings.Count(out, `<section class="findings" id="m0-`)
	if links == 0 || links != sections {
		t.Errorf("%d cell links, %d findings sections", links, sections)
	}
	for _, class := range []string{`class="compatible"`, `class="warnings"`, `class="breaking"`, `class="unsupported"`} {
		if !strings.Contains(out, class) {
			t.Errorf("HTML lacks %s", class)
		}
	}
}

func TestMarkdownBoundsFindingsPerCell(t *testing.T) {
	many := make([]finding.Finding, markdownCellLimit+5)
	for i := range many {
		many[i] = breaking
	}
	m := Compute("api", []Row{{Client: "ios", Version: "1", Supported: true, Doc: 0}}, []Column{{Version: "v2", Doc: 1}},
		func(int, int, Tolerance) []finding.Finding { return many }, 1)
	var buf bytes.Buffer
	if err := Markdown(&buf, []*Matrix{m}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "SC-API007"); n != markdownCellLimit {
		t.Errorf("%d findings listed, want %d", n, markdownCellLimit)
	}
	if !strings.Contains(buf.String(), "… and 5 more") {
		t.Errorf("no count of the findings left out:\n%s", buf.String())
	}
}
